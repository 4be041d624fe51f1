import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';

/**
 * Starts `paralelo serve` (Next behind Paralelo's front door, as `npm start` does) over the existing build with a
 * workspace of its own: `work`/content, `work`/models and a database (default `work`/paralelo.db). For the browser
 * tests' servers, the durability test and the benchmarks.
 */
export function spawnNextServer(options: {
  root: string;
  port: number | string;
  work: string;
  stdio: StdioOptions;
  allowTestModels: boolean;
  /** PARALELO_MODEL; the configuration's default when left out. */
  modelId?: string;
  dbPath?: string;
  /** The leader of its own process group, so one kill reaches it and every child. */
  detached?: boolean;
  /** PostgreSQL instead of the SQLite file (PARALELO_DATABASE_URL and _SCHEMA). */
  database?: { url: string; schema: string };
  /** More environment (PARALELO_AUTH=accounts, PARALELO_ORIGIN, PARALELO_WORKERS, PARALELO_JOB_TIMEOUT_SECONDS...). */
  env?: Record<string, string>;
}): ChildProcess {
  const { root, work } = options;
  return spawn(process.execPath, [path.join(root, 'bin/paralelo.mjs'), 'serve'], {
    cwd: root,
    detached: options.detached ?? false,
    stdio: options.stdio,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      PARALELO_HOST: '127.0.0.1',
      PORT: String(options.port),
      PARALELO_ROOT: root,
      PARALELO_CONTENT_DIR: path.join(work, 'content'),
      PARALELO_MODELS_DIR: path.join(work, 'models'),
      PARALELO_DB: options.dbPath ?? path.join(work, 'paralelo.db'),
      ...(options.modelId ? { PARALELO_MODEL: options.modelId } : {}),
      PARALELO_ALLOW_TEST_MODELS: options.allowTestModels ? '1' : '0',
      ...(options.database
        ? { PARALELO_DATABASE_URL: options.database.url, PARALELO_DATABASE_SCHEMA: options.database.schema }
        : {}),
      ...options.env,
    },
  });
}
