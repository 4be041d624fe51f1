import fs from 'node:fs';
import { openFolderSource } from '../../../lib/content';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distributeGroup } from '../../../lib/align/share-translation';
import { importTranslation } from '../../../lib/documents/import-translation';
import { openDocument } from '../../../lib/documents/open-document';
import { realignParagraphs, realignTexts } from '../../../lib/documents/realign-paragraphs';
import { listParagraphRevisions, saveParagraph, type EditDeps } from '../../../lib/documents/save-revision';
import { createMemoryStore } from '../../../lib/store/memory';
import { openSqliteStore } from '../../../lib/store/sqlite';
import type { Store } from '../../../lib/store/types';
import { normalizeSentenceKey } from '../../../lib/text/normalize';

const DOC = `---
title: El faro
---

El faro del puerto viejo se encendió por primera vez en el verano de 1912. Los pescadores contaban que su luz se veía desde las islas más lejanas del archipiélago.

Durante la tormenta de febrero de 1931, la farera Rosa Vidal subió 120 escalones con una lámpara de aceite.

Hoy el edificio es un pequeño museo con 40 mapas, cuadernos de bitácora y fotografías antiguas.

Cada sábado, una guía voluntaria explica a los visitantes cómo funcionaba el mecanismo de relojería.
`;

const MACHINE: Record<string, string> = {
  'El faro del puerto viejo se encendió por primera vez en el verano de 1912.':
    'The lighthouse of the old port was lit for the first time in the summer of 1912.',
  'Los pescadores contaban que su luz se veía desde las islas más lejanas del archipiélago.':
    'The fishermen said its light could be seen from the farthest islands of the archipelago.',
  'Durante la tormenta de febrero de 1931, la farera Rosa Vidal subió 120 escalones con una lámpara de aceite.':
    'During the February 1931 storm, the keeper Rosa Vidal climbed 120 steps with an oil lamp.',
  'Hoy el edificio es un pequeño museo con 40 mapas, cuadernos de bitácora y fotografías antiguas.':
    'Today the building is a small museum with 40 maps, logbooks and old photographs.',
  'Cada sábado, una guía voluntaria explica a los visitantes cómo funcionaba el mecanismo de relojería.':
    'Every Saturday, a volunteer guide explains to visitors how the clockwork mechanism worked.',
};

// The published translation joins paragraphs 3 and 4 (n:m) and words things its own way.
const ENGLISH = `The old harbour lighthouse was first lit in the summer of 1912. Fishermen used to say its light could be seen from the most distant islands of the archipelago.

In the storm of February 1931, Rosa Vidal, the keeper, climbed the 120 steps carrying an oil lamp.

Today the building is a small museum holding 40 maps, logbooks and old photographs. On Saturdays a volunteer guide shows visitors how the clockwork mechanism used to run.
`;

const adapters: [string, (dir: string) => Store][] = [
  ['memory', () => createMemoryStore()],
  ['sqlite', (dir) => openSqliteStore(path.join(dir, 'paralelo.db'), { busyTimeoutMs: 2000 })],
];

const bytes = (text: string) => new TextEncoder().encode(text);

