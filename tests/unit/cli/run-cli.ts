import { execFile } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin/paralelo.mjs');

/** The user's language, as the CLI reads it. */
export const ES = { LANG: 'es_ES.UTF-8' };
export const EN = { LANG: 'en_US.UTF-8' };

/** Variables for fetching test model `modelId` from a (fake) hub into the models folder `modelsDir`, in English. */
export function fetchEnv(modelsDir: string, hubUrl: string, modelId: string): Record<string, string> {
  return {
    ...EN,
    PARALELO_MODELS_DIR: modelsDir,
    PARALELO_HUB_URL: hubUrl,
    PARALELO_MODEL: modelId,
    PARALELO_ALLOW_TEST_MODELS: '1',
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `paralelo` as a user would (a child process), with the caller's variables on top of a clean locale and
 * model and network configuration, so the machine's own LANG, PARALELO_* or proxy never leak into a test.
 */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of [
    'LC_ALL',
    'LC_MESSAGES',
    'LANG',
    'PARALELO_MODEL',
    'PARALELO_DEBUG',
    'PARALELO_ALLOW_TEST_MODELS',
    'PARALELO_HUB_URL',
    'NODE_EXTRA_CA_CERTS',
    ...['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'].flatMap((v) => [v, v.toUpperCase()]),
  ])
    delete base[k];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...base, PARALELO_ROOT: ROOT, ...env }, timeout: 90_000, maxBuffer: 20 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
