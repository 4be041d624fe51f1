import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decoderThreadsFrom, jobTimeoutFrom, loadConfig, MAX_DECODER_THREADS } from '../../lib/config';

describe('configuration from the environment', () => {
  it('reads PARALELO_MT_THREADS as a whole number from 1 to 4, else two threads where there are two cores', () => {
    expect(decoderThreadsFrom('3', 8)).toBe(3);
    expect(decoderThreadsFrom(' 1 ', 8)).toBe(1);
    expect(decoderThreadsFrom(String(MAX_DECODER_THREADS), 2)).toBe(MAX_DECODER_THREADS);
    for (const bad of [undefined, '', '0', '-1', '1.5', '2x', String(MAX_DECODER_THREADS + 1), 'many']) {
      expect(decoderThreadsFrom(bad, 8)).toBe(2);
      expect(decoderThreadsFrom(bad, 1)).toBe(1);
    }
  });

  it('resolves paths against the root and keeps defaults for what is not set', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PARALELO_ROOT: '/srv/paralelo',
      PARALELO_MT_THREADS: '1',
      PARALELO_DTYPE: 'fp32',
    });
    expect(config).toMatchObject({
      root: '/srv/paralelo',
      contentDir: path.join('/srv/paralelo', 'content'),
      modelsDir: path.join('/srv/paralelo', 'models'),
      dbPath: path.join('/srv/paralelo', 'data/paralelo.db'),
      modelId: 'Xenova/opus-mt-es-en',
      dtype: 'fp32',
      allowTestModels: false,
      decoderThreads: 1,
      database: null,
      workers: 'in-process',
      jobTimeoutSeconds: 300,
    });
  });

  it('selects PostgreSQL, its schema and external workers only when asked', () => {
    const url = 'postgres://paralelo:secret@db:5432/paralelo';
    const env = (vars: Record<string, string>) => ({ NODE_ENV: 'production' as const, ...vars });
    expect(loadConfig(env({ PARALELO_DATABASE_URL: url }))).toMatchObject({ database: { url, schema: 'public' } });
    expect(
      loadConfig(env({ PARALELO_DATABASE_URL: url, PARALELO_DATABASE_SCHEMA: 'team', PARALELO_WORKERS: 'external' })),
    ).toMatchObject({ database: { url, schema: 'team' }, workers: 'external' });
    expect(loadConfig(env({ PARALELO_DATABASE_URL: '', PARALELO_WORKERS: 'yes' }))).toMatchObject({
      database: null,
      workers: 'in-process',
    });
  });

  it('reads PARALELO_JOB_TIMEOUT_SECONDS as whole seconds from 10 to 3600, else 300', () => {
    expect(jobTimeoutFrom('10')).toBe(10);
    expect(jobTimeoutFrom(' 3600 ')).toBe(3600);
    for (const bad of [undefined, '', '9', '3601', '1.5', '60s', '-30']) expect(jobTimeoutFrom(bad)).toBe(300);
  });
});
