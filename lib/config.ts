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
}

export const DEFAULT_MODEL_ID = 'Xenova/opus-mt-es-en';
export const TEST_MODEL_PREFIX = 'test/';

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
  };
}

/** True when the model id names a generated test model (its output is never a translation). */
export function isTestModelId(modelId: string): boolean {
  return modelId.startsWith(TEST_MODEL_PREFIX);
}