describe.each(adapters)('importing a published translation (%s store)', (_name, openStore) => {
  let dir: string;
  let store: Store;
  const deps = (): EditDeps => ({
    content: openFolderSource(path.join(dir, 'content')),
    modelId: 'm1',
    testModel: false,
    lookup: (model, keys) => store.getMachineTranslations(model, keys),
    revisions: store,
  });
  const view = async () => {
    const opened = await openDocument(deps(), 'faro');
    if (!opened.ok) throw new Error(opened.message);
    return opened.document.paragraphs;
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-align-'));
    fs.mkdirSync(path.join(dir, 'content'));
    fs.writeFileSync(path.join(dir, 'content', 'faro.md'), DOC);
    store = openStore(dir);
    await store.putMachineTranslations(
      'm1',
      Object.entries(MACHINE).map(([s, t]) => ({ sourceKey: normalizeSentenceKey(s), target: t })),
    );
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shares a merged English paragraph out by sentence and saves one import revision per paragraph', async () => {
    const report = await importTranslation(deps(), 'faro', { bytes: bytes(ENGLISH), fileName: 'faro.en.txt' });
    expect(report).toMatchObject({ ok: true, paragraphs: 4, englishParagraphs: 3, bridge: true, imported: 4 });
    if (!report.ok) return;
    expect(report.links).toContainEqual(expect.objectContaining({ source: [2, 3], target: [2] }));
    expect(report.conflicts).toEqual([]);
    const paragraphs = await view();
    expect(paragraphs[2]!.target?.text).toBe(
      'Today the building is a small museum holding 40 maps, logbooks and old photographs.',
    );
    expect(paragraphs[3]!.target?.text).toBe(
      'On Saturdays a volunteer guide shows visitors how the clockwork mechanism used to run.',
    );
    for (const p of paragraphs) {
      expect(p.target?.origin).toBe('imported');
      expect(p.revision).toMatchObject({ kind: 'import', status: 'edited', author: 'import: faro.en.txt' });
      // The machine translation stays for comparison, and the links are reported at paragraph level too.
      expect(p.machine?.text).toBeTruthy();
      expect(p.alignment).toEqual(p.target?.alignment);
      expect(p.flags?.lowConfidence).toBe(false);
    }
    expect(paragraphs[0]!.alignment).toHaveLength(2);
  });

  it('skips a paragraph saved by someone else after the reader saw it, and reports it as a conflict', async () => {
    const saved = await saveParagraph(
      deps(),
      { slug: 'faro', index: 1, baseVersion: null },
      { text: 'My own version.', status: 'approved', author: 'Ana', clientSaveId: 'a1', kind: 'save' },
    );
    expect(saved.ok).toBe(true);
    const report = await importTranslation(deps(), 'faro', {
      bytes: bytes(ENGLISH),
      fileName: null,
      versions: new Map([
        [0, '0'],
        [1, '0'],
      ]),
    });
    expect(report).toMatchObject({ ok: true, imported: 3, conflicts: [1] });
    const paragraphs = await view();
    expect(paragraphs[1]!.target?.text).toBe('My own version.');
    expect(paragraphs[0]!.revision?.author).toBe('import: pasted text');
  });

  it('does not write a paragraph whose English would be longer than a paragraph may hold, and says which', async () => {
    fs.writeFileSync(path.join(dir, 'content', 'solo.md'), 'El faro se encendió en 1912.\n');
    // One Spanish paragraph of 28 characters: its English may have 20,000 at most.
    const long = 'The lighthouse was first lit in 1912. '.repeat(600).trim();
    expect(long.length).toBeGreaterThan(20_000);
    for (const dryRun of [true, false]) {
      const report = await importTranslation(deps(), 'solo', { bytes: bytes(long), fileName: 'solo.en.txt', dryRun });
      expect(report).toMatchObject({ ok: true, imported: 0, tooLong: [0], conflicts: [] });
    }
    const opened = await openDocument(deps(), 'solo');
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.document.paragraphs[0]!.revision).toBeNull();
    // The same English within the limit is imported.
    const fits = await importTranslation(deps(), 'solo', { bytes: bytes(long.slice(0, 2_000)), fileName: null });
    expect(fits).toMatchObject({ ok: true, imported: 1, tooLong: [] });
  });

  it('never writes an empty revision over a paragraph the English has nothing for, and says which', async () => {
    const spanish = Array.from({ length: 10 }, (_, i) => `El párrafo número ${i + 1} cuenta otra cosa del faro.`);
    fs.writeFileSync(path.join(dir, 'content', 'diez.md'), spanish.join('\n\n') + '\n');
    const approved = await saveParagraph(
      deps(),
      { slug: 'diez', index: 4, baseVersion: null },
      { text: 'Paragraph five, approved.', status: 'approved', author: 'Ana', clientSaveId: 'a5', kind: 'save' },
    );
    expect(approved.ok).toBe(true);
    const report = await importTranslation(deps(), 'diez', {
      bytes: bytes('Paragraph number 1 tells something else about the lighthouse.'),
      fileName: null,
    });
    if (!report.ok) throw new Error(report.message);
    expect(report.imported).toBe(1);
    expect(report.missing).toHaveLength(9);
    expect(report.conflicts).toEqual([]);
    const opened = await openDocument(deps(), 'diez');
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.document.paragraphs[4]!.target).toMatchObject({
      text: 'Paragraph five, approved.',
      status: 'approved',
    });
    const written = opened.document.paragraphs.filter((p) => p.revision?.kind === 'import');
    expect(written.map((p) => p.revision!.text.trim() === '')).toEqual([false]);
  });

  it('a dry run writes nothing', async () => {
    const report = await importTranslation(deps(), 'faro', { bytes: bytes(ENGLISH), fileName: 'x.md', dryRun: true });
    expect(report).toMatchObject({ ok: true, dryRun: true, imported: 4 });
    expect((await view()).every((p) => p.revision === null)).toBe(true);
  });

  it('flags an unrelated text as low confidence instead of failing', async () => {
    const report = await importTranslation(deps(), 'faro', {
      bytes: bytes('Boil the pasta for ten minutes.\n\nAdd salt, pepper and a spoon of olive oil.'),
      fileName: 'recipe.txt',
    });
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.lowConfidence.length).toBeGreaterThanOrEqual(2);
    expect(report.lowConfidence.every((l) => l.confidence < 0.5)).toBe(true);
    const flagged = (await view()).filter((p) => p.flags?.lowConfidence);
    expect(flagged.length).toBeGreaterThanOrEqual(2);
  });

  it('answers an empty text with every paragraph unmatched and writes nothing', async () => {
    const report = await importTranslation(deps(), 'faro', { bytes: bytes('  \n\n '), fileName: null });
    expect(report).toMatchObject({ ok: true, empty: true, imported: 0 });
    if (report.ok) expect(report.lowConfidence).toHaveLength(4);
    expect((await view()).every((p) => p.revision === null)).toBe(true);
  });

  it('refuses unknown documents and other file types', async () => {
    expect(await importTranslation(deps(), 'nope', { bytes: bytes('x'), fileName: null })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await importTranslation(deps(), 'faro', { bytes: bytes('x'), fileName: 'a.pdf' })).toMatchObject({
      ok: false,
      code: 'unsupported',
    });
  });

  it('moves sentence boundaries as two align revisions, checking both versions', async () => {
    await importTranslation(deps(), 'faro', { bytes: bytes(ENGLISH), fileName: 'faro.en.txt' });
    let [a, b] = await view();
    const push = await realignParagraphs(deps(), {
      slug: 'faro',
      index: 0,
      action: 'pushLast',
      versions: { current: Number(a!.version), next: Number(b!.version) },
      author: 'Ana',
      clientSaveId: 'fix1',
    });
    expect(push.ok).toBe(true);
    [a, b] = await view();
    expect(a!.target?.sentences).toHaveLength(1);
    expect(b!.target?.text).toMatch(/^Fishermen used to say .* In the storm of February 1931/);
    expect(a!.revision?.kind).toBe('align');
    expect(b!.revision?.kind).toBe('align');
    expect(b!.target?.origin).toBe('human');
    const history = await listParagraphRevisions(deps(), 'faro', 1, { limit: 10 });
    expect(history.ok && history.revisions.map((r) => r.kind)).toEqual(['align', 'import']);

    // A stale version of either paragraph changes nothing.
    const stale = await realignParagraphs(deps(), {
      slug: 'faro',
      index: 0,
      action: 'pullFirst',
      versions: { current: Number(a!.version), next: 1 },
      author: 'Ana',
      clientSaveId: 'fix2',
    });
    expect(stale).toMatchObject({ ok: false, code: 'conflict' });

    const join = await realignParagraphs(deps(), {
      slug: 'faro',
      index: 0,
      action: 'join',
      versions: { current: Number(a!.version), next: Number(b!.version) },
      author: 'Ana',
      clientSaveId: 'fix3',
    });
    expect(join.ok).toBe(true);
    [a, b] = await view();
    expect(a!.target?.sentences).toHaveLength(3);
    expect(b!.target?.text).toBe('');
    expect(b!.flags?.lowConfidence).toBe(true);
  });
  it('writes an alignment fix whole or not at all, even when the next paragraph is saved during the fix', async () => {
    await importTranslation(deps(), 'faro', { bytes: bytes(ENGLISH), fileName: 'faro.en.txt' });
    const [a, b] = await view();
    // Someone saves paragraph 1 after the fix has checked both versions, just before it writes.
    const racing: EditDeps = {
      ...deps(),
      revisions: Object.assign(Object.create(store) as Store, {
        appendRevisions: async (items: Parameters<Store['appendRevisions']>[0]) => {
          const other = await saveParagraph(
            deps(),
            { slug: 'faro', index: 1, baseVersion: Number(b!.version) },
            { text: 'Someone else’s text.', status: 'edited', author: 'Luis', clientSaveId: 'other', kind: 'save' },
          );
          expect(other.ok).toBe(true);
          return store.appendRevisions(items);
        },
      }),
    };
    const fix = await realignParagraphs(racing, {
      slug: 'faro',
      index: 0,
      action: 'pushLast',
      versions: { current: Number(a!.version), next: Number(b!.version) },
      author: 'Ana',
      clientSaveId: 'fix-race',
    });
    expect(fix).toMatchObject({ ok: false, code: 'conflict' });
    if (fix.ok || fix.code !== 'conflict') throw new Error('unreachable');
    // Neither paragraph got half of the fix: the first keeps its two sentences, the second is Luis's text.
    const [a2, b2] = await view();
    expect(a2!.version).toBe(a!.version);
    expect(a2!.target?.text).toBe(a!.target?.text);
    expect(b2!.target?.text).toBe('Someone else’s text.');
    expect(fix.current.map((p) => p.version)).toEqual([a2!.version, b2!.version]);
    const history = await listParagraphRevisions(deps(), 'faro', 0, { limit: 10 });
    expect(history.ok && history.revisions.map((r) => r.kind)).toEqual(['import']);
  });
});

