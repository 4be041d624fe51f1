import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EN, ROOT, runCli as run } from './run-cli';
import { makeModelsDir, type ModelsDir } from '../mt/fixtures';

const SEED = path.join(ROOT, 'tests/fixtures/seed');

describe('paralelo translate', () => {
  let models: ModelsDir;
  let work: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    models = await makeModelsDir('cli-translate');
    const model = await models.addTinyModel('cli');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-cli-translate-'));
    fs.mkdirSync(path.join(work, 'content'));
    const seedFile = fs.readdirSync(SEED).find((f) => f.endsWith('.txt'))!;
    fs.copyFileSync(path.join(SEED, seedFile), path.join(work, 'content', 'seed.txt'));
    env = {
      PARALELO_CONTENT_DIR: path.join(work, 'content'),
      PARALELO_DB: path.join(work, 'paralelo.db'),
      PARALELO_MODELS_DIR: models.modelsDir,
      PARALELO_MODEL: model.modelId,
      PARALELO_ALLOW_TEST_MODELS: '1',
    };
  });

  afterAll(async () => {
    await models.cleanup();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('translates a slug into a bilingual file, labels test-model output, then serves it all from the cache', async () => {
    const out = path.join(work, 'seed.en.md');
    const first = await run(['translate', 'seed', '--out', out], { ...env, LANG: 'en_US.UTF-8' });
    expect(first.stderr).toContain('is a generated test model');
    expect(first.code, first.stderr).toBe(0);
    const summary = /(\d+) sentences: (\d+) translated by the model, (\d+) from the cache\. 10 of 10 paragraphs/.exec(
      first.stderr,
    );
    expect(summary, first.stderr).not.toBeNull();
    const [, sentences, translated, cached] = summary!.map(Number);
    expect(translated).toBe(sentences);
    expect(cached).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain('El líder de Corea del Norte');
    expect(text).toContain('Entérate con El Expreso');
    // Every English paragraph is marked as test output: 10 paragraphs plus the notice at the top.
    expect(text.match(/test-model output, not a translation/g)).toHaveLength(11);

    const again = await run(['translate', 'seed', '--format', 'json'], { ...env, LANG: 'es_ES.UTF-8' });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`${sentences} oraciones: 0 traducidas por el modelo, ${sentences} de la caché`);
    const doc = JSON.parse(again.stdout) as { paragraphs: { target: { testModel: boolean } | null }[] };
    expect(doc.paragraphs).toHaveLength(10);
    expect(doc.paragraphs.every((p) => p.target?.testModel === true)).toBe(true);
  });

  it('translates a file given by path', async () => {
    const file = path.join(work, 'suelto.md');
    fs.writeFileSync(file, '---\ntitle: Suelto\n---\n\n# Capítulo uno\n\nHola, mundo. ¿Qué tal estás?\n');
    const res = await run(['translate', file, '--format', 'text'], { ...env, LANG: 'en_US.UTF-8' });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Hola, mundo. ¿Qué tal estás?');
    expect(res.stderr).toContain('2 of 2 paragraphs translated');
  });

  it('says what to do when the model is missing, and when the document does not exist', async () => {
    const missing = await run(['translate', 'seed'], {
      ...env,
      PARALELO_MODEL: 'Xenova/opus-mt-es-en',
      LANG: 'en_US.UTF-8',
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('config.json');
    expect(missing.stderr).toContain('npx paralelo model fetch');
    const unknown = await run(['translate', 'no-such-doc'], { ...env, LANG: 'es_ES.UTF-8' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No hay ningún documento «no-such-doc»');
  });

  // The default pool's second decoder thread joins after the first request: on a short document the CLI disposes the
  // engine while that thread is still warming up, which once left a promise pending and made Node exit with 13.
  it('exits 0 after translate and export on a fresh database with two decoder threads', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-cli-exit-'));
    try {
      const two = { ...env, PARALELO_DB: path.join(fresh, 'paralelo.db'), PARALELO_MT_THREADS: '2', ...EN };
      const translated = await run(['translate', 'seed', '--out', path.join(fresh, 'seed.en.md')], two);
      expect(translated.stderr).toContain('17 translated by the model, 0 from the cache');
      expect(translated.code, translated.stderr).toBe(0);
      const exported = await run(['export', 'seed', '--format', 'tmx', '--out', path.join(fresh, 'seed.tmx')], two);
      expect(exported.code, exported.stderr).toBe(0);
      expect(fs.readFileSync(path.join(fresh, 'seed.tmx'), 'utf8')).toContain('<tmx version="1.4">');
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
});
