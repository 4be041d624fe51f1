/**
 * The glossary: the team's decisions on how terms are translated. One entry per Spanish term, with the forms it
 * takes in text, the English it must be translated with, and the English it must not.
 */
import type { Span } from '../checks/types';

/** One term pair. */
export interface GlossaryEntry {
  /** The Spanish term as a glossary lists it: "tribunal de apelación". */
  term: string;
  /** Other forms it takes that the stemmer may not relate to it: plural, feminine ("años", "presidenta"). */
  forms: string[];
  /** English it must be translated with: any one of them will do, the first is preferred. Empty: only forbidden. */
  english: string[];
  /** English it must not be translated with. */
  forbidden: string[];
  note?: string;
}

/** Where a glossary entry occurs in a text. */
export interface TermOccurrence {
  /** Index of the entry in the glossary. */
  entry: number;
  span: Span;
}

/** A glossary compiled for matching: Spanish terms in source text, English terms in target text. */
export interface GlossaryIndex {
  readonly entries: readonly GlossaryEntry[];
  /** The entries whose term (or one of its forms) occurs in a Spanish text, longest match first at each place. */
  findInSpanish(text: string): TermOccurrence[];
  /** Where the entry's required English (`which: 'english'`) or forbidden English occurs in an English text. */
  findInEnglish(text: string, entry: number, which: 'english' | 'forbidden'): Span[];
}