describe('alignment fix texts', () => {
  it('join, push the last sentence, pull the first one', () => {
    expect(realignTexts('join', ['A.', 'B.'], ['C.'])).toEqual(['A. B. C.', '']);
    expect(realignTexts('pushLast', ['A.', 'B.'], ['C.'])).toEqual(['A.', 'B. C.']);
    expect(realignTexts('pullFirst', ['A.'], ['B.', 'C.'])).toEqual(['A. B.', 'C.']);
    expect(realignTexts('pullFirst', ['A.'], [])).toBeNull();
    expect(realignTexts('pushLast', [], ['A.'])).toBeNull();
  });

  it('distributeGroup gives each paragraph the sentences linked to its own', () => {
    const group = [
      {
        index: 0,
        kind: 'paragraph' as const,
        text: 'Uno. Dos.',
        sentences: ['Hoy llueve en Madrid.', 'Mañana hará sol.'],
      },
      { index: 1, kind: 'paragraph' as const, text: 'Tres.', sentences: ['El lunes llegan 3 trenes.'] },
    ];
    const shared = distributeGroup(
      group,
      ['It is raining in Madrid today. Tomorrow it will be sunny. On Monday 3 trains arrive.'],
      [null, null],
    );
    expect(shared.texts).toEqual([
      'It is raining in Madrid today. Tomorrow it will be sunny.',
      'On Monday 3 trains arrive.',
    ]);
  });
});
