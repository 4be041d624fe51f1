import os from 'node:os';
import path from 'node:path';
import { isLoopbackAddress, normalizeOrigin } from './access/request-policy';

/** Runtime settings, read once from the environment; every path is absolute. */
export interface ParaleloConfig {
  /** Project root (where content/, models/ and data/ live by default). */
  root: string;
  /** Folder of source documents (.md, .txt). */
  contentDir: string;
  /** Folder of model files, laid out as <owner>/<name>/... like the hub. */
  modelsDir: string;
  /** SQLite database file. */
  dbPath: string;
  /** Model id used for machine translation (never taken from a request). */
  modelId: string;
  /** ONNX weights variant: q8 (int8, default) or fp32. */
  dtype: 'q8' | 'fp32';
  /** Whether generated test models (ids under test/) may be selected. */
  allowTestModels: boolean;
  /**
   * Decoder threads of the translation engine (lib/mt/worker/decoder-pool.ts), from PARALELO_MT_THREADS (1-4); default 2 on
   * a machine with two cores or more, else 1. Each holds its own copy of the model's sessions (peak RSS about
   * 0.5 GB more for opus-mt q8 with two).
   */
  decoderThreads: number;
  /**
   * The team server's PostgreSQL (PARALELO_DATABASE_URL, and PARALELO_DATABASE_SCHEMA for its schema, default
   * public), or null for the embedded SQLite file at dbPath.
   */
  database: { url: string; schema: string } | null;
  /**
   * Who translates queued jobs (PARALELO_WORKERS): 'in-process' (default) translates here, 'external' leaves it to
   * `paralelo worker` processes (PostgreSQL only).
   */
  workers: 'in-process' | 'external';
  /**
   * How long a worker may hold one window of a job before the queue gives it to another worker
   * (PARALELO_JOB_TIMEOUT_SECONDS, 10 to 3600, default 300): the time a killed worker's window waits.
   */
  jobTimeoutSeconds: number;
  /** Address the server listens on (PARALELO_HOST, default 127.0.0.1: this machine only). */
  host: string;
  /** Port the server listens on (PORT, default 3000). */
  port: number;
  /** Origins people reach the server at besides loopback (PARALELO_ORIGIN, comma-separated), normalized. */
  origins: string[];
  /** Values of PARALELO_ORIGIN that are not http(s) origins (the server refuses to start with them). */
  badOrigins: string[];
  /**
   * `accounts` (sign-in, roles) when PARALELO_AUTH=accounts or the host is not loopback; else `local` (one person on
   * one machine, no sign-in).
   */
  authMode: 'local' | 'accounts';
  /** PARALELO_AUTH as given, for the start-up check ("off" cannot serve beyond loopback). */
  authSetting: string | null;
  /** Signs session cookies (PARALELO_AUTH_SECRET); when unset, one is generated and kept in the database. */
  authSecret: string | undefined;
  /**
   * Reverse proxies whose X-Forwarded-For is believed for the client's address (PARALELO_TRUST_PROXY: addresses,
   * subnets, or `loopback`; comma-separated). Empty by default: the address is the socket's, whatever a header says.
   */
  trustProxy: string[];
}

export const DEFAULT_MODEL_ID = 'Xenova/opus-mt-es-en';
export const TEST_MODEL_PREFIX = 'test/';

/** Most decoder threads PARALELO_MT_THREADS may ask for. */
export const MAX_DECODER_THREADS = 4;

/** PARALELO_MT_THREADS as a whole number from 1 to MAX_DECODER_THREADS; unset or anything else: the default. */
export function decoderThreadsFrom(value: string | undefined, cores = os.availableParallelism()): number {
  const asked = value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (asked >= 1 && asked <= MAX_DECODER_THREADS) return asked;
  return Math.max(1, Math.min(2, cores));
}

export const DEFAULT_JOB_TIMEOUT_SECONDS = 300;

/** PARALELO_JOB_TIMEOUT_SECONDS as whole seconds from 10 to 3600; unset or anything else: the default. */
export function jobTimeoutFrom(value: string | undefined): number {
  const asked = value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return asked >= 10 && asked <= 3600 ? asked : DEFAULT_JOB_TIMEOUT_SECONDS;
}

/** Reads the configuration from environment variables (PARALELO_*), with defaults relative to the project root. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ParaleloConfig {
  const root = path.resolve(/*turbopackIgnore: true*/ env.PARALELO_ROOT ?? process.cwd());
  const rel = (p: string | undefined, fallback: string) => path.resolve(root, p && p.length > 0 ? p : fallback);
  const dtype = env.PARALELO_DTYPE === 'fp32' ? 'fp32' : 'q8';
  return {
    root,
    contentDir: rel(env.PARALELO_CONTENT_DIR, 'content'),
    modelsDir: rel(env.PARALELO_MODELS_DIR, 'models'),
    dbPath: rel(env.PARALELO_DB, 'data/paralelo.db'),
    modelId: env.PARALELO_MODEL && env.PARALELO_MODEL.length > 0 ? env.PARALELO_MODEL : DEFAULT_MODEL_ID,
    dtype,
    allowTestModels: env.PARALELO_ALLOW_TEST_MODELS === '1' || env.PARALELO_ALLOW_TEST_MODELS === 'true',
    decoderThreads: decoderThreadsFrom(env.PARALELO_MT_THREADS),
    database: env.PARALELO_DATABASE_URL
      ? { url: env.PARALELO_DATABASE_URL, schema: env.PARALELO_DATABASE_SCHEMA || 'public' }
      : null,
    workers: env.PARALELO_WORKERS === 'external' ? 'external' : 'in-process',
    jobTimeoutSeconds: jobTimeoutFrom(env.PARALELO_JOB_TIMEOUT_SECONDS),
    ...serverSettings(env),
  };
}

/** PARALELO_HOST, PORT, PARALELO_ORIGIN and PARALELO_AUTH: where the server listens and whether accounts are on. */
function serverSettings(env: NodeJS.ProcessEnv) {
  const host = env.PARALELO_HOST && env.PARALELO_HOST.trim() !== '' ? env.PARALELO_HOST.trim() : '127.0.0.1';
  const port = /^\d{1,5}$/.test(env.PORT ?? '') && Number(env.PORT) <= 65535 ? Number(env.PORT) : 3000;
  const given = (env.PARALELO_ORIGIN ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
  const origins = given.map(normalizeOrigin).filter((o): o is string => o !== null);
  const badOrigins = given.filter((o) => normalizeOrigin(o) === null);
  const authSetting = env.PARALELO_AUTH && env.PARALELO_AUTH.trim() !== '' ? env.PARALELO_AUTH.trim() : null;
  const authMode: 'local' | 'accounts' = authSetting === 'accounts' || !isLoopbackAddress(host) ? 'accounts' : 'local';
  const authSecret =
    env.PARALELO_AUTH_SECRET && env.PARALELO_AUTH_SECRET.length > 0 ? env.PARALELO_AUTH_SECRET : undefined;
  const trustProxy = (env.PARALELO_TRUST_PROXY ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return { host, port, origins: [...new Set(origins)], badOrigins, authMode, authSetting, authSecret, trustProxy };
}

/** True when the model id names a generated test model (its output is never a translation). */
export function isTestModelId(modelId: string): boolean {
  return modelId.startsWith(TEST_MODEL_PREFIX);
}
