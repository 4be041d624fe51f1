import os from 'node:os';
import path from 'node:path';

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
  };
}

/** True when the model id names a generated test model (its output is never a translation). */
export function isTestModelId(modelId: string): boolean {
  return modelId.startsWith(TEST_MODEL_PREFIX);
}
