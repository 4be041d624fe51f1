import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, type EngineConfig, type EngineStats, type TranslationEngine } from '../../../lib/mt/engine';
import { adoptModel } from '../../../lib/mt/model/model-files';
import { resolveModel } from '../../../lib/mt/model/registry';
import { makeModelsDir, SENTENCES, type ModelsDir } from './fixtures';

/** How to make the engine under test for a model, and what it should say about itself. */
export interface EngineUnderTest {
  make(config: EngineConfig, options?: { batchSize?: number }): TranslationEngine;
  /** How it decodes once loaded (EngineStats.decoding). */
  decoding: NonNullable<EngineStats['decoding']>;
  /** Whether translateScored gives scores (true) or null for every output (false). */
  scores: boolean;
}

/**
 * The contract every TranslationEngine keeps (lib/mt/engine.ts), run on the generated tiny model: what the translation
 * jobs, the CLI and the server rely on, whatever decodes underneath.
 */
export function describeEngineSuite(name: string, subject: EngineUnderTest): void {
  describe(`${name}: the TranslationEngine contract`, () => {
    let models: ModelsDir;
    let config: EngineConfig;
    let engine: TranslationEngine;
    const engines: TranslationEngine[] = [];
    const make = (c: EngineConfig, options?: { batchSize?: number }) => {
      const e = subject.make(c, options);
      engines.push(e);
      return e;
    };

    beforeAll(async () => {
      models = await makeModelsDir('engine-suite');
      config = await models.addTinyModel('suite');
      await adoptModel(resolveModel(config));
      engine = make(config, { batchSize: 2 });
    });
    afterAll(async () => {
      await Promise.all(engines.map((e) => e.dispose()));
      await models?.cleanup();
    });

    it('labels a test model as such (its output is never a translation)', () => {
      expect(engine.info).toEqual({ modelId: config.modelId, dtype: 'q8', isTestModel: true });
    });

    it('loads nothing until asked, then once for concurrent callers, and says how it decodes', async () => {
      await engine.settled();
      expect(engine.stats()).toMatchObject({ loads: 0, decoding: null, modelCalls: 0 });
      await Promise.all([engine.ready(), engine.ready()]);
      await engine.ready();
      expect(engine.stats()).toMatchObject({ loads: 1, decoding: subject.decoding });
      expect(engine.stats().loadMs).toBeGreaterThanOrEqual(0);
    });

    it('gives one output per sentence in order, the same for the same input however it is ordered', async () => {
      const out = await engine.translate(SENTENCES);
      expect(out).toHaveLength(SENTENCES.length);
      for (const o of out) expect(o.length).toBeGreaterThan(0);
      const order = [3, 0, 4, 2, 1];
      expect(await engine.translate(order.map((i) => SENTENCES[i]!))).toEqual(order.map((i) => out[i]));
      expect(await engine.translate(SENTENCES)).toEqual(out);
      await engine.settled();
      expect(engine.stats().modelCalls).toBeGreaterThan(0);
    });

    it('gives the same outputs with scores, each sentence its tokens’ mean and minimum log-probability', async () => {
      expect(engine.translateScored).toBeDefined();
      const texts = await engine.translate(SENTENCES);
      const scored = await engine.translateScored!(['', ...SENTENCES]);
      expect(scored.map((s) => s.text)).toEqual(['', ...texts]);
      expect(scored[0]!.score).toBeNull();
      for (const { score } of scored.slice(1)) {
        if (!subject.scores) {
          expect(score).toBeNull();
          continue;
        }
        expect(score!.tokens).toBeGreaterThan(0);
        expect(score!.minLogProb).toBeLessThanOrEqual(score!.meanLogProb);
        expect(score!.meanLogProb).toBeLessThan(0);
      }
    });

    it('answers blank input with "" without a model call, and rejects what is not a string', async () => {
      const before = engine.stats().modelCalls;
      expect(await engine.translate(['', '  ', '\u0007'])).toEqual(['', '', '']);
      expect(await engine.translate([])).toEqual([]);
      expect(engine.stats().modelCalls).toBe(before);
      await expect(engine.translate([1 as unknown as string])).rejects.toMatchObject({ code: 'input_invalid' });
    });

    it('splits a sentence longer than the model takes, and translates every piece', async () => {
      const long = Array.from({ length: 120 }, (_, i) => `palabra${i % 7}`).join(' ');
      const [out] = await engine.translate([long]);
      expect(out!.length).toBeGreaterThan(0);
    });

    it('cancels a call through its signal, before or during it, and goes on serving the others', async () => {
      const before = new AbortController();
      before.abort();
      await expect(engine.translate(SENTENCES, { signal: before.signal })).rejects.toMatchObject({
        code: 'cancelled',
      });
      const one = make(config, { batchSize: 1 });
      const expected = await one.translate(['Hola.']);
      const during = new AbortController();
      const cancelled = one.translate(SENTENCES, { signal: during.signal });
      const other = one.translate(['Hola.']);
      during.abort();
      const err = await cancelled.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('cancelled');
      expect(await other).toEqual(expected);
    });

    it('refuses a test model unless test models are allowed, and names the missing file of an absent model', async () => {
      const refused = make({ ...config, allowTestModels: false });
      expect(refused.info.isTestModel).toBe(true);
      await expect(refused.translate(['Hola.'])).rejects.toMatchObject({ code: 'model_not_allowed' });
      const missing = make({ ...config, modelId: 'test/absent' });
      await expect(missing.ready()).rejects.toMatchObject({ code: 'model_missing', details: { file: 'config.json' } });
      // A failed load is not kept: the same engine loads once the files are there.
      expect(missing.stats().loads).toBe(0);
    });

    it('settles, and once disposed refuses further calls', async () => {
      const e = make(config);
      await e.translate(['Hola.']);
      await e.settled();
      await e.dispose();
      await expect(e.translate(['Hola.'])).rejects.toMatchObject({ code: 'engine_failed' });
    });
  });
}
