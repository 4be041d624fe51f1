import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greedyDecode } from '../../../../lib/mt/decoder/greedy-decode';
import type { GreedyModel, OrtSessionLike } from '../../../../lib/mt/decoder/greedy-model';
import { expSumsModel, expSumsOver } from '../../../../lib/mt/decoder/logit-scorer';
import { asLoopSession } from '../../../../lib/mt/worker/ort-session';
import { decoderFilesOf, makeModelsDir, SHRINKING_BATCH, type ModelsDir } from '../fixtures';

const { inputs: INPUTS, budgets: BUDGETS } = SHRINKING_BATCH;

describe('scores: each row’s token log-probabilities, from the greedy loop', () => {
  let models: ModelsDir;
  let model: GreedyModel;
  let scorer: OrtSessionLike;
  beforeAll(async () => {
    models = await makeModelsDir('logit-scorer');
    const config = await models.addTinyModel('logit-scorer', { dtype: 'fp32' });
    const { files, shape } = await decoderFilesOf(config);
    const encoder = asLoopSession(await ort.InferenceSession.create(files.encoder));
    const decoder = asLoopSession(await ort.InferenceSession.create(files.decoder));
    scorer = asLoopSession(await ort.InferenceSession.create(expSumsModel()));
    model = { encoder, decoder, shape, tensor: (t, d, dims) => new ort.Tensor(t, d as never, dims) };
  });
  afterAll(async () => {
    await models?.cleanup();
  });

  it('sums exp(logits) per row in onnxruntime as a double-precision sum does', async () => {
    const vocabulary = 5000;
    const data = Float32Array.from({ length: 3 * vocabulary }, (_, i) => Math.sin(i * 0.37) * 12 - 3);
    const sums = await expSumsOver(scorer)(new ort.Tensor('float32', data, [3, 1, vocabulary]));
    for (let r = 0; r < 3; r++) {
      let exact = 0;
      for (let v = 0; v < vocabulary; v++) exact += Math.exp(data[r * vocabulary + v]!);
      expect(Math.abs(Math.log(sums[r]!) - Math.log(exact))).toBeLessThan(1e-5);
    }
  });

  it('gives the log-probabilities of the chosen tokens under the model, the same with onnxruntime’s sums or its own', async () => {
    // A reference outside the loop: one row, every step's logits recorded, log-softmax taken here in double precision.
    const steps: Float32Array[] = [];
    const recording: GreedyModel = {
      ...model,
      decoder: {
        ...model.decoder,
        run: async (feeds, fetches) => {
          const out = await model.decoder.run(feeds, fetches);
          steps.push(Float32Array.from(out.logits!.data as Float32Array));
          return out;
        },
      },
    };
    const [row] = (await greedyDecode(recording, [INPUTS[2]!], [BUDGETS[2]!])).tokens;
    const logProbs = row!.map((token, step) => {
      const logits = steps[step]!;
      let sum = 0;
      for (const x of logits) sum += Math.exp(x);
      return logits[token]! - Math.log(sum);
    });
    const mean = logProbs.reduce((a, b) => a + b, 0) / logProbs.length;
    for (const withSums of [true, false]) {
      const scoring = withSums ? { ...model, expSums: expSumsOver(scorer) } : model;
      const decoded = await greedyDecode(scoring, [INPUTS[2]!], [BUDGETS[2]!], { scores: true });
      expect(decoded.tokens).toEqual([row]);
      expect(decoded.scores![0]!.tokens).toBe(row!.length);
      expect(decoded.scores![0]!.mean).toBeCloseTo(mean, 4);
      expect(decoded.scores![0]!.min).toBeCloseTo(Math.min(...logProbs), 4);
    }
  });

  it('scores every row of a batch that shrinks as rows finish, and changes no token', async () => {
    const plain = await greedyDecode(model, INPUTS, BUDGETS);
    expect(plain.scores).toBeNull();
    const summed = await greedyDecode({ ...model, expSums: expSumsOver(scorer) }, INPUTS, BUDGETS, { scores: true });
    const own = await greedyDecode(model, INPUTS, BUDGETS, { scores: true });
    expect(summed.tokens).toEqual(plain.tokens);
    expect(own.tokens).toEqual(plain.tokens);
    summed.scores!.forEach((score, i) => {
      expect(score.tokens).toBe(BUDGETS[i]);
      expect(score.min).toBeLessThanOrEqual(score.mean);
      expect(score.mean).toBeLessThan(0);
      expect(score.mean).toBeCloseTo(own.scores![i]!.mean, 4);
      expect(score.min).toBeCloseTo(own.scores![i]!.min, 4);
    });
  });
});
