'use client';

import { createContext, useContext } from 'react';
import type { PageTermEntry, PageTermSpan, PageTerms } from '@/lib/documents/page-terms';

/**
 * The library glossary's terms found in the Spanish of the page's paragraphs (matched on the server when the page
 * is built), for the reader's underlines and the editor's list, which cannot import each other.
 */
export interface TermsValue {
  /** The entries met on the page; spans point into it. */
  entries: readonly PageTermEntry[];
  /** Where terms occur in a paragraph's Spanish. */
  spansOf(index: number): readonly PageTermSpan[];
}

const NONE: readonly PageTermSpan[] = [];

const TermsContext = createContext<TermsValue>({ entries: [], spansOf: () => NONE });

export const TermsProvider = TermsContext.Provider;

/** The value for one page's terms. */
export function termsValue(terms: PageTerms): TermsValue {
  return { entries: terms.entries, spansOf: (index) => terms.byParagraph[index] ?? NONE };
}

/** The page's glossary terms (none outside a document page). */
export function useTerms(): TermsValue {
  return useContext(TermsContext);
}

/** The entries met in a paragraph, each once, in the order they first occur. */
export function entriesIn(value: TermsValue, index: number): number[] {
  return [...new Set(value.spansOf(index).map((s) => s.entry))];
}
