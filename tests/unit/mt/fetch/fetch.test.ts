import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../../../lib/mt/engine';
import type { FetchProgress } from '../../../../lib/mt/fetch/fetch-model';
import { fetchModel } from '../../../../lib/mt/fetch/fetch-model';
import { checkModelFiles, readManifest } from '../../../../lib/mt/model/model-files';
import { MANIFEST_FILE, pipelineFiles, resolveModel } from '../../../../lib/mt/model/registry';
import type { EngineConfig } from '../../../../lib/mt/translate/transformers-engine';
import { TransformersEngine } from '../../../../lib/mt/translate/transformers-engine';
import { makeModelsDir, type ModelsDir } from '../fixtures';
import { closedPort, startFakeHub, type FakeHub, type HubFaults } from '../hub-server';

const DECODER = 'onnx/decoder_model_merged_quantized.onnx';

describe('fetchModel against a local hub', () => {
  let source: ModelsDir; // where the generated model is served from
  let target: ModelsDir; // where fetches write
  let served: EngineConfig & { dir: string };
  let hub: FakeHub | null = null;
  let n = 0;

  beforeAll(async () => {
    // The fake hub is reached directly: a proxy set on the machine running the tests must not get in the way.
    for (const v of ['http_proxy', 'https_proxy', 'all_proxy']) {
      delete process.env[v];
      delete process.env[v.toUpperCase()];
    }
    source = await makeModelsDir('hub-src');
    target = await makeModelsDir('hub-dst');
    served = await source.addTinyModel('served');
  });
  afterEach(async () => {
    await hub?.close();
    hub = null;
  });
  afterAll(async () => {
    await source?.cleanup();
    await target?.cleanup();
  });

  /** A fresh target config (transformers.js memoizes by model id, so each test fetches under a new id). */
  async function serve(faults: HubFaults = {}): Promise<{ config: EngineConfig; dir: string; hub: FakeHub }> {
    const modelId = `test/fetched-${process.pid}-${++n}`;
    hub = await startFakeHub(modelId, served.dir, faults);
    const config: EngineConfig = { modelsDir: target.modelsDir, modelId, dtype: 'q8', allowTestModels: true };
    return { config, dir: resolveModel(config).dir, hub };
  }

  async function sha(file: string): Promise<string> {
    return createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  }

  it('downloads exactly the needed files, writes the manifest, and the result verifies and loads', async () => {
    const { config, dir, hub } = await serve({ linkedHeaders: true });
    const progress: FetchProgress[] = [];
    const result = await fetchModel({ config, hubUrl: hub.url, onProgress: (p) => progress.push(p) });

    const wanted = pipelineFiles('q8');
    expect(result.downloaded).toEqual(wanted);
    expect(hub.requests.filter((r) => r.method === 'GET' && !r.file.startsWith('onnx/')).map((r) => r.file)).toEqual(
      wanted.filter((f) => !f.startsWith('onnx/')),
    );
    // fp32 weights are never downloaded for q8.
    expect(hub.requests.some((r) => r.file === 'onnx/decoder_model_merged.onnx')).toBe(false);
    for (const f of wanted) expect(await sha(path.join(dir, f))).toBe(await sha(path.join(served.dir, f)));
    expect(existsSync(path.join(dir, `${DECODER}.part`))).toBe(false);

    const manifest = await readManifest(dir);
    expect(manifest).toMatchObject({ modelId: config.modelId, dtype: 'q8', source: hub.url });
    expect(manifest!.files.map((f) => f.path)).toEqual(wanted);
    expect((await checkModelFiles(resolveModel(config))).status).toBe('verified');

    const last = progress.at(-1)!;
    expect(last.phase).toBe('done');
    expect(last.totalBytes).toBe(manifest!.files.reduce((a, f) => a + f.size, 0));
    expect(last.doneBytes).toBe(last.totalBytes);

    const engine = new TransformersEngine(config);
    try {
      const [out] = await engine.translate(['Hola.']);
      expect(out!.length).toBeGreaterThan(0);
    } finally {
      await engine.dispose();
    }
  });

  it('skips verified files on a second run and re-downloads with --force', async () => {
    const { config, hub } = await serve();
    await fetchModel({ config, hubUrl: hub.url });
    const again = await fetchModel({ config, hubUrl: hub.url });
    expect(again.downloaded).toEqual([]);
    expect(again.skipped).toEqual(pipelineFiles('q8'));
    const forced = await fetchModel({ config, hubUrl: hub.url, force: true });
    expect(forced.downloaded).toEqual(pipelineFiles('q8'));
  });

  it('resumes with Range after the server cuts the connection; the file exists only when complete', async () => {
    const size = (await stat(path.join(served.dir, DECODER))).size;
    const { config, dir, hub } = await serve({ cutAfter: { [DECODER]: { bytes: Math.floor(size / 3), times: 1 } } });

    const first = await fetchModel({ config, hubUrl: hub.url, retries: 0 }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(EngineError);
    expect((first as EngineError).code).toBe('download_failed');
    expect((first as EngineError).message).toContain(DECODER);
    expect(existsSync(path.join(dir, DECODER))).toBe(false);
    expect(existsSync(path.join(dir, MANIFEST_FILE))).toBe(false);
    const partSize = (await stat(path.join(dir, `${DECODER}.part`))).size;
    expect(partSize).toBeGreaterThan(0);
    expect(partSize).toBeLessThan(size);
    expect((await checkModelFiles(resolveModel(config))).ok).toBe(false);

    await fetchModel({ config, hubUrl: hub.url });
    expect(hub.requests.filter((r) => r.file === DECODER && r.method === 'GET').at(-1)?.range).toBe(
      `bytes=${partSize}-`,
    );
    expect(await sha(path.join(dir, DECODER))).toBe(await sha(path.join(served.dir, DECODER)));
    expect((await checkModelFiles(resolveModel(config))).status).toBe('verified');
  });

  it('retries a cut download by itself, resuming from the .part', async () => {
    const { config, dir, hub } = await serve({
      cutAfter: { [DECODER]: { bytes: 5000, times: 2 } },
      linkedHeaders: true,
    });
    await fetchModel({ config, hubUrl: hub.url, retries: 2 });
    const ranges = hub.requests.filter((r) => r.file === DECODER && r.method === 'GET' && r.cdn).map((r) => r.range);
    expect(ranges).toEqual([undefined, 'bytes=5000-', 'bytes=10000-']);
    expect(await sha(path.join(dir, DECODER))).toBe(await sha(path.join(served.dir, DECODER)));
  });

  it('copes with a server that answers 200 to a Range request', async () => {
    const { config, dir, hub } = await serve({ cutAfter: { [DECODER]: { bytes: 7000, times: 1 } }, ignoreRange: true });
    await fetchModel({ config, hubUrl: hub.url });
    expect(await sha(path.join(dir, DECODER))).toBe(await sha(path.join(served.dir, DECODER)));
    expect((await checkModelFiles(resolveModel(config))).status).toBe('verified');
  });

  it('refuses a file whose SHA-256 differs from the hub etag, leaving nothing that looks complete', async () => {
    const original = await readFile(path.join(served.dir, DECODER));
    const bad = Buffer.from(original);
    bad[bad.length - 10] = bad[bad.length - 10]! ^ 0xff;
    const { config, dir, hub } = await serve({ replaceBody: { [DECODER]: bad } });
    const err = await fetchModel({ config, hubUrl: hub.url, retries: 0 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'download_failed' });
    expect((err as Error).message).toMatch(/Checksum mismatch/);
    expect(existsSync(path.join(dir, DECODER))).toBe(false);
    expect(existsSync(path.join(dir, `${DECODER}.part`))).toBe(false);
    expect(existsSync(path.join(dir, MANIFEST_FILE))).toBe(false);
  });

  it('lets verify detect a file corrupted after download', async () => {
    const { config, dir, hub } = await serve();
    await fetchModel({ config, hubUrl: hub.url });
    const file = path.join(dir, 'onnx/encoder_model_quantized.onnx');
    const bytes = await readFile(file);
    bytes[100] = bytes[100]! ^ 0xff;
    await writeFile(file, bytes);
    const check = await checkModelFiles(resolveModel(config));
    expect(check).toMatchObject({ status: 'corrupt', problems: [{ file: 'onnx/encoder_model_quantized.onnx' }] });
    // A plain fetch repairs exactly that file.
    const repaired = await fetchModel({ config, hubUrl: hub.url });
    expect(repaired.downloaded).toEqual(['onnx/encoder_model_quantized.onnx']);
    expect((await checkModelFiles(resolveModel(config))).status).toBe('verified');
  });

  it.each([
    ['a closed port on 127.0.0.1', async () => `http://127.0.0.1:${await closedPort()}`],
    ['an unresolvable host', async () => 'http://paralelo.invalid'],
  ])('fails fast and says there is no network for %s', async (_label, makeUrl) => {
    const config: EngineConfig = {
      modelsDir: target.modelsDir,
      modelId: `test/offline-${++n}`,
      dtype: 'q8',
      allowTestModels: true,
    };
    const err = await fetchModel({ config, hubUrl: await makeUrl() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    const e = err as EngineError;
    expect(e.code).toBe('offline');
    expect(e.message).toMatch(/No network/);
    expect(e.message).toContain('npx paralelo model verify --adopt');
    for (const f of pipelineFiles('q8')) expect(e.message).toContain(f);
    expect(e.details.files).toEqual(pipelineFiles('q8'));
    expect(e.cause).toBeDefined();
    // Nothing was written: no folder that could look like an installed model.
    expect(existsSync(resolveModel(config).dir)).toBe(false);
  });

  it('reports an HTTP error from the hub as download_failed naming the file', async () => {
    const { config, hub } = await serve();
    const err = await fetchModel({ config: { ...config, modelId: 'test/not-on-hub' }, hubUrl: hub.url }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'download_failed' });
    expect((err as Error).message).toMatch(/HTTP 404.*config\.json|config\.json.*HTTP 404/);
  });
});
