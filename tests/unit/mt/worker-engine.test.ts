import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../../lib/mt/engine';
import { disposeSharedEngine, getSharedEngine, preloadSharedEngine, sharedEngineSettled } from '../../../lib/mt/index';
import type { EngineConfig } from '../../../lib/mt/transformers-engine';
import { TransformersEngine } from '../../../lib/mt/transformers-engine';
import { WorkerEngine } from '../../../lib/mt/worker-engine';
import { loadConfig } from '../../../lib/config';
import { makeModelsDir, type ModelsDir } from './fixtures';

const ROOT = path.resolve(__dirname, '../../..');
const SENTENCES = ['El perro come en la casa.', 'Hola.', 'Mañana vamos a la playa.', '', '¿Dónde está la estación?'];

describe('WorkerEngine (model in a worker thread)', () => {
  let models: ModelsDir;
  let config: EngineConfig;
  // The tiny model never emits </s>, so an output's length follows its batch's max_new_tokens, and int8
  // dynamic quantization scales activations per batch: expectations are computed per batch composition.
  let expected: string[];
  let expectedPair: string[];
  let expectedOne: string[];
  let expectedBatch1: string[];

  beforeAll(async () => {
    models = await makeModelsDir('worker');
    config = await models.addTinyModel('worker');
    const local = new TransformersEngine(config);
    expected = await local.translate(SENTENCES);
    expectedPair = await local.translate(SENTENCES.slice(0, 2));
    expectedOne = await local.translate(['Hola.']);
    await local.dispose();
    const one = new TransformersEngine(config, { batchSize: 1 });
    expectedBatch1 = await one.translate(SENTENCES);
    await one.dispose();
  });
  afterAll(async () => {
    await models?.cleanup();
  });

  it('shares one load between concurrent calls and matches the in-process engine', async () => {
    const engine = new WorkerEngine(config, { root: ROOT });
    try {
      expect(engine.info.isTestModel).toBe(true);
      const [a, b] = await Promise.all([engine.translate(SENTENCES), engine.translate(SENTENCES.slice(0, 2))]);
      expect(a).toEqual(expected);
      expect(b).toEqual(expectedPair);
      const stats = await engine.stats();
      expect(stats.loads).toBe(1);
      expect(stats.workersStarted).toBe(1);
    } finally {
      await engine.dispose();
    }
  });

  it('cancels a call through its AbortSignal and keeps serving the others', async () => {
    const engine = new WorkerEngine(config, { root: ROOT, batchSize: 1 });
    try {
      await engine.ready();
      const controller = new AbortController();
      const cancelled = engine.translate(SENTENCES, { signal: controller.signal });
      const other = engine.translate(['Hola.']);
      controller.abort();
      const err = await cancelled.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('cancelled');
      expect(await other).toEqual(expectedOne);
      expect(await engine.translate(SENTENCES)).toEqual(expectedBatch1);
    } finally {
      await engine.dispose();
    }
  });

  it('re-creates worker errors as EngineError with the same code', async () => {
    const engine = new WorkerEngine({ ...config, allowTestModels: false }, { root: ROOT });
    try {
      const err = await engine.translate(['Hola.']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('model_not_allowed');
      expect((err as EngineError).message).toMatch(/^\[paralelo:mt\] Model "test\//);
      const missing = new WorkerEngine({ ...config, modelId: 'test/absent' }, { root: ROOT });
      const err2 = await missing.ready().catch((e: unknown) => e);
      await missing.dispose();
      expect(err2).toMatchObject({ code: 'model_missing', details: { file: 'config.json' } });
    } finally {
      await engine.dispose();
    }
  });

  it('turns a worker crash into engine_failed and starts a fresh worker on the next call', async () => {
    const engine = new WorkerEngine(config, { root: ROOT });
    try {
      await engine.ready();
      const pending = engine.translate(SENTENCES);
      // Simulates the thread dying (out of memory, native crash) while a call is in flight.
      await (engine as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
      await expect(pending).rejects.toMatchObject({ code: 'engine_failed' });
      expect(await engine.translate(SENTENCES)).toEqual(expected);
      expect((await engine.stats()).workersStarted).toBe(2);
    } finally {
      await engine.dispose();
    }
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
      const engine = getSharedEngine(shared) as WorkerEngine;
      expect(await engine.stats()).toMatchObject({ loads: 1, modelCalls: 1 });
      // Its further decoder threads load after that first call, and it says when they have all joined.
      expect(await sharedEngineSettled()).toBe(shared.decoderThreads);
      expect(await engine.stats()).toMatchObject({ decoding: 'thread', decoderThreads: shared.decoderThreads });
      // The documents' calls find the model loaded.
      expect(await engine.translate(['Hola.'])).toEqual(expectedOne);
      expect(await engine.stats()).toMatchObject({ loads: 1 });
    } finally {
      await disposeSharedEngine();
    }
  });
});
