import fs from 'node:fs';
import { openFolderSource } from '../../../lib/content';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadSourceDocument,
  recentTranslationSummary,
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
    expect(asked).toEqual([6_000]);
  });
});
