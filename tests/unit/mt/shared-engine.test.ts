import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeSharedEngine, getSharedEngine, preloadSharedEngine, sharedEngineSettled } from '../../../lib/mt/index';
import type { EngineConfig } from '../../../lib/mt/translate/transformers-engine';
import { TransformersEngine } from '../../../lib/mt/translate/transformers-engine';
import { loadConfig } from '../../../lib/config';
import { makeModelsDir, type ModelsDir } from './fixtures';

const ROOT = path.resolve(__dirname, '../../..');

describe('the shared engine (one per process, as the server uses it)', () => {
  let models: ModelsDir;
  let config: EngineConfig;
  let expectedOne: string[];

  beforeAll(async () => {
    models = await makeModelsDir('shared');
    config = await models.addTinyModel('shared');
    const local = new TransformersEngine(config);
    expectedOne = await local.translate(['Hola.']);
    await local.dispose();
  });
  afterAll(async () => {
    await models?.cleanup();
  });

  it('keeps one shared engine per process on globalThis', async () => {
    const base = loadConfig({ ...process.env, PARALELO_ROOT: ROOT });
    const shared = { ...base, modelsDir: config.modelsDir, modelId: config.modelId, allowTestModels: true };
    try {
      const a = getSharedEngine(shared);
      const b = getSharedEngine({ ...shared });
      expect(a).toBe(b);
      expect(await a.translate(['Hola.'])).toEqual(expectedOne);
    } finally {
      await disposeSharedEngine();
    }
  });

  it('preloads the shared engine (load and one warm-up call), and declines without the model files', async () => {
    const base = loadConfig({ ...process.env, PARALELO_ROOT: ROOT, PARALELO_MT_THREADS: '2' });
    const shared = { ...base, modelsDir: config.modelsDir, modelId: config.modelId, allowTestModels: true };
    try {
      expect(await sharedEngineSettled()).toBe(0);
      expect(await preloadSharedEngine({ ...shared, modelId: 'test/not-installed' })).toBe(false);
      expect(await preloadSharedEngine(shared)).toBe(true);
      const engine = getSharedEngine(shared) as TransformersEngine;
      expect(engine.stats()).toMatchObject({ loads: 1, modelCalls: 1 });
      // Its further decoder threads load after that first call, and it says when they have all joined.
      expect(await sharedEngineSettled()).toBe(shared.decoderThreads);
      expect(engine.stats()).toMatchObject({ decoding: 'thread', decoderThreads: shared.decoderThreads });
      // The documents' calls find the model loaded.
      expect(await engine.translate(['Hola.'])).toEqual(expectedOne);
      expect(engine.stats()).toMatchObject({ loads: 1 });
    } finally {
      await disposeSharedEngine();
    }
  });
});
