import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFolderSource } from '../../../lib/content';
import { documentStatus, openDocument, type DocumentDeps } from '../../../lib/documents/open-document';
import { createMemoryStore } from '../../../lib/store/memory';
import type { Store } from '../../../lib/store/types';
import { normalizeSentenceKey } from '../../../lib/text/normalize';
import { newRevision } from '../store/new-revision';

const MODEL = 'm';

// Ten paragraphs of two sentences: twenty distinct sentences, so the lowest tenth is two of them.
const PARAGRAPHS = Array.from({ length: 10 }, (_, i) => `Primera frase del párrafo ${i}. Segunda frase del ${i}.`);
// The two lowest means: the second sentence of paragraph 3 and the first of paragraph 7.
const LOW = new Map([
  [`Segunda frase del 3.`, -4],
  [`Primera frase del párrafo 7.`, -3],
]);

describe('"check this sentence" flags of a document', () => {
  let dir: string;
  let store: Store;
  let deps: DocumentDeps;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-flags-'));
    fs.writeFileSync(path.join(dir, 'doc.md'), PARAGRAPHS.join('\n\n') + '\n');
    store = createMemoryStore();
    const sentences = PARAGRAPHS.flatMap((p) => p.split(/(?<=\.) /u));
    await store.putMachineTranslations(
      MODEL,
      sentences.map((s, i) => ({
        sourceKey: normalizeSentenceKey(s),
        target: `EN ${s}`,
        score: { meanLogProb: LOW.get(s) ?? -0.1 - i / 1000, minLogProb: -1 },
      })),
    );
    deps = {
      content: openFolderSource(dir),
      modelId: MODEL,
      testModel: false,
      lookup: (m, keys) => store.getMachineTranslations(m, keys),
      scores: (m, keys) => store.getMachineScores(m, keys),
      revisions: store,
    };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function flagsOf(select?: { from: number; to: number }) {
    const opened = await openDocument(deps, 'doc', select);
    if (!opened.ok) throw new Error(opened.message);
    const flags = opened.document.paragraphs.flatMap((p) =>
      p.flags?.checkSentences ? [[p.index, p.flags.checkSentences] as const] : [],
    );
    return { flags, confidence: opened.document.confidence };
  }

  it('marks the lowest-scoring sentences of the whole document, also on a page that holds one of them', async () => {
    const all = await flagsOf();
    expect(all.flags).toEqual([
      [3, [1]],
      [7, [0]],
    ]);
    expect(all.confidence).toEqual({ scored: 20, flagged: 2, paragraphs: [3, 7], fraction: 0.1, testModel: false });
    // A page is ranked against the whole document, not against itself.
    expect((await flagsOf({ from: 6, to: 9 })).flags).toEqual([[7, [0]]]);
  });

  it('drops a paragraph’s flags once a person saved it, and no other sentence takes its place', async () => {
    await store.appendRevision(newRevision({ slug: 'doc', paragraphIndex: 3, text: 'Mine.' }), null);
    const { flags, confidence } = await flagsOf();
    expect(flags).toEqual([[7, [0]]]);
    expect(confidence).toMatchObject({ scored: 20, flagged: 1, paragraphs: [7] });
  });

  it('drops a flag where translation memory gives the English instead of the machine', async () => {
    await store.importMemory(
      [
        {
          level: 'sentence',
          sourceKey: normalizeSentenceKey('Primera frase del párrafo 7.'),
          target: 'Mem.',
          approved: true,
        },
      ],
      'memoria.tmx',
    );
    expect((await flagsOf()).flags).toEqual([[3, [1]]]);
  });

  it('gives the count and the paragraphs to `paralelo status`, labelled when the model is a test model', async () => {
    const status = await documentStatus({ ...deps, testModel: true }, 'doc');
    if (!status.ok) throw new Error(status.message);
    expect(status.status.confidence).toEqual({
      scored: 20,
      flagged: 2,
      paragraphs: [3, 7],
      fraction: 0.1,
      testModel: true,
    });
  });

  it('waits for the whole translation: no flags while a sentence has no machine translation yet', async () => {
    fs.appendFileSync(path.join(dir, 'doc.md'), '\nUn párrafo que nadie tradujo todavía.\n');
    const { flags, confidence } = await flagsOf();
    expect(flags).toEqual([]);
    expect(confidence).toBeUndefined();
  });

  it('ranks a complete document once per store and model, then only looks at its revisions', async () => {
    let reads = 0;
    const counted: DocumentDeps = {
      ...deps,
      machineScope: store,
      scores: (m, keys) => {
        reads++;
        return store.getMachineScores(m, keys);
      },
    };
    deps = counted;
    expect((await flagsOf()).flags).toEqual([
      [3, [1]],
      [7, [0]],
    ]);
    await store.appendRevision(newRevision({ slug: 'doc', paragraphIndex: 7, text: 'Mine.' }), null);
    expect((await flagsOf({ from: 0, to: 4 })).flags).toEqual([[3, [1]]]);
    expect((await flagsOf()).confidence).toMatchObject({ flagged: 1, paragraphs: [3] });
    expect(reads).toBe(1);
  });

  it('flags nothing where no score was kept (outputs cached before scores, or an engine without them)', async () => {
    const { scores: _scores, ...without } = deps;
    const opened = await openDocument(without, 'doc');
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.document.paragraphs.some((p) => p.flags?.checkSentences)).toBe(false);
    expect(opened.document.confidence).toBeUndefined();
  });
});
