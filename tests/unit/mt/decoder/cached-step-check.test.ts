import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cachedStepDisagreement } from '../../../../lib/mt/decoder/cached-step-check';
import { cachedStepDecoder } from '../../../../lib/mt/decoder/cached-step-decoder';
import type { GreedyModel, OrtSessionLike } from '../../../../lib/mt/decoder/greedy-model';
import { TransformersEngine } from '../../../../lib/mt/translate/transformers-engine';
import { asLoopSession } from '../../../../lib/mt/worker/ort-session';
import { decoderFilesOf, decoderPoolOf, makeModelsDir, type ModelsDir } from '../fixtures';

const ROOT = path.resolve(__dirname, '../../../..');
const SENTENCES = ['El perro come en la casa.', 'Hola.', 'Mañana vamos a la playa con los niños.', '¿Dónde está?'];

describe('the cached-step decoder is checked on a probe sentence before it is used', () => {
  let models: ModelsDir;
  let config: Awaited<ReturnType<ModelsDir['addTinyModel']>>;
  beforeAll(async () => {
    models = await makeModelsDir('cached-step-check');
    config = await models.addTinyModel('cached-step-check');
  });
  afterAll(async () => {
    await models?.cleanup();
  });

  it('finds no disagreement with the rewrite as it is, and the first differing token with a broken one', async () => {
    const { files, shape, probe } = await decoderFilesOf(config);
    const encoder = asLoopSession(await ort.InferenceSession.create(files.encoder));
    const decoder = asLoopSession(await ort.InferenceSession.create(files.decoder));
    const cached = asLoopSession(await ort.InferenceSession.create(cachedStepDecoder(await readFile(files.decoder))!));
    const model: GreedyModel = { encoder, decoder, shape, tensor: (t, d, dims) => new ort.Tensor(t, d as never, dims) };
    expect(await cachedStepDisagreement(model, cached, probe)).toBeNull();
    // Wired wrong: its logits come out negated, so from the second token on (the first step always runs the merged
    // decoder) it picks the least likely token.
    const broken: OrtSessionLike = {
      ...cached,
      run: async (feeds, fetches) => {
        const out = await cached.run(feeds, fetches);
        const logits = out.logits!;
        const data = Float32Array.from(logits.data as Float32Array, (x) => -x);
        return { ...out, logits: new ort.Tensor('float32', data, [...logits.dims]) };
      },
    };
    const found = await cachedStepDisagreement(model, broken, probe);
    expect(found).toMatchObject({ at: 1 });
    expect(found!.merged).toHaveLength(probe.budget);
  });

  it('in an engine whose rewrite is broken on purpose, decodes with the merged decoder and says so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const original = new TransformersEngine(config, { root: ROOT, decoderThreads: 2, cachedStep: false });
    const broken = new TransformersEngine(config, { root: ROOT, decoderThreads: 2, cachedStepFault: 'invert-logits' });
    try {
      const expected = await original.translate(SENTENCES);
      expect(await broken.translate(SENTENCES)).toEqual(expected);
      await broken.settled();
      const pool = await decoderPoolOf(broken);
      expect(pool.size).toBe(2);
      // Both threads built the rewrite, found it wrong on the probe, and kept the merged decoder.
      expect(await pool.cachedStepReady()).toBe(false);
      expect(pool.cachedStep).toBe(false);
      expect(await broken.translate(SENTENCES)).toEqual(expected);
      const lines = warn.mock.calls.map((args) => String(args[0])).filter((l) => /rewritten for the cached/.test(l));
      expect(lines).toEqual([
        expect.stringMatching(
          /^\[paralelo:mt\] .*decoder_model_merged_quantized\.onnx: the decoder rewritten for the cached steps gave other tokens than the merged decoder on the probe sentence \(from token 1\); decoding with the merged decoder\.$/,
        ),
      ]);
    } finally {
      warn.mockRestore();
      await Promise.all([original.dispose(), broken.dispose()]);
    }
  });

  it('uses the rewrite when it decodes the probe as the merged decoder does, and logs nothing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const engine = new TransformersEngine(config, { root: ROOT, decoderThreads: 2 });
    try {
      await engine.translate(SENTENCES);
      await engine.settled();
      const pool = await decoderPoolOf(engine);
      expect(await pool.cachedStepReady()).toBe(true);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      await engine.dispose();
    }
  });
});
