/**
 * The library glossary's terms found in the Spanish of the paragraphs a page shows, for the reader's underlines and
 * the editor's list. The page is bounded (PAGE_SIZE paragraphs), so matching is too; compiling a big glossary (up
 * to MAX_GLOSSARY_ENTRIES) is the cost, paid once per change of the glossary and kept for the next pages.
 */
import { createHash } from 'node:crypto';
import { compileGlossary, type GlossaryEntry, type GlossaryIndex } from '../glossary';
import type { Store } from '../store/types';
import { storedGlossaryEntries } from './library-glossary';

/** One glossary entry as the page shows it. */
export interface PageTermEntry {
  term: string;
  english: string[];
  forbidden: string[];
  note?: string;
}

/** Where an entry (by its place in `entries`) occurs in a paragraph's Spanish (`source`, UTF-16 offsets). */
export interface PageTermSpan {
  entry: number;
  start: number;
  end: number;
}

/** The terms of one page: the entries met, and the spans of each paragraph that has any (by paragraph index). */
export interface PageTerms {
  entries: PageTermEntry[];
  byParagraph: Record<number, PageTermSpan[]>;
}

export const NO_PAGE_TERMS: PageTerms = { entries: [], byParagraph: {} };

let compiled: { key: string; index: GlossaryIndex } | undefined;

/** The glossary compiled for matching, reused while its entries stay the same (whatever the request). */
function compiledFor(entries: readonly GlossaryEntry[]): GlossaryIndex {
  // A digest of the entries rather than a version number: every way of changing the glossary (the page, an import,
  // the CLI in another process) changes it, and it costs a few milliseconds for 20,000 entries.
  const key = createHash('sha256').update(JSON.stringify(entries)).digest('base64');
  if (compiled?.key !== key) compiled = { key, index: compileGlossary(entries) };
  return compiled.index;
}

/** Matches the stored glossary against the paragraphs' Spanish; nothing when the library has no glossary. */
export async function termsOnPage(
  store: Pick<Store, 'listGlossary'>,
  paragraphs: ReadonlyArray<{ index: number; source: string }>,
): Promise<PageTerms> {
  const entries = await storedGlossaryEntries(store);
  if (!entries || paragraphs.length === 0) return NO_PAGE_TERMS;
  return matchPage(compiledFor(entries), paragraphs);
}

/** The terms of a compiled glossary in the paragraphs, with the entries renumbered to those met only. */
export function matchPage(
  glossary: GlossaryIndex,
  paragraphs: ReadonlyArray<{ index: number; source: string }>,
): PageTerms {
  const entries: PageTermEntry[] = [];
  const renumbered = new Map<number, number>();
  const byParagraph: Record<number, PageTermSpan[]> = {};
  for (const p of paragraphs) {
    const found = glossary.findInSpanish(p.source);
    if (found.length === 0) continue;
    byParagraph[p.index] = found.map(({ entry, span }) => {
      let at = renumbered.get(entry);
      if (at === undefined) {
        const { term, english, forbidden, note } = glossary.entries[entry]!;
        at = entries.push({ term, english, forbidden, ...(note ? { note } : {}) }) - 1;
        renumbered.set(entry, at);
      }
      return { entry: at, start: span.start, end: span.end };
    });
  }
  return { entries, byParagraph };
}
