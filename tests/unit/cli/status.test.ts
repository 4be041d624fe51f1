import fs from 'node:fs';
import { openFolderSource } from '../../../lib/content';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRuns } from '../../../cli/commands/status';
import { saveParagraph } from '../../../lib/documents/save-revision';
import { openSqliteStore } from '../../../lib/store/sqlite';
import { EN, ES, runCli as run } from './run-cli';

const DOC = `---
title: Molino
---

El molino de la colina muele trigo desde hace dos siglos.

Cada otoño, los vecinos traen sacos de grano en carros de madera.

La rueda se detuvo solo una vez, durante la gran sequía.

Hoy los niños de la escuela lo visitan en primavera.
`;

const TEST_MODEL = 'test/tiny-random-marian-es-en';

describe('paralelo status', () => {
  let work: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-cli-status-'));
    const content = path.join(work, 'content');
    fs.mkdirSync(content);
    fs.writeFileSync(path.join(content, 'molino.md'), DOC);
    fs.writeFileSync(path.join(content, 'roto.md'), '---\ntitle: [sin cerrar\n---\n\nTexto.\n');
    env = { PARALELO_CONTENT_DIR: content, PARALELO_DB: path.join(work, 'paralelo.db') };
    // Someone approved paragraph 2 and edited paragraph 3 in the reader.
    const store = openSqliteStore(env.PARALELO_DB!);
    const deps = {
      content: openFolderSource(content),
      modelId: 'Xenova/opus-mt-es-en',
      testModel: false,
      lookup: (modelId: string, keys: string[]) => store.getMachineTranslations(modelId, keys),
      revisions: store,
    };
    const save = (index: number, text: string, status: 'edited' | 'approved') =>
      saveParagraph(
        deps,
        { slug: 'molino', index, baseVersion: null },
        {
          text,
          status,
          author: 'Ana',
          clientSaveId: `status-${index}`,
          kind: 'save',
        },
      );
    expect(
      await save(1, 'Every autumn, the neighbours bring sacks of grain in wooden carts.', 'approved'),
    ).toMatchObject({
      ok: true,
    });
    expect(await save(2, 'The wheel stopped only once.', 'edited')).toMatchObject({ ok: true });
    // A generated test model translated the first paragraph.
    await store.putMachineTranslations(TEST_MODEL, [
      { sourceKey: 'El molino de la colina muele trigo desde hace dos siglos.', target: 'contra contra contra' },
    ]);
    await store.close();
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('lists every document with its progress, and the files it cannot read', async () => {
    const res = await run(['status'], { ...env, ...EN });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('molino: Molino: 4 paragraphs, 0 translated, 1 approved, 1 edited');
    expect(res.stdout).toMatch(/^roto\.md: cannot be read: /m);
  });

  it('says when what was translated comes from a generated test model', async () => {
    const res = await run(['status'], { ...env, ...EN, PARALELO_MODEL: TEST_MODEL, PARALELO_ALLOW_TEST_MODELS: '1' });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(
      'molino: Molino: 4 paragraphs, 1 translated, 1 approved, 1 edited (generated test model: not a translation)',
    );
    const one = await run(['status', 'molino'], {
      ...env,
      ...ES,
      PARALELO_MODEL: TEST_MODEL,
      PARALELO_ALLOW_TEST_MODELS: '1',
    });
    expect(one.stdout).toContain(
      'Traducción automática: 1 de 4 párrafos (modelo de prueba generado: no es una traducción)',
    );
  });

  it("shows one document's review, with the paragraphs left to review as the reader numbers them", async () => {
    const en = await run(['status', 'molino'], { ...env, ...EN });
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout.split('\n')).toEqual([
      'Molino (molino)',
      '  44 words, 4 paragraphs',
      '  Machine translation: 0 of 4 paragraphs',
      '  Review: 1 of 4 paragraphs approved, 1 edited and not approved yet',
      '  To review: paragraphs 1, 3-4',
      '',
    ]);
    const es = await run(['status', 'molino'], { ...env, ...ES });
    expect(es.stdout).toContain('Revisión: 1 de 4 párrafos aprobados, 1 editado y aún sin aprobar');
    expect(es.stdout).toContain('Por revisar: párrafos 1, 3-4');
  });

  it('prints JSON for scripts', async () => {
    const one = await run(['status', 'molino', '--json'], { ...env, ...EN });
    expect(JSON.parse(one.stdout)).toMatchObject({
      slug: 'molino',
      paragraphs: 4,
      review: {
        total: 4,
        approved: 1,
        edited: 1,
        pending: [
          [0, 0],
          [2, 3],
        ],
      },
    });
    const all = await run(['status', '--json'], { ...env, ...EN });
    const documents = (JSON.parse(all.stdout) as { documents: { ok: boolean }[] }).documents;
    expect(documents.map((d) => d.ok).sort()).toEqual([false, true]);
  });

  it('fails with one line for an unknown document or a path out of the content folder', async () => {
    for (const slug of ['nada', '../content', '/etc/passwd']) {
      const res = await run(['status', slug], { ...env, ...ES });
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toContain(`No se puede mostrar ${slug}`);
      expect(res.stdout).toBe('');
    }
  });
});

describe('formatRuns', () => {
  it('numbers paragraphs from 1 and counts the runs it leaves out', () => {
    expect(
      formatRuns([
        [0, 0],
        [2, 5],
        [9, 9],
      ]),
    ).toEqual({ text: '1, 3-6, 10', more: 0 });
    expect(
      formatRuns(
        [
          [0, 0],
          [2, 2],
          [4, 4],
        ],
        2,
      ),
    ).toEqual({ text: '1, 3', more: 1 });
    expect(formatRuns([])).toEqual({ text: '', more: 0 });
  });
});
