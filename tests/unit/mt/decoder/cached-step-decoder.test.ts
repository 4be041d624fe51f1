import { readFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CACHED_STEP_TAIL,
  cachedStepDecoder,
  readCachedStepDecoder,
  rewriteForCachedStep,
} from '../../../../lib/mt/decoder/cached-step-decoder';
import { greedyDecode } from '../../../../lib/mt/decoder/greedy-decode';
import { supportsCachedStep, supportsGreedyLoop, type GreedyModel } from '../../../../lib/mt/decoder/greedy-model';
import { asLoopSession } from '../../../../lib/mt/worker/ort-session';
import { decoderShapeOf } from '../../../../lib/mt/model/model-shape';
import { makeModelsDir, SHRINKING_BATCH, type ModelsDir } from '../fixtures';

describe('the decoder for the cached steps', () => {
  let models: ModelsDir;
  let dir: string;
  beforeAll(async () => {
    models = await makeModelsDir('cached-step');
    ({ dir } = await models.addTinyModel('cached-step'));
  });
  afterAll(async () => {
    await models?.cleanup();
  });

  for (const suffix of ['_quantized', '']) {
    it(`loses the cache-branch input and the cross-attention outputs, and decodes the same tokens (${suffix || 'fp32'})`, async () => {
      const file = path.join(dir, `onnx/decoder_model_merged${suffix}.onnx`);
      const original = await readFile(file);
      const rewritten = cachedStepDecoder(original);
      expect(rewritten).not.toBeNull();
      // No copy of the weights is changed: only tags in place, plus the appended constant.
      expect(rewritten!.length).toBe(original.length + CACHED_STEP_TAIL.length);
      expect(Buffer.from(rewritten!.subarray(original.length)).equals(Buffer.from(CACHED_STEP_TAIL))).toBe(true);
      expect(Buffer.compare(await readFile(file), original)).toBe(0);
      expect(Buffer.from((await readCachedStepDecoder(file))!).equals(Buffer.from(rewritten!))).toBe(true);

      const encoder = asLoopSession(
        await ort.InferenceSession.create(path.join(dir, `onnx/encoder_model${suffix}.onnx`)),
      );
      const decoder = asLoopSession(await ort.InferenceSession.create(file));
      const cached = asLoopSession(await ort.InferenceSession.create(rewritten!));
      expect(cached.inputNames).not.toContain('use_cache_branch');
      expect(cached.outputNames.filter((n) => /^present\.\d+\.encoder\./.test(n))).toEqual([]);
      expect(cached.outputNames.length).toBeLessThan(decoder.outputNames.length);
      const json = async (name: string) =>
        JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Record<string, unknown>;
      const shape = decoderShapeOf(await json('config.json'), await json('generation_config.json'))!;
      expect(supportsGreedyLoop(encoder, decoder, shape.layers)).toBe(true);
      expect(supportsCachedStep(cached, shape.layers)).toBe(true);
      expect(supportsCachedStep(decoder, shape.layers)).toBe(false);

      const tensor: GreedyModel['tensor'] = (type, data, dims) => new ort.Tensor(type, data as never, dims);
      const merged: GreedyModel = { encoder, decoder, shape, tensor };
      // Rows of different lengths and budgets: the batch shrinks as they finish.
      const { inputs, budgets } = SHRINKING_BATCH;
      const expected = (await greedyDecode(merged, inputs, budgets)).tokens;
      expect((await greedyDecode({ ...merged, cached }, inputs, budgets)).tokens).toEqual(expected);
      expect(expected.map((row) => row.length)).toEqual(budgets);
    });
  }

  it('appends the constant as onnx-proto encodes it (the runtime writes it with protobufjs alone)', () => {
    const { onnx } = onnxProto;
    const tensor = onnx.TensorProto.encode({
      name: 'use_cache_branch',
      dataType: onnx.TensorProto.DataType.BOOL,
      dims: [1],
      int32Data: [1],
    }).finish();
    const graph = onnx.GraphProto.encode({ initializer: [onnx.TensorProto.decode(tensor)] }).finish();
    const model = onnx.ModelProto.encode({ graph: onnx.GraphProto.decode(graph) }).finish();
    expect(Buffer.from(CACHED_STEP_TAIL).toString('hex')).toBe(Buffer.from(model).toString('hex'));
  });

  it('leaves a model that is not a merged decoder untouched', async () => {
    const encoder = await readFile(path.join(dir, 'onnx/encoder_model_quantized.onnx'));
    const buffer = new Uint8Array(encoder.length + CACHED_STEP_TAIL.length);
    buffer.set(encoder);
    expect(rewriteForCachedStep(buffer, encoder.length)).toBeNull();
    expect(Buffer.from(buffer.subarray(0, encoder.length)).equals(encoder)).toBe(true);
    expect(buffer.subarray(encoder.length).every((b) => b === 0)).toBe(true);
  });

  it('refuses bytes that are not a protobuf message, and a buffer without room for the constant', () => {
    expect(() => cachedStepDecoder(new Uint8Array([0x3a, 0xff, 0xff, 0xff, 0x0f, 1, 2]))).toThrow();
    expect(() => rewriteForCachedStep(new Uint8Array(10), 10)).toThrow(/room/);
  });
});
