import fs from 'node:fs';
import { openFolderSource } from '../../../lib/content';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attachTranslations,
  loadSourceDocument,
  recentTranslationSummary,
  summarizeTranslation,
  viewSelected,
  type DocumentDeps,
} from '../../../lib/documents/open-document';

describe('the paragraphs of a large document a request asks for', () => {
  let dir: string;
  const asked: number[] = [];
  let deps: DocumentDeps;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-selected-'));
    const paragraphs = Array.from({ length: 3_000 }, (_, i) => `Párrafo ${i}. Tiene dos frases, la ${i}.`);
    fs.writeFileSync(path.join(dir, 'libro.md'), paragraphs.join('\n\n') + '\n');
    deps = {
      content: openFolderSource(dir),
      modelId: 'm',
      testModel: false,
      lookup: async (_model, keys) => {
        asked.push(keys.length);
        return new Map(keys.map((k) => [k, `[en] ${k}`]));
      },
    };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('are looked up alone: ?only= and a range cost their own paragraphs, not the book', async () => {
    const loaded = await loadSourceDocument(openFolderSource(dir), 'libro');
    if (!loaded.ok) throw new Error(loaded.message);
    asked.length = 0;
    const only = await viewSelected(deps, loaded.document, { indices: [5, 17, 5, 99_999] });
    expect(only.map((p) => p.index)).toEqual([5, 17]);
    expect(only[0]!.target?.sentences).toEqual(['[en] Párrafo 5.', '[en] Tiene dos frases, la 5.']);
    const range = await viewSelected(deps, loaded.document, { from: 2_990, to: Number.MAX_SAFE_INTEGER });
    expect(range.map((p) => p.index)).toEqual(Array.from({ length: 10 }, (_, i) => 2_990 + i));
    expect(asked).toEqual([4, 20]);
  });

  it('sums the whole document once for the event streams opened together', async () => {
    const loaded = await loadSourceDocument(openFolderSource(dir), 'libro');
    if (!loaded.ok) throw new Error(loaded.message);
    asked.length = 0;
    const sums = await Promise.all(Array.from({ length: 50 }, () => recentTranslationSummary(deps, loaded.document)));
    expect(sums.every((s) => s.done === 3_000 && s.total === 3_000)).toBe(true);
    // One pass (in slices of 200 paragraphs, 400 keys each), not fifty.
    expect(asked.reduce((a, b) => a + b, 0)).toBe(6_000);
  });

  it('builds the whole book a slice at a time, other work running between two slices', async () => {
    const loaded = await loadSourceDocument(deps.content, 'libro');
    if (!loaded.ok) throw new Error(loaded.message);
    // Turns of the event loop while the views are built (the lookups here answer at once, without I/O): none when
    // the whole book is built in one go, as every other request then waits.
    let turns = 0;
    let building = true;
    const spin = () => {
      if (!building) return;
      turns += 1;
      setImmediate(spin);
    };
    setImmediate(spin);
    asked.length = 0;
    const { paragraphs, summary } = await attachTranslations(deps, loaded.document);
    building = false;
    expect(paragraphs.map((p) => p.index)).toEqual(Array.from({ length: 3_000 }, (_, i) => i));
    expect(turns).toBeGreaterThanOrEqual(3_000 / 200 - 1);
    // The whole document's sum comes from the same lookups as its views: one pass, not two.
    expect(summary).toMatchObject({ done: 3_000, total: 3_000, status: 'complete' });
    expect(asked.reduce((a, b) => a + b, 0)).toBe(6_000);
  });

  it('remembers per store which paragraphs are fully translated: a second summary looks up only the rest', async () => {
    const loaded = await loadSourceDocument(deps.content, 'libro');
    if (!loaded.ok) throw new Error(loaded.message);
    // Paragraphs 0-9 are not translated yet: their first sentence has no machine translation.
    const missing = new Set(Array.from({ length: 10 }, (_, i) => `Párrafo ${i}.`));
    const seen: number[] = [];
    const scoped: DocumentDeps = {
      ...deps,
      machineScope: {},
      lookup: async (_model, keys) => {
        seen.push(keys.length);
        return new Map(keys.filter((k) => !missing.has(k)).map((k) => [k, `[en] ${k}`]));
      },
    };
    expect(await summarizeTranslation(scoped, loaded.document)).toMatchObject({ done: 2_990, status: 'partial' });
    expect(seen.reduce((a, b) => a + b, 0)).toBe(6_000);
    seen.length = 0;
    missing.clear();
    expect(await summarizeTranslation(scoped, loaded.document)).toMatchObject({ done: 3_000, status: 'complete' });
    expect(seen).toEqual([20]);
    // Another store knows nothing of this one's translations.
    expect(await summarizeTranslation({ ...scoped, machineScope: {} }, loaded.document)).toMatchObject({ done: 3_000 });
    expect(seen.slice(1).reduce((a, b) => a + b, 0)).toBe(6_000);
  });
});
