import { describe, expect, it } from 'vitest';
import { NO_PAGE_TERMS, termsOnPage } from '../../../lib/documents/page-terms';
import { createMemoryStore } from '../../../lib/store/memory';
import type { GlossaryEntryInput } from '../../../lib/store/types';

const entry = (e: Partial<GlossaryEntryInput> & { term: string }): GlossaryEntryInput => ({
  forms: [],
  english: [],
  forbidden: [],
  author: null,
  updatedAt: 1,
  ...e,
});

const page = [
  { index: 40, source: 'Los Tribunales de Apelación fallaron.' },
  { index: 41, source: 'Nada que ver aquí.' },
  { index: 42, source: 'La presidenta del tribunal habló con la prensa.' },
];
const shown = (terms: Awaited<ReturnType<typeof termsOnPage>>, index: number) =>
  (terms.byParagraph[index] ?? []).map((s) => [
    terms.entries[s.entry]!.term,
    page.find((p) => p.index === index)!.source.slice(s.start, s.end),
  ]);

describe('termsOnPage', () => {
  it('finds the stored glossary in the Spanish across case, accents and inflection, by paragraph', async () => {
    const store = createMemoryStore();
    await store.upsertGlossaryEntries([
      entry({ term: 'tribunal de apelación', english: ['court of appeal'], note: 'Not "appeals court".' }),
      entry({ term: 'presidente', forms: ['presidenta'], english: ['chair'], forbidden: ['president'] }),
      entry({ term: 'tribunal', english: ['court'] }),
      entry({ term: 'jamón', english: ['ham'] }),
    ]);
    const terms = await termsOnPage(store, page);
    expect(shown(terms, 40)).toEqual([['tribunal de apelación', 'Tribunales de Apelación']]);
    expect(terms.byParagraph[41]).toBeUndefined();
    expect(shown(terms, 42)).toEqual([
      ['presidente', 'presidenta'],
      ['tribunal', 'tribunal'],
    ]);
    // Only the entries met go to the page, with what the reader and the editor show of them.
    expect(terms.entries).toEqual([
      { term: 'tribunal de apelación', english: ['court of appeal'], forbidden: [], note: 'Not "appeals court".' },
      { term: 'presidente', english: ['chair'], forbidden: ['president'] },
      { term: 'tribunal', english: ['court'], forbidden: [] },
    ]);
  });

  it('gives nothing without a glossary, and sees a term added since the last page at once', async () => {
    const store = createMemoryStore();
    expect(await termsOnPage(store, page)).toBe(NO_PAGE_TERMS);
    await store.upsertGlossaryEntries([entry({ term: 'prensa', english: ['press'] })]);
    expect(shown(await termsOnPage(store, page), 42)).toEqual([['prensa', 'prensa']]);
    // The compiled glossary is kept between pages: a change of any entry must not be hidden by it.
    const [stored] = await store.listGlossary();
    await store.updateGlossaryEntry(stored!.id, entry({ term: 'prensa', english: ['the press'], updatedAt: 1 }));
    await store.upsertGlossaryEntries([entry({ term: 'fallar', english: ['rule'] })]);
    const terms = await termsOnPage(store, page);
    expect(terms.entries.map((e) => [e.term, e.english])).toEqual([
      ['fallar', ['rule']],
      ['prensa', ['the press']],
    ]);
  });
});
