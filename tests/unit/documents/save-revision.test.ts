import fs from 'node:fs';
import { openFolderSource } from '../../../lib/content';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDocuments, openDocument } from '../../../lib/documents/open-document';
import {
  listParagraphRevisions,
  memoryEntriesOf,
  openParagraph,
  revertParagraph,
  saveParagraph,
  type EditDeps,
} from '../../../lib/documents/save-revision';
import type { SaveFields } from '../../../lib/documents/save-input';
import { createMemoryStore } from '../../../lib/store/memory';
import { openSqliteStore } from '../../../lib/store/sqlite';
import type { Store } from '../../../lib/store/types';
import { normalizeSentenceKey } from '../../../lib/text/normalize';

const DOC_A = `---
title: Documento A
---

# La cumbre

El líder llegó a Moscú. Putin lo recibió en el Kremlin.

Hubo acuerdos.
`;

// Shares a paragraph with A, and one sentence of A's second paragraph inside another paragraph.
const DOC_B = `---
title: Documento B
---

# La cumbre

Antes de todo, nadie sabía nada. Putin lo recibió en el Kremlin.
`;

const MACHINE: Record<string, string> = {
  'La cumbre': 'The summit',
  'El líder llegó a Moscú.': 'The leader arrived in Moscow.',
  'Putin lo recibió en el Kremlin.': 'Putin received him in the Kremlin.',
  'Hubo acuerdos.': 'There were agreements.',
  'Antes de todo, nadie sabía nada.': 'Before anything, nobody knew anything.',
};

const adapters: [string, (dir: string) => Store][] = [
  ['memory', () => createMemoryStore()],
  ['sqlite', (dir) => openSqliteStore(path.join(dir, 'paralelo.db'), { busyTimeoutMs: 2000 })],
];

