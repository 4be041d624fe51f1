import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../../lib/mt/engine';
import {
  DEFAULT_HUB_URL,
  hubUrlFromEnv,
  modelDir,
  pipelineFiles,
  resolveModel,
} from '../../../../lib/mt/model/registry';

const base = {
  modelsDir: '/srv/models',
  modelId: 'Xenova/opus-mt-es-en',
  dtype: 'q8' as const,
  allowTestModels: false,
};

describe('model registry', () => {
  it('lists the exact files the translation pipeline opens, per dtype', () => {
    expect(pipelineFiles('q8')).toEqual([
      'config.json',
      'generation_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/encoder_model_quantized.onnx',
      'onnx/decoder_model_merged_quantized.onnx',
    ]);
    expect(pipelineFiles('fp32').filter((f) => f.endsWith('.onnx'))).toEqual([
      'onnx/encoder_model.onnx',
      'onnx/decoder_model_merged.onnx',
    ]);
  });

  it('resolves the default model inside modelsDir, q8 by default', () => {
    const spec = resolveModel(base);
    expect(spec.dir).toBe(path.resolve('/srv/models/Xenova/opus-mt-es-en'));
    expect(spec.dtype).toBe('q8');
    expect(spec.isTestModel).toBe(false);
  });

  it('refuses test models unless allowed, with a message saying why', () => {
    const refused = (() => {
      try {
        resolveModel({ ...base, modelId: 'test/tiny' });
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(EngineError);
    expect((refused as EngineError).code).toBe('model_not_allowed');
    expect((refused as EngineError).message).toMatch(/test model.*PARALELO_ALLOW_TEST_MODELS=1/);
    expect(resolveModel({ ...base, modelId: 'test/tiny', allowTestModels: true }).isTestModel).toBe(true);
  });

  it.each(['../../etc', 'a/..', 'a/../../b', '/abs/path', 'a/b/c', 'noslash', 'a\\b/c', '', 'a/.', 'a/b/', '../x'])(
    'rejects the unsafe model id %j',
    (id) => {
      expect(() => modelDir('/srv/models', id)).toThrow(expect.objectContaining({ code: 'input_invalid' }));
    },
  );

  it('takes the hub URL from PARALELO_HUB_URL', () => {
    expect(hubUrlFromEnv({})).toBe(DEFAULT_HUB_URL);
    expect(hubUrlFromEnv({ PARALELO_HUB_URL: 'http://127.0.0.1:9/' })).toBe('http://127.0.0.1:9');
  });
});
