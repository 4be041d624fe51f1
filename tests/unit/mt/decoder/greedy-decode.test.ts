import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../../../lib/mt/engine';
import { loopCost } from '../../../../lib/mt/decoder/greedy-decode';
import { supportsGreedyLoop, type OrtSessionLike } from '../../../../lib/mt/decoder/greedy-model';
import { adoptModel } from '../../../../lib/mt/model/model-files';
import { resolveModel } from '../../../../lib/mt/model/registry';
import {
  TransformersEngine,
  type EngineConfig,
  type ModelCall,
  type TransformersEngineOptions,
} from '../../../../lib/mt/translate/transformers-engine';
import { decoderPoolOf, makeModelsDir, type ModelsDir } from '../fixtures';

const ROOT = path.resolve(__dirname, '../../../..');

// Sentences of very different lengths, so batches hold rows that finish at different steps.
const SENTENCES = [
  'Hola.',
  'El perro come en la casa.',
  'Mañana vamos a la playa con los niños y sus amigos, si no llueve.',
  '¿Dónde está la estación?',
  'La Comisión Europea presentó ayer en Bruselas un plan para reducir las emisiones de los coches nuevos.',
  'Sí.',
  'No sé qué hacer hoy.',
  'Los pescadores contaban que su luz se veía desde las islas más lejanas.',
];

describe('the engine’s greedy loop decodes what transformers.js decodes', () => {
  let models: ModelsDir;
  const engines: TransformersEngine[] = [];
  const engine = (config: EngineConfig, options: TransformersEngineOptions = {}) => {
    const e = new TransformersEngine(config, options);
    engines.push(e);
    return e;
  };

  beforeAll(async () => {
    models = await makeModelsDir('greedy-loop');
  });
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.dispose()));
    await models?.cleanup();
  });

  for (const dtype of ['q8', 'fp32'] as const) {
    it(`one sentence per call (${dtype}): the same text as the pipeline, each with its own budget`, async () => {
      const config = await models.addTinyModel(`loop-${dtype}`, { dtype });
      await adoptModel(resolveModel(config));
      const calls: ModelCall[] = [];
      const pipeline = await engine(config, { batchSize: 1, greedyLoop: false }).translate(SENTENCES);
      const loop = await engine(config, { batchSize: 1, onModelCall: (c) => calls.push(c) }).translate(SENTENCES);
      expect(loop).toEqual(pipeline);
      for (const o of loop) expect(o.length).toBeGreaterThan(0);
      // The loop really ran (the calls carry per-sentence budgets), one call per sentence.
      expect(calls).toHaveLength(SENTENCES.length);
      for (const c of calls) expect(c.budgets).toEqual([c.maxNewTokens]);
    });
  }

  it('in batches (fp32), rows of different lengths give what each gives alone, however the batch shrinks, here or in the decoder thread', async () => {
    const config = await models.addTinyModel('loop-batch', { dtype: 'fp32' });
    await adoptModel(resolveModel(config));
    const calls: ModelCall[] = [];
    const alone = await engine(config, { batchSize: 1, greedyLoop: false }).translate(SENTENCES);
    const batched = await engine(config, { batchSize: 8, onModelCall: (c) => calls.push(c) }).translate(SENTENCES);
    expect(batched).toEqual(alone);
    expect(calls.some((c) => c.inputs.length > 2 && new Set(c.budgets).size > 1)).toBe(true);
    // The same loop in the decoder thread, with the decoder rewritten for the cached steps and without it, and in two
    // threads: the call's one batch split over them (batch 8), or its batches side by side (batch 3).
    for (const [cachedStep, decoderThreads, batchSize] of [
      [true, 1, 8],
      [false, 1, 8],
      [true, 2, 8],
      [true, 2, 3],
    ] as const) {
      const threaded = engine(config, { batchSize, root: ROOT, cachedStep, decoderThreads });
      // Nothing loaded: nothing to wait for, and asking does not load.
      await threaded.settled();
      expect(threaded.stats().loads).toBe(0);
      await threaded.ready();
      const threads = await decoderPoolOf(threaded);
      expect(await threaded.translate(SENTENCES)).toEqual(alone);
      // Threads after the first load once the first request is decoded.
      await threads.settled();
      expect(threads.size).toBe(decoderThreads);
      // Built once each thread has decoded and then been idle a moment.
      expect(await threads.cachedStepReady()).toBe(cachedStep);
      expect(threads.cachedStep).toBe(cachedStep);
      expect(await threaded.translate(SENTENCES)).toEqual(alone);
      expect(threaded.stats()).toMatchObject({ decoding: 'thread', decoderThreads });
    }
  });

  it('stops between two steps when cancelled, with the engine’s cancelled error', async () => {
    const config = await models.addTinyModel('loop-cancel');
    await adoptModel(resolveModel(config));
    const controller = new AbortController();
    // Aborted as the call starts: the loop sees it before its first decoder step, and the call never completes.
    const e = engine(config, { batchSize: 8, onModelCall: () => controller.abort() });
    await e.ready();
    await expect(e.translate(SENTENCES, { signal: controller.signal })).rejects.toSatisfy(
      (err) => err instanceof EngineError && err.code === 'cancelled',
    );
    expect(e.stats().modelCalls).toBe(0);
  });

  it('declines sessions it does not know, so the pipeline decodes them', () => {
    const session = (inputNames: string[], outputNames: string[]): OrtSessionLike => ({
      inputNames,
      outputNames,
      run: () => Promise.reject(new Error('not called')),
    });
    const encoder = session(['input_ids', 'attention_mask'], ['last_hidden_state']);
    const inputs = ['input_ids', 'encoder_attention_mask', 'encoder_hidden_states', 'use_cache_branch'];
    const outputs = ['logits'];
    for (const part of ['decoder', 'encoder'])
      for (const kv of ['key', 'value']) {
        inputs.push(`past_key_values.0.${part}.${kv}`);
        outputs.push(`present.0.${part}.${kv}`);
      }
    expect(supportsGreedyLoop(encoder, session(inputs, outputs), 1)).toBe(true);
    expect(supportsGreedyLoop(encoder, session(inputs, outputs), 2)).toBe(false);
    expect(supportsGreedyLoop(encoder, session(inputs.slice(1), outputs), 1)).toBe(false);
    expect(supportsGreedyLoop(session(['input_ids'], ['last_hidden_state']), session(inputs, outputs), 1)).toBe(false);
  });

  it('drops finished rows once a quarter of the batch is done, and never pays a row past its budget for long', () => {
    // Alone, each row costs its budget.
    expect(loopCost([5])).toEqual({ steps: 5, slots: 5 });
    // 8 rows: the short one rides along until a quarter (2) is done, then both leave.
    expect(loopCost([2, 3, 10, 10, 10, 10, 10, 10])).toEqual({ steps: 10, slots: 8 * 3 + 6 * 7 });
    // Two rows left: a finished one leaves at once.
    expect(loopCost([2, 10])).toEqual({ steps: 10, slots: 2 * 2 + 8 });
    expect(loopCost([])).toEqual({ steps: 0, slots: 0 });
  });
});
