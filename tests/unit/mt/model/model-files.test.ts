import { appendFile, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../../../lib/mt/engine';
import { adoptModel, checkModelFiles, readManifest, wrapLoadError } from '../../../../lib/mt/model/model-files';
import { MANIFEST_FILE, resolveModel } from '../../../../lib/mt/model/registry';
import { TransformersEngine } from '../../../../lib/mt/translate/transformers-engine';
import { makeModelsDir, type ModelsDir } from '../fixtures';

const DECODER = 'onnx/decoder_model_merged_quantized.onnx';

const ROOT = path.resolve(__dirname, '../../../..');

/**
 * The load error of each way the engine loads a model: transformers.js' pipeline (no root), and the decoder thread,
 * which opens the ONNX files with onnxruntime itself and loads only the tokenizer through transformers.js.
 */
async function loadErrors(config: ConstructorParameters<typeof TransformersEngine>[0]): Promise<EngineError[]> {
  const errors: EngineError[] = [];
  for (const options of [{}, { root: ROOT }]) {
    const engine = new TransformersEngine(config, options);
    try {
      const err = await engine.ready().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(EngineError);
      errors.push(err as EngineError);
    } finally {
      await engine.dispose();
    }
  }
  return errors;
}

describe('installed model checks', () => {
  let models: ModelsDir;
  beforeAll(async () => {
    models = await makeModelsDir('files');
  });
  afterAll(async () => {
    await models?.cleanup();
  });

  it('verifies a model against its adopted manifest', async () => {
    const config = await models.addTinyModel('ok');
    const spec = resolveModel(config);
    expect((await checkModelFiles(spec)).status).toBe('unverified');
    const manifest = await adoptModel(spec);
    expect(manifest.files.map((f) => f.path)).toEqual(spec.files);
    expect(manifest.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(await readManifest(spec.dir)).toEqual(manifest);
    expect((await checkModelFiles(spec)).status).toBe('verified');
  });

  it('reports a missing model folder as model_missing with the command to run', async () => {
    const config = { ...(await models.addTinyModel('gone')), modelId: 'test/never-installed' };
    for (const err of await loadErrors(config)) {
      expect(err.code).toBe('model_missing');
      expect(err.message).toContain('config.json');
      expect(err.message).toContain('npx paralelo model fetch');
      expect(err.message).toContain('npx paralelo model verify --adopt');
    }
  });

  it('names a missing tokenizer_config.json (transformers.js would say "in null")', async () => {
    const config = await models.addTinyModel('no-tokcfg');
    await rm(path.join(config.dir, 'tokenizer_config.json'));
    for (const err of await loadErrors(config)) {
      expect(err.code).toBe('model_missing');
      expect(err.details.file).toBe('tokenizer_config.json');
      expect(err.message).toContain('tokenizer_config.json');
    }
  });

  it('names a truncated .onnx: caught by the manifest when there is one', async () => {
    const config = await models.addTinyModel('trunc-manifest');
    await adoptModel(resolveModel(config));
    await truncate(path.join(config.dir, DECODER), 1000);
    const check = await checkModelFiles(resolveModel(config));
    expect(check.status).toBe('corrupt');
    for (const err of await loadErrors(config)) {
      expect(err.code).toBe('model_corrupt');
      expect(err.details.file).toBe(DECODER);
      expect(err.message).toContain(DECODER);
    }
  });

  it('names a truncated .onnx without a manifest (onnxruntime: "Protobuf parsing failed")', async () => {
    const config = await models.addTinyModel('trunc-raw');
    await truncate(path.join(config.dir, DECODER), 1000);
    for (const err of await loadErrors(config)) {
      expect(err.code).toBe('model_corrupt');
      expect(err.details.file).toBe(DECODER);
      expect(err.message).toContain('decoder_model_merged_quantized.onnx');
      expect(err.cause).toBeDefined();
    }
  });

  it('names a broken config.json (transformers.js: a bare SyntaxError)', async () => {
    const config = await models.addTinyModel('bad-config');
    const file = path.join(config.dir, 'config.json');
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, 40));
    for (const err of await loadErrors(config)) {
      expect(err.code).toBe('model_corrupt');
      expect(err.details.file).toBe('config.json');
      expect(err.message).toContain('config.json');
    }
  });

  it('detects a changed byte with the same size through SHA-256', async () => {
    const config = await models.addTinyModel('flipped');
    const spec = resolveModel(config);
    await adoptModel(spec);
    const file = path.join(config.dir, 'tokenizer.json');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"', "'"));
    const check = await checkModelFiles(spec);
    expect(check).toMatchObject({ status: 'corrupt', problems: [{ file: 'tokenizer.json', kind: 'sha256' }] });
    // Size-only checks (cheap) still pass; an appended byte is caught by size.
    expect((await checkModelFiles(spec, { hash: false })).status).toBe('verified');
    await appendFile(file, ' ');
    expect(await checkModelFiles(spec, { hash: false })).toMatchObject({
      status: 'corrupt',
      problems: [{ kind: 'size' }],
    });
  });

  it('keeps a manifest file out of the pipeline file list', async () => {
    const config = await models.addTinyModel('manifest-name');
    expect(resolveModel(config).files).not.toContain(MANIFEST_FILE);
  });

  it('wraps unknown load errors as engine_failed, keeping the cause', async () => {
    const config = await models.addTinyModel('wrap');
    const cause = new Error('out of memory');
    const err = await wrapLoadError(cause, resolveModel(config));
    expect(err.code).toBe('engine_failed');
    expect(err.cause).toBe(cause);
  });
});
