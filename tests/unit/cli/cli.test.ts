import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeModelsDir, type ModelsDir } from '../mt/fixtures';
import { closedPort, startFakeHub, type FakeHub } from '../mt/hub-server';
import { EN, ES, fetchEnv, runCli } from './run-cli';

const run = runCli;

describe('paralelo CLI (child process)', () => {
  let models: ModelsDir;
  let offlineHub: string;
  let hub: FakeHub | null = null;

  beforeAll(async () => {
    models = await makeModelsDir('cli');
    offlineHub = `http://127.0.0.1:${await closedPort()}`;
  });
  afterEach(async () => {
    await hub?.close();
    hub = null;
  });
  afterAll(async () => {
    await models?.cleanup();
  });

  it('speaks Spanish with LANG=es_ES.UTF-8 and English with LANG=en_US.UTF-8', async () => {
    const env = { PARALELO_MODELS_DIR: models.modelsDir };
    const es = await run(['model', 'list'], { ...env, ...ES });
    const en = await run(['model', 'list'], { ...env, ...EN });
    expect(es).toMatchObject({ code: 0 });
    expect(es.stdout).toContain('No hay modelos instalados');
    expect(en).toMatchObject({ code: 0 });
    expect(en.stdout).toContain('No models installed');
  });

  it('lets LC_ALL override LANG', async () => {
    const r = await run(['model', 'list'], {
      PARALELO_MODELS_DIR: models.modelsDir,
      LANG: 'en_US.UTF-8',
      LC_ALL: 'es_MX.UTF-8',
    });
    expect(r.stdout).toContain('No hay modelos instalados');
  });

  it('`model ensure --quiet-offline` exits 0 offline with a short note, in the user language', async () => {
    const env = { PARALELO_MODELS_DIR: models.modelsDir, PARALELO_HUB_URL: offlineHub };
    const es = await run(['model', 'ensure', '--quiet-offline'], { ...env, ...ES });
    expect(es.code).toBe(0);
    expect(es.stderr).toContain('No hay red');
    expect(es.stderr).toContain('npx paralelo model fetch');
    const en = await run(['model', 'ensure', '--quiet-offline'], { ...env, ...EN });
    expect(en.code).toBe(0);
    expect(en.stderr).toContain('No network');
    expect(en.stderr).toContain('Spanish reading');
  });

  it('`model fetch` offline fails with exit 1 and one clear line, no stack', async () => {
    const env = { PARALELO_MODELS_DIR: models.modelsDir, PARALELO_HUB_URL: offlineHub };
    const es = await run(['model', 'fetch'], { ...env, ...ES });
    expect(es.code).toBe(1);
    const lines = es.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^Sin red: .*npx paralelo model verify --adopt/);
    expect(lines.at(-1)).toContain('onnx/decoder_model_merged_quantized.onnx');
    expect(es.stderr).not.toMatch(/\n\s+at /);
    const debug = await run(['model', 'fetch'], { ...env, ...EN, PARALELO_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/No network/);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('exits 2 on a usage error', async () => {
    const r = await run(['model', 'fetch', '--dtype', 'int3'], EN);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('int3');
    expect((await run(['model', 'frobnicate'], ES)).code).toBe(2);
  });

  it('fetches from a hub, verifies, lists (labelled as a test model) and ensures silently', async () => {
    const served = await models.addTinyModel('cli-served');
    const modelId = 'test/cli-fetched';
    hub = await startFakeHub(modelId, served.dir, { linkedHeaders: true });
    const target = await makeModelsDir('cli-target');
    try {
      const env = fetchEnv(target.modelsDir, hub.url, modelId);
      const fetched = await run(['model', 'fetch'], env);
      expect(fetched.code).toBe(0);
      expect(fetched.stdout).toMatch(/installed and verified: 6 files downloaded/);
      // Not a TTY: one plain line per file, no progress bar escape codes.
      expect(fetched.stderr).toContain('onnx/encoder_model_quantized.onnx');
      expect(fetched.stderr).not.toContain('\u001b[');

      const verified = await run(['model', 'verify'], env);
      expect(verified).toMatchObject({ code: 0 });
      expect(verified.stdout).toMatch(/is verified: 6 files/);

      const listed = await run(['model', 'list'], { ...env, ...ES });
      expect(listed.stdout).toMatch(/test\/cli-fetched\s+q8\s+.*verificado.*modelo de prueba/);

      const ensured = await run(['model', 'ensure', '--quiet-offline'], env);
      expect(ensured).toEqual({ code: 0, stdout: '', stderr: '' });

      const refused = await run(['model', 'verify'], { ...env, PARALELO_ALLOW_TEST_MODELS: '0' });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/test model/);
    } finally {
      await target.cleanup();
    }
  });

  it('adopts files copied in by hand', async () => {
    const copied = await models.addTinyModel('cli-copied');
    const env = {
      ...ES,
      PARALELO_MODELS_DIR: models.modelsDir,
      PARALELO_MODEL: copied.modelId,
      PARALELO_ALLOW_TEST_MODELS: '1',
    };
    const before = await run(['model', 'verify'], env);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('verify --adopt');
    const adopted = await run(['model', 'verify', '--adopt'], env);
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toMatch(/se han registrado 6 archivos/);
    expect((await run(['model', 'verify'], env)).code).toBe(0);
  });
});