describe.each(adapters)('editing paragraphs (%s store)', (_name, openStore) => {
  let dir: string;
  let store: Store;
  let clock: number;
  let saveCounter = 0;

  type Authored = SaveFields & { author: string | null };
  const deps = (modelId = 'm1'): EditDeps => ({
    content: openFolderSource(path.join(dir, 'content')),
    modelId,
    testModel: false,
    lookup: (model, keys) => store.getMachineTranslations(model, keys),
    revisions: store,
    now: () => ++clock,
  });
  const fields = (overrides: Partial<Authored> = {}): Authored => ({
    text: 'The leader landed in Moscow. Putin welcomed him at the Kremlin.',
    status: 'edited',
    author: 'Ana',
    clientSaveId: `s${++saveCounter}`,
    kind: 'save',
    ...overrides,
  });
  const at = (index: number, baseVersion: number | null | 'absent', slug = 'doc-a') => ({ slug, index, baseVersion });
  const saved = async (promise: ReturnType<typeof saveParagraph>) => {
    const result = await promise;
    if (!result.ok) throw new Error(`expected a save, got ${result.code}: ${result.message}`);
    return result;
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-edit-'));
    fs.mkdirSync(path.join(dir, 'content'));
    fs.writeFileSync(path.join(dir, 'content', 'doc-a.md'), DOC_A);
    fs.writeFileSync(path.join(dir, 'content', 'doc-b.md'), DOC_B);
    store = openStore(dir);
    clock = 1_000;
    await store.putMachineTranslations(
      'm1',
      Object.entries(MACHINE).map(([s, t]) => ({ sourceKey: normalizeSentenceKey(s), target: t })),
    );
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows machine output with version "0" before any save, then the saved revision as human text', async () => {
    const before = await openParagraph(deps(), 'doc-a', 1);
    expect(before).toMatchObject({
      ok: true,
      paragraph: {
        version: '0',
        revision: null,
        flags: { sourceChanged: false, newSuggestion: null },
        target: {
          origin: 'machine',
          status: 'machine',
          text: 'The leader arrived in Moscow. Putin received him in the Kremlin.',
        },
        machine: { text: 'The leader arrived in Moscow. Putin received him in the Kremlin.', modelId: 'm1' },
      },
    });
    const result = await saved(saveParagraph(deps(), at(1, null), fields()));
    expect(result.kind).toBe('saved');
    expect(result.revision).toMatchObject({
      text: 'The leader landed in Moscow. Putin welcomed him at the Kremlin.',
      status: 'edited',
      author: 'Ana',
      kind: 'save',
      baseRevisionId: null,
      machineText: 'The leader arrived in Moscow. Putin received him in the Kremlin.',
    });
    expect(result.paragraph).toMatchObject({
      version: String(result.revision.id),
      revision: { id: result.revision.id },
      target: {
        origin: 'human',
        status: 'edited',
        sentences: ['The leader landed in Moscow.', 'Putin welcomed him at the Kremlin.'],
      },
      flags: { sourceChanged: false, newSuggestion: null },
    });
    expect(result.paragraph.target?.alignment.map((l) => [l.source, l.target])).toEqual([
      [[0], [0]],
      [[1], [1]],
    ]);
    const doc = await openDocument(deps(), 'doc-a');
    if (!doc.ok) throw new Error(doc.message);
    expect(doc.document.paragraphs[1]).toEqual(result.paragraph);
    expect(doc.document.paragraphs[2]?.target?.origin).toBe('machine');
  });

  it('requires If-Match (428) and refuses a stale version (409) without writing', async () => {
    expect(await saveParagraph(deps(), at(1, 'absent'), fields())).toMatchObject({
      ok: false,
      code: 'precondition_required',
    });
    const first = await saved(saveParagraph(deps(), at(1, null), fields({ text: 'First.' })));
    const stale = await saveParagraph(deps(), at(1, null), fields({ text: 'Mine.', status: 'approved' }));
    expect(stale).toMatchObject({
      ok: false,
      code: 'conflict',
      current: { version: String(first.revision.id), target: { text: 'First.' } },
      yours: { text: 'Mine.', status: 'approved' },
    });
    const second = await saved(saveParagraph(deps(), at(1, first.revision.id), fields({ text: 'Second.' })));
    expect(second.revision.baseRevisionId).toBe(first.revision.id);
    const history = await listParagraphRevisions(deps(), 'doc-a', 1, { limit: 200 });
    expect(history).toMatchObject({ ok: true, revisions: [{ text: 'Second.' }, { text: 'First.' }] });
  });

  it('answers a repeated clientSaveId with the same revision, also when the copies race', async () => {
    const f = fields({ clientSaveId: 'double-click' });
    const copies = await Promise.all(Array.from({ length: 6 }, () => saveParagraph(deps(), at(2, null), f)));
    const kinds = copies.map((c) => (c.ok ? c.kind : c.code)).sort();
    expect(kinds).toEqual(['replayed', 'replayed', 'replayed', 'replayed', 'replayed', 'saved']);
    const ids = new Set(copies.map((c) => (c.ok ? c.revision.id : 0)));
    expect(ids.size).toBe(1);
    // Later, with the version moved on, the retry still gets its revision back instead of a conflict.
    const [only] = ids;
    await saved(saveParagraph(deps(), at(2, only!), fields({ text: 'Later.' })));
    expect(await saveParagraph(deps(), at(2, null), f)).toMatchObject({
      ok: true,
      kind: 'replayed',
      revision: { id: only },
    });
    const history = await listParagraphRevisions(deps(), 'doc-a', 2, { limit: 200 });
    expect(history.ok && history.revisions.length).toBe(2);
  });

  it('refuses the same clientSaveId with another text (nothing written) instead of answering the old revision', async () => {
    const first = await saved(saveParagraph(deps(), at(2, null), fields({ clientSaveId: 'reused', text: 'Deals.' })));
    const other = await saveParagraph(
      deps(),
      at(2, first.revision.id),
      fields({ clientSaveId: 'reused', text: 'Pacts.' }),
    );
    expect(other).toMatchObject({ ok: false, code: 'save_id_reused' });
    const approve = await saveParagraph(
      deps(),
      at(2, first.revision.id),
      fields({ clientSaveId: 'reused', text: 'Deals.', status: 'approved' }),
    );
    expect(approve).toMatchObject({ ok: false, code: 'save_id_reused' });
    const history = await listParagraphRevisions(deps(), 'doc-a', 2, { limit: 200 });
    expect(history).toMatchObject({ ok: true, revisions: [{ text: 'Deals.', status: 'edited' }] });
  });

  it('lets exactly one of concurrent saves from the same version win', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => saveParagraph(deps(), at(0, null), fields({ text: `Writer ${i}.` }))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'conflict')).toHaveLength(9);
  });

  it('answers "unchanged" for an identical save, and records approval as a new revision', async () => {
    const first = await saved(saveParagraph(deps(), at(2, null), fields({ text: 'There were deals.' })));
    const same = await saved(saveParagraph(deps(), at(2, first.revision.id), fields({ text: 'There were deals.' })));
    expect(same).toMatchObject({ kind: 'unchanged', revision: { id: first.revision.id } });
    const approved = await saved(
      saveParagraph(deps(), at(2, first.revision.id), fields({ text: 'There were deals.', status: 'approved' })),
    );
    expect(approved).toMatchObject({ kind: 'saved', paragraph: { target: { status: 'approved', origin: 'human' } } });
  });

  it('reverts to an earlier revision as a new revision of kind "revert"', async () => {
    const one = await saved(saveParagraph(deps(), at(1, null), fields({ text: 'One.', status: 'approved' })));
    const two = await saved(saveParagraph(deps(), at(1, one.revision.id), fields({ text: 'Two.' })));
    expect(
      await revertParagraph(deps(), at(1, 'absent'), { revisionId: one.revision.id, author: null, clientSaveId: 'r0' }),
    ).toMatchObject({
      code: 'precondition_required',
    });
    expect(
      await revertParagraph(deps(), at(1, one.revision.id), {
        revisionId: one.revision.id,
        author: null,
        clientSaveId: 'r1',
      }),
    ).toMatchObject({
      ok: false,
      code: 'conflict',
      yours: { text: 'One.' },
    });
    const back = await saved(
      revertParagraph(deps(), at(1, two.revision.id), {
        revisionId: one.revision.id,
        author: 'Luis',
        clientSaveId: 'r2',
      }),
    );
    expect(back.revision).toMatchObject({
      kind: 'revert',
      text: 'One.',
      status: 'approved',
      author: 'Luis',
      baseRevisionId: two.revision.id,
    });
    expect(
      await revertParagraph(deps(), at(1, back.revision.id), { revisionId: 99_999, author: null, clientSaveId: 'r3' }),
    ).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    // A revision of another paragraph is not this paragraph's.
    expect(
      await revertParagraph(deps(), at(2, null), { revisionId: one.revision.id, author: null, clientSaveId: 'r4' }),
    ).toMatchObject({
      code: 'not_found',
    });
    const history = await listParagraphRevisions(deps(), 'doc-a', 1, { limit: 2 });
    expect(history).toMatchObject({ ok: true, revisions: [{ kind: 'revert' }, { text: 'Two.' }] });
  });

  it('flags a source paragraph changed under a revision, and keeps the human text', async () => {
    const first = await saved(saveParagraph(deps(), at(2, null), fields({ text: 'There were deals.' })));
    expect(first.paragraph.flags?.sourceChanged).toBe(false);
    // Whitespace alone is not a change.
    fs.writeFileSync(path.join(dir, 'content', 'doc-a.md'), DOC_A.replace('Hubo acuerdos.', 'Hubo   acuerdos.'));
    expect((await openParagraph(deps(), 'doc-a', 2)).ok && (await openParagraph(deps(), 'doc-a', 2))).toMatchObject({
      paragraph: { flags: { sourceChanged: false } },
    });
    fs.writeFileSync(path.join(dir, 'content', 'doc-a.md'), DOC_A.replace('Hubo acuerdos.', 'Hubo muchos acuerdos.'));
    const view = await openParagraph(deps(), 'doc-a', 2);
    expect(view).toMatchObject({
      ok: true,
      paragraph: {
        flags: { sourceChanged: true },
        target: { origin: 'human', text: 'There were deals.' },
        machine: null,
      },
    });
    // Saving again against the new source clears the flag.
    const again = await saved(
      saveParagraph(deps(), at(2, first.revision.id), fields({ text: 'There were many deals.' })),
    );
    expect(again.paragraph.flags?.sourceChanged).toBe(false);
  });

  it('takes English up to twice a long Spanish paragraph, refuses longer, and writes nothing then', async () => {
    const long = Array.from({ length: 600 }, (_, i) => `La frase número ${i} del párrafo largo.`).join(' ');
    expect(long.length).toBeGreaterThan(20_000);
    fs.writeFileSync(path.join(dir, 'content', 'doc-a.md'), `${DOC_A}\n${long}\n`);
    const short = await saveParagraph(deps(), at(2, null), fields({ text: 'x'.repeat(20_001) }));
    expect(short).toMatchObject({ ok: false, code: 'too_large' });
    if (!short.ok) expect(short.message).toMatch(/at most 20000/);
    const tooLong = await saveParagraph(deps(), at(3, null), fields({ text: 'y'.repeat(2 * long.length + 1) }));
    expect(tooLong).toMatchObject({ ok: false, code: 'too_large' });
    expect(await store.latestRevisions('doc-a')).toEqual(new Map());
    const ok = await saved(saveParagraph(deps(), at(3, null), fields({ text: 'z'.repeat(2 * long.length) })));
    expect(ok.revision.text).toHaveLength(2 * long.length);
  });

  it("sums up the whole document's review on any page, and in the library", async () => {
    const one = await saved(saveParagraph(deps(), at(1, null), fields({ status: 'approved' })));
    await saved(saveParagraph(deps(), at(2, null), fields({ text: 'There were deals.' })));
    const page = await openDocument(deps(), 'doc-a', { from: 0, to: 0 });
    expect(page.ok && page.document.paragraphs.map((p) => p.index)).toEqual([0]);
    expect(page.ok && page.document.review).toEqual({
      total: 3,
      approved: 1,
      edited: 1,
      pending: [
        [0, 0],
        [2, 2],
      ],
    });
    const library = await listDocuments(deps());
    expect(library.find((e) => e.ok && e.slug === 'doc-a')).toMatchObject({
      review: { total: 3, approved: 1, edited: 1 },
    });
    expect(library.find((e) => e.ok && e.slug === 'doc-b')).toMatchObject({
      review: { total: 2, approved: 0, edited: 0 },
    });
    // An approval of a Spanish paragraph that has changed since needs review again.
    fs.writeFileSync(
      path.join(dir, 'content', 'doc-a.md'),
      DOC_A.replace('El líder llegó a Moscú.', 'El líder llegó ayer a Moscú.'),
    );
    const changed = await openDocument(deps(), 'doc-a');
    expect(changed.ok && changed.document.review).toMatchObject({ approved: 0, edited: 1, pending: [[0, 2]] });
    expect(one.revision.status).toBe('approved');
  });

  it('opens one page of the paragraphs left to review, found from a page number or a paragraph', async () => {
    await saved(saveParagraph(deps(), at(1, null), fields({ status: 'approved' })));
    await saved(saveParagraph(deps(), at(2, null), fields({ text: 'There were deals.' })));
    const first = await openDocument(deps(), 'doc-a', { toReview: { pageSize: 1, page: 1 } });
    expect(first.ok && first.document.paragraphs.map((p) => p.index)).toEqual([0]);
    expect(first.ok && first.reviewPage).toEqual({ page: 1, pages: 2, count: 2 });
    // The edited paragraph is still to review; the approved one is never listed.
    const byIndex = await openDocument(deps(), 'doc-a', { toReview: { pageSize: 1, page: 1, at: 1 } });
    expect(byIndex.ok && byIndex.document.paragraphs.map((p) => p.index)).toEqual([2]);
    expect(byIndex.ok && byIndex.document.paragraphs[0]?.revision?.text).toBe('There were deals.');
    expect(byIndex.ok && byIndex.reviewPage).toEqual({ page: 2, pages: 2, count: 2 });
    // The whole document's review comes with any page.
    expect(byIndex.ok && byIndex.document.review).toMatchObject({ total: 3, approved: 1, edited: 1 });
    const range = await openDocument(deps(), 'doc-a', { from: 0, to: 2 });
    expect(range.ok && range.reviewPage).toBeUndefined();
    // The event stream of such a page asks for its own paragraphs by index.
    const listed = await openDocument(deps(), 'doc-a', { indices: [2, 0] });
    expect(listed.ok && listed.document.paragraphs.map((p) => p.index)).toEqual([0, 2]);
  });

  it('offers a new machine suggestion when the model changes; accepting or dismissing clears it', async () => {
    const first = await saved(saveParagraph(deps(), at(2, null), fields({ text: 'Deals were made.' })));
    expect(first.paragraph.flags?.newSuggestion).toBeNull();
    await store.putMachineTranslations('m2', [{ sourceKey: 'Hubo acuerdos.', target: 'Agreements were reached.' }]);
    const view = await openParagraph(deps('m2'), 'doc-a', 2);
    expect(view).toMatchObject({
      ok: true,
      paragraph: { flags: { newSuggestion: 'Agreements were reached.' }, target: { text: 'Deals were made.' } },
    });
    // Dismiss: same text, kind suggestion, records the current machine text.
    const dismissed = await saved(
      saveParagraph(deps('m2'), at(2, first.revision.id), fields({ text: 'Deals were made.', kind: 'suggestion' })),
    );
    expect(dismissed).toMatchObject({
      kind: 'saved',
      revision: { kind: 'suggestion', text: 'Deals were made.', machineText: 'Agreements were reached.' },
      paragraph: { flags: { newSuggestion: null } },
    });
    // Back on m1 the old machine text differs from the one recorded: offered again.
    const onM1 = await openParagraph(deps('m1'), 'doc-a', 2);
    expect(onM1.ok && onM1.paragraph.flags?.newSuggestion).toBe('There were agreements.');
    const accepted = await saved(
      saveParagraph(
        deps('m1'),
        at(2, dismissed.revision.id),
        fields({ text: 'There were agreements.', kind: 'suggestion' }),
      ),
    );
    expect(accepted.paragraph).toMatchObject({
      flags: { newSuggestion: null },
      target: { text: 'There were agreements.' },
    });
  });

  it('reuses saved work across documents: paragraph matches first, then sentence matches', async () => {
    await saved(saveParagraph(deps(), at(0, null), fields({ text: 'The Summit' })));
    await saved(saveParagraph(deps(), at(1, null), fields()));
    const b = await openDocument(deps(), 'doc-b');
    if (!b.ok) throw new Error(b.message);
    expect(b.document.paragraphs[0]).toMatchObject({
      version: '0',
      revision: null,
      target: { origin: 'memory', status: 'machine', text: 'The Summit' },
      machine: { text: 'The summit' },
    });
    expect(b.document.paragraphs[1]?.target).toMatchObject({
      origin: 'memory',
      sentences: ['Before anything, nobody knew anything.', 'Putin welcomed him at the Kremlin.'],
    });
    // Approved beats a newer edit.
    const approved = await saved(
      saveParagraph(deps(), at(0, null, 'doc-b'), fields({ text: 'The summit (approved)', status: 'approved' })),
    );
    const aView = await openParagraph(deps(), 'doc-a', 0);
    expect(aView.ok && aView.paragraph.target?.text).toBe('The Summit');
    fs.writeFileSync(path.join(dir, 'content', 'doc-c.md'), '# La cumbre\n');
    const c = await openParagraph(deps(), 'doc-c', 0);
    expect(c.ok && c.paragraph.target).toMatchObject({ origin: 'memory', text: 'The summit (approved)' });
    expect(approved.kind).toBe('saved');
  });

  it('answers not_found for an unknown document or a paragraph out of range', async () => {
    expect(await saveParagraph(deps(), at(0, null, 'nope'), fields())).toMatchObject({ ok: false, code: 'not_found' });
    expect(await saveParagraph(deps(), at(4, null), fields())).toMatchObject({ ok: false, code: 'not_found' });
    expect(await openParagraph(deps(), 'doc-a', 99)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await listParagraphRevisions(deps(), '../etc', 0, { limit: 1 })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });
});

describe('memoryEntriesOf', () => {
  const paragraph = { index: 0, kind: 'paragraph' as const, text: 'Uno.  Dos.', sentences: ['Uno.', 'Dos.'] };
  it('records the paragraph, and sentences only when the counts match', () => {
    expect(memoryEntriesOf(paragraph, 'One. Two.')).toEqual([
      { level: 'paragraph', sourceKey: 'Uno. Dos.', target: 'One. Two.' },
      { level: 'sentence', sourceKey: 'Uno.', target: 'One.' },
      { level: 'sentence', sourceKey: 'Dos.', target: 'Two.' },
    ]);
    expect(memoryEntriesOf(paragraph, 'One and two.')).toEqual([
      { level: 'paragraph', sourceKey: 'Uno. Dos.', target: 'One and two.' },
    ]);
    expect(memoryEntriesOf(paragraph, '  ')).toEqual([]);
  });
});
