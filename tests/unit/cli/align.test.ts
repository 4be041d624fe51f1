import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from './run-cli';

const DOC = `---
title: Faro
---

El faro del puerto viejo se encendió en el verano de 1912. Los pescadores decían que su luz se veía desde las islas.

Durante la tormenta de 1931, Rosa Vidal subió 120 escalones.

Hoy el edificio es un museo con 40 mapas.
`;

const ENGLISH = `The old harbour lighthouse was lit in the summer of 1912. Fishermen said its light was seen from the islands.

During the 1931 storm, Rosa Vidal climbed 120 steps.

Today the building is a museum with 40 maps.
`;

describe('paralelo align', () => {
  let work: string;
  let env: Record<string, string>;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-cli-align-'));
    fs.mkdirSync(path.join(work, 'content'));
    fs.writeFileSync(path.join(work, 'content', 'faro.md'), DOC);
    fs.writeFileSync(path.join(work, 'faro.en.txt'), ENGLISH);
    fs.writeFileSync(path.join(work, 'recipe.txt'), 'Boil the pasta for ten minutes, then add salt.');
    fs.writeFileSync(path.join(work, 'empty.txt'), '\n\n');
    fs.writeFileSync(path.join(work, 'content', 'corto.md'), DOC);
    fs.writeFileSync(
      path.join(work, 'mixto.en.txt'),
      Buffer.concat([Buffer.from('The year, año.\n\nAnd '), Buffer.from([0xe9]), Buffer.from('.\n')]),
    );
    fs.writeFileSync(path.join(work, 'corto.en.txt'), 'The old harbour lighthouse was lit in the summer of 1912.');
    fs.writeFileSync(path.join(work, 'content', 'solo.md'), 'El faro se encendió en 1912.\n');
    fs.writeFileSync(path.join(work, 'solo.en.txt'), 'The lighthouse was first lit in 1912. '.repeat(600));
    env = { PARALELO_CONTENT_DIR: path.join(work, 'content'), PARALELO_DB: path.join(work, 'paralelo.db') };
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('dry-runs, then imports, in English', async () => {
    const dry = await run(['align', 'faro', path.join(work, 'faro.en.txt'), '--dry-run'], {
      ...env,
      LANG: 'en_US.UTF-8',
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Dry run: 3 of 3 paragraphs would be imported from faro.en.txt');
    const real = await run(['align', 'faro', path.join(work, 'faro.en.txt')], { ...env, LANG: 'en_US.UTF-8' });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain('3 of 3 paragraphs imported from faro.en.txt');
    expect(real.stdout).toContain('Every link has a confidence of 0.5 or more.');
  });

  it('says which paragraphs a shorter English leaves as they were, in both languages', async () => {
    const en = await run(['align', 'corto', path.join(work, 'corto.en.txt')], { ...env, LANG: 'en_US.UTF-8' });
    expect(en.code, en.stderr).toBe(0);
    expect(en.stderr).toContain('2 paragraphs left as they were (the English has nothing for them');
    const es = await run(['align', 'corto', path.join(work, 'corto.en.txt'), '--dry-run'], {
      ...env,
      LANG: 'es_ES.UTF-8',
    });
    expect(es.code, es.stderr).toBe(0);
    expect(es.stderr).toMatch(/2 párrafos se quedaron como estaban \(el inglés no tiene nada para ellos.*\): \d, \d$/m);
  });

  it('refuses an English file that is UTF-8 but for one byte, naming its line, in both languages', async () => {
    const es = await run(['align', 'corto', path.join(work, 'mixto.en.txt')], { ...env, LANG: 'es_ES.UTF-8' });
    expect(es.code).toBe(1);
    expect(es.stderr).toContain('El archivo mixto.en.txt está en UTF-8 salvo la línea 3');
    const en = await run(['align', 'corto', path.join(work, 'mixto.en.txt')], { ...env, LANG: 'en_US.UTF-8' });
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('The file mixto.en.txt is UTF-8 except line 3');
  });

  it('reports low-confidence links of an unrelated text, in Spanish', async () => {
    const res = await run(['align', 'faro', path.join(work, 'recipe.txt'), '--dry-run'], {
      ...env,
      LANG: 'es_ES.UTF-8',
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/\d+ enlaces? por revisar \(confianza menor que 0,5\)/);
    expect(res.stdout).toMatch(/Español 1 ↔ inglés/);
  });

  it('names the paragraphs whose English would be too long, and imports nothing for them, in Spanish', async () => {
    const res = await run(['align', 'solo', path.join(work, 'solo.en.txt')], { ...env, LANG: 'es_ES.UTF-8' });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Se importaron 0 de 1 párrafos desde solo.en.txt');
    expect(res.stderr).toContain('No se importó 1 párrafo (su inglés sería más largo de lo que admite un párrafo');
    expect(res.stderr).toMatch(/divida el párrafo en español\): 1$/m);
  });

  it('says so for an empty file, a missing file and an unknown document', async () => {
    const empty = await run(['align', 'faro', path.join(work, 'empty.txt')], { ...env, LANG: 'en_US.UTF-8' });
    expect(empty.code).toBe(0);
    expect(empty.stderr).toContain('empty.txt has no text: nothing to align, nothing imported.');
    const missing = await run(['align', 'faro', path.join(work, 'nope.txt')], { ...env, LANG: 'es_ES.UTF-8' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no existe o no es un archivo');
    const unknown = await run(['align', 'nope', path.join(work, 'faro.en.txt')], { ...env, LANG: 'en_US.UTF-8' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Nothing imported: No document "nope"');
  });
});
