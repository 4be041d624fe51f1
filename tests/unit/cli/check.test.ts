import fs from 'node:fs';
import { openFolderSource } from '../../../lib/content';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { excerpt } from '../../../cli/commands/check';
import { saveParagraph } from '../../../lib/documents/save-revision';
import { openSqliteStore } from '../../../lib/store/sqlite';
import { EN, ES, runCli as run } from './run-cli';

const DOC = `---
title: Molino
---

El molino muele trigo desde 1850 y da trabajo a 15.000 personas.

¿Quién lo construyó?

Hoy los niños de la escuela lo visitan en primavera.
`;

describe('paralelo check', () => {
  let work: string;
  let env: Record<string, string>;
  let glossaryFile: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-cli-check-'));
    const content = path.join(work, 'content');
    fs.mkdirSync(content);
    fs.writeFileSync(path.join(content, 'molino.md'), DOC);
    fs.writeFileSync(path.join(content, 'limpio.md'), '---\ntitle: Limpio\n---\n\nEl molino muele trigo.\n');
    fs.writeFileSync(path.join(content, 'ignorado.md'), '---\ntitle: Ignorado\n---\n\nSon 15.000 personas.\n');
    env = { PARALELO_CONTENT_DIR: content, PARALELO_DB: path.join(work, 'paralelo.db') };
    glossaryFile = path.join(work, 'glosario.csv');
    fs.writeFileSync(glossaryFile, 'spanish,english,forms,forbidden\nmolino,mill,molinos,windmill\ny,and,,\n');
    const store = openSqliteStore(env.PARALELO_DB!);
    const deps = {
      content: openFolderSource(content),
      modelId: 'Xenova/opus-mt-es-en',
      testModel: false,
      lookup: () => Promise.resolve(new Map()),
      revisions: store,
    };
    const save = (slug: string, index: number, text: string) =>
      saveParagraph(
        deps,
        { slug, index, baseVersion: null },
        { text, status: 'edited', author: 'Ana', clientSaveId: `c-${slug}-${index}`, kind: 'save' },
      );
    // A number changed and a Spanish question mark left in; the third paragraph is not translated yet.
    expect(
      await save('molino', 0, 'The windmill has ground wheat since 1850 and employs 16,000 people.'),
    ).toMatchObject({ ok: true });
    expect(await save('molino', 1, '¿Who built it?')).toMatchObject({ ok: true });
    expect(await save('limpio', 0, 'The mill grinds wheat.')).toMatchObject({ ok: true });
    expect(await save('ignorado', 0, 'They are 16,000 people.')).toMatchObject({ ok: true });
    await store.close();
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('prints each finding with its spans, counts per check, and exits 1 while errors remain', async () => {
    const res = await run(['check', 'molino'], { ...env, ...EN });
    expect(res.code, res.stderr).toBe(1);
    const lines = res.stdout.split('\n');
    expect(lines[0]).toBe('Molino (molino): 2 paragraphs checked, 1 without English yet');
    expect(res.stdout).toContain('¶1  error  Numbers: 15.000 is not in the English (in English: 15,000).');
    expect(res.stdout).toContain('es: …o muele trigo desde 1850 y da trabajo a ⟦15.000⟧ personas.');
    expect(res.stdout).toContain('¶1  warning  Numbers: 16,000 is in the English but not in the Spanish.');
    expect(res.stdout).toContain('¶2  error  Punctuation: ¿ is Spanish punctuation');
    expect(res.stdout).toContain('en: ⟦¿⟧Who built it?');
    expect(res.stdout).toContain('Numbers: 1 error, 1 warning');
    expect(res.stdout).toContain('2 errors, 1 warning.');
  });

  it('speaks Spanish when the user does', async () => {
    const res = await run(['check', 'molino'], { ...env, ...ES });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('Molino (molino): 2 párrafos comprobados, 1 aún sin inglés');
    expect(res.stdout).toContain('¶1  error  Números: 15.000 no está en el inglés (en inglés: 15,000).');
    expect(res.stdout).toContain('2 errores, 1 aviso.');
  });

  it('exits 0 when no error remains', async () => {
    const res = await run(['check', 'limpio'], { ...env, ...EN });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain('No findings.');
  });

  it('prints JSON for scripts, with the message keys, parameters, spans and worded text', async () => {
    const res = await run(['check', 'molino', '--json'], { ...env, ...EN });
    expect(res.code).toBe(1);
    const report = JSON.parse(res.stdout);
    expect(report).toMatchObject({ slug: 'molino', paragraphsChecked: 2, withoutEnglish: [2], unignoredErrors: 2 });
    expect(report.findings[0]).toMatchObject({
      check: 'numbers',
      severity: 'error',
      message: 'numbers.missing',
      params: { number: '15.000', expected: '15,000' },
      paragraph: 0,
      sourceText: ['15.000'],
      ignored: false,
      text: '15.000 is not in the English (in English: 15,000).',
    });
  });

  it('checks terms against a glossary file, saying what it left out of it', async () => {
    const res = await run(['check', 'molino', '--glossary', glossaryFile, '--only', 'glossary'], { ...env, ...EN });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Entry 3: the term y has fewer than two letters and is left out.');
    expect(res.stderr).toContain('Glossary glosario.csv: 1 entry.');
    expect(res.stdout).toContain('Glossary: The glossary forbids windmill as the English of molino.');
    expect(res.stdout).toContain('Glossary: The glossary translates molino as mill, which is not in the English.');
  });

  it('exits 2 on usage errors: an unknown document or check, a glossary that is not one', async () => {
    const notTbx = path.join(work, 'memoria.tbx');
    fs.writeFileSync(notTbx, '<tmx version="1.4"><body/></tmx>');
    const cases: Array<[string[], string]> = [
      [['check', 'nada'], 'Cannot check nada'],
      [['check', '../content'], 'Cannot check ../content'],
      [['check', 'molino', '--only', 'spelling'], 'Unknown check spelling'],
      [['check', 'molino', '--glossary', notTbx], 'memoria.tbx is not a TBX file (<tmx>)'],
      [['check', 'molino', '--glossary', path.join(work, 'none.csv')], 'none.csv does not exist or is not a file'],
    ];
    for (const [args, message] of cases) {
      const res = await run(args, { ...env, ...EN });
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toContain(message);
    }
  });
  it('uses the library glossary (the glossary page) when no --glossary is given', async () => {
    const store = openSqliteStore(env.PARALELO_DB!);
    await store.upsertGlossaryEntries([
      { term: 'molino', forms: [], english: ['mill'], forbidden: ['windmill'], author: 'Ana', updatedAt: Date.now() },
    ]);
    try {
      const res = await run(['check', 'molino', '--only', 'glossary', '--json'], env);
      const findings = (JSON.parse(res.stdout) as { findings: { message: string }[] }).findings;
      expect(findings.map((f) => f.message).sort()).toEqual(['glossary.forbidden', 'glossary.missing']);
      // A file given wins over the stored glossary.
      const other = path.join(work, 'otro.csv');
      fs.writeFileSync(other, 'spanish,english\npersonas,people\n');
      const withFile = await run(['check', 'molino', '--only', 'glossary', '--glossary', other, '--json'], env);
      expect((JSON.parse(withFile.stdout) as { findings: unknown[] }).findings).toEqual([]);
    } finally {
      for (const e of await store.listGlossary()) await store.deleteGlossaryEntry(e.id);
      await store.close();
    }
  });

  it('honours the ignores recorded in the store: exit 0 while only ignored errors remain, 1 after an un-ignore', async () => {
    const before = await run(['check', 'ignorado', '--json'], env);
    expect(before.code, before.stderr).toBe(1);
    const findings = (JSON.parse(before.stdout) as { findings: { paragraph: number; key: string; severity: string }[] })
      .findings;
    const errors = findings.filter((f) => f.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const store = openSqliteStore(env.PARALELO_DB!);
    const ignore = (f: { paragraph: number; key: string }, ignored: boolean) =>
      store.recordCheckIgnore({
        slug: 'ignorado',
        paragraphIndex: f.paragraph,
        findingKey: f.key,
        ignored,
        author: 'Ana',
        createdAt: Date.now(),
      });
    try {
      for (const f of errors) await ignore(f, true);
      const after = await run(['check', 'ignorado'], { ...env, ...EN });
      expect(after.code, after.stdout).toBe(0);
      expect(after.stdout).toContain('(ignored)');
      await ignore(errors[0]!, false);
      expect((await run(['check', 'ignorado'], env)).code).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe('excerpt', () => {
  it('marks the spans with context around them', () => {
    const text = `${'a'.repeat(60)} 15.000 ${'b'.repeat(60)}`;
    expect(excerpt(text, [{ start: 61, end: 67 }])).toBe(`…${'a'.repeat(39)} ⟦15.000⟧ ${'b'.repeat(39)}…`);
    expect(excerpt('corto', [])).toBe('corto');
  });
});
