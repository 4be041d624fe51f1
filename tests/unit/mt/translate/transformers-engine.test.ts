import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../../../lib/mt/engine';
import { adoptModel } from '../../../../lib/mt/model/model-files';
import { resolveModel } from '../../../../lib/mt/model/registry';
import type { EngineConfig, ModelCall } from '../../../../lib/mt/translate/transformers-engine';
import { TransformersEngine } from '../../../../lib/mt/translate/transformers-engine';
import { makeModelsDir, SENTENCES, type ModelsDir } from '../fixtures';
import { DEFAULT_BATCH_POLICY } from '../../../../lib/mt/translate/batching';

const ROOT = path.resolve(__dirname, '../../../..');

// What every engine does is in engine-suite.ts (engine-contract.test.ts); here, how this one batches.
describe('TransformersEngine on the tiny model', () => {
  let models: ModelsDir;
  let config: EngineConfig;
  let engine: TransformersEngine;
  const calls: ModelCall[] = [];

  beforeAll(async () => {
    models = await makeModelsDir('engine');
    config = await models.addTinyModel('engine');
    await adoptModel(resolveModel(config));
    engine = new TransformersEngine(config, { batchSize: 2, onModelCall: (c) => calls.push(c) });
  });
  afterAll(async () => {
    await engine?.dispose();
    await models?.cleanup();
  });

  it('sorts by length and batches similar lengths, at most batchSize per call', async () => {
    calls.length = 0;
    await engine.translate(SENTENCES);
    const sizes = calls.map((c) => c.inputs.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(SENTENCES.length);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(2);
    // No call pads a short sentence up to a much longer one's generation budget.
    for (const call of calls) {
      expect(call.maxNewTokens).toBeLessThanOrEqual(
        DEFAULT_BATCH_POLICY.tolerance * (2 * Math.min(...call.inputTokens) + 16),
      );
    }
    expect(calls.at(-1)!.inputs).toContain(SENTENCES[2]);
    const tokens = calls.flatMap((c) => c.inputTokens);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
  });

  it('for latency, puts sentences of any length in one batch (up to batchSize), each with its own output', async () => {
    const wide = new TransformersEngine(config, { batchSize: 8, onModelCall: (c) => calls.push(c) });
    try {
      calls.length = 0;
      const throughput = await wide.translate(SENTENCES);
      expect(calls.length).toBeGreaterThan(1);
      calls.length = 0;
      const latency = await wide.translate(SENTENCES, { priority: 'latency' });
      expect(calls).toHaveLength(1);
      expect(calls[0]!.inputs).toHaveLength(SENTENCES.length);
      for (const o of latency) expect(o.length).toBeGreaterThan(0);
      expect(latency).toHaveLength(throughput.length);
    } finally {
      await wide.dispose();
    }
  });

  it('answers blank inputs with "" without calling the model, and strips control characters', async () => {
    calls.length = 0;
    expect(await engine.translate(['', '   ', '\u0007\n'])).toEqual(['', '', '']);
    expect(calls).toHaveLength(0);
    const [clean] = await engine.translate(['Hola.']);
    const [dirty] = await engine.translate(['Ho\u0000la\u0085.\u001b']);
    expect(dirty).toBe(clean);
  });

  it('cancels between batches with EngineError("cancelled")', async () => {
    const before = new AbortController();
    before.abort();
    await expect(engine.translate(SENTENCES, { signal: before.signal })).rejects.toMatchObject({ code: 'cancelled' });

    const during = new AbortController();
    const cancelling = new TransformersEngine(config, {
      batchSize: 1,
      onModelCall: () => during.abort(),
    });
    try {
      const err = await cancelling.translate(SENTENCES, { signal: during.signal }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('cancelled');
    } finally {
      await cancelling.dispose();
    }
  });

  it('scores a sentence split into pieces over all its pieces, the same in decoder threads as here', async () => {
    const long = Array.from({ length: 90 }, (_, i) => ['casa', 'perro', 'gato', 'montaña'][i % 4]).join(' ');
    const here = new TransformersEngine(config, { maxInputTokens: 40 });
    const threaded = new TransformersEngine(config, { maxInputTokens: 40, root: ROOT, decoderThreads: 2 });
    const pieces: ModelCall[] = [];
    const counted = new TransformersEngine(config, { maxInputTokens: 40, onModelCall: (c) => pieces.push(c) });
    try {
      const [a] = await here.translateScored([long, 'Hola.']);
      const [b] = await threaded.translateScored([long, 'Hola.']);
      await counted.translate([long]);
      const budgets = pieces.flatMap((c) => c.budgets);
      expect(budgets.length).toBeGreaterThan(1);
      // The tiny model never ends a sentence early: each piece decodes its whole budget, all of them scored.
      expect(a!.score!.tokens).toBe(budgets.reduce((x, y) => x + y, 0));
      expect(b!.text).toBe(a!.text);
      expect(b!.score!.tokens).toBe(a!.score!.tokens);
      expect(b!.score!.meanLogProb).toBeCloseTo(a!.score!.meanLogProb, 3);
      expect(b!.score!.minLogProb).toBeCloseTo(a!.score!.minLogProb, 3);
    } finally {
      await Promise.all([here.dispose(), threaded.dispose(), counted.dispose()]);
    }
  });

  it('runs the fp32 weights too', async () => {
    const fp32 = await models.addTinyModel('engine-fp32', { dtype: 'fp32' });
    const e = new TransformersEngine(fp32);
    try {
      const [out] = await e.translate(['Hola.']);
      expect(out!.length).toBeGreaterThan(0);
      expect(e.info.dtype).toBe('fp32');
    } finally {
      await e.dispose();
    }
  });
});

describe('a huge paragraph (issue 15, probe 4: cancelling one did not stop the work)', () => {
  let models: ModelsDir;
  let config: EngineConfig;
  beforeAll(async () => {
    models = await makeModelsDir('engine-huge');
    config = await models.addTinyModel('engine-huge');
  });
  afterAll(async () => {
    await models?.cleanup();
  });

  it('stops tokenizing and splitting it as soon as the call is cancelled, and decodes none of it', async () => {
    const calls: ModelCall[] = [];
    const engine = new TransformersEngine(config, { onModelCall: (c) => calls.push(c) });
    try {
      await engine.ready();
      const { tokenizer } = await (engine as unknown as { loading: Promise<{ tokenizer: Tokenizer }> }).loading;
      const encode = tokenizer.encode.bind(tokenizer);
      const controller = new AbortController();
      let encodes = 0;
      let atAbort = 0;
      tokenizer.encode = (text: string) => {
        encodes += 1;
        if (encodes === 30) {
          atAbort = encodes;
          controller.abort();
        }
        return encode(text);
      };
      // About 120 kB of words without a full stop: one sentence, hundreds of pieces.
      const huge = Array.from({ length: 20_000 }, (_, i) => ['casa', 'perro', 'montaña', 'río'][i % 4]).join(' ');
      const err = await engine.translate([huge], { signal: controller.signal }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('cancelled');
      // What was being measured when the signal came may finish; nothing after it starts.
      expect(encodes - atAbort).toBeLessThan(40);
      expect(calls).toHaveLength(0);
    } finally {
      await engine.dispose();
    }
  });
});

interface Tokenizer {
  encode(text: string): number[];
}
