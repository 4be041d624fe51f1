/**
 * The Store methods of the library's glossary, which each adapter implements in a file of its own
 * (<adapter>-glossary.ts), and the row both SQL adapters read.
 */
import type { StoredGlossaryEntry, Store } from './types';

export type GlossaryMethods = Pick<
  Store,
  'listGlossary' | 'upsertGlossaryEntries' | 'updateGlossaryEntry' | 'deleteGlossaryEntry'
>;

/** A glossary_entries row (SQLite keeps the lists as JSON text, PostgreSQL as jsonb). */
export interface GlossaryRow {
  id: number | string;
  term: string;
  forms: string | string[];
  english: string | string[];
  forbidden: string | string[];
  note: string | null;
  author: string | null;
  updated_at: number | string;
}

const list = (value: string | string[]): string[] =>
  typeof value === 'string' ? (JSON.parse(value) as string[]) : value;

/** The entries of one write, one per term: the last of a term wins, as one after another would. */
export const lastOfEachTerm = <E extends { term: string }>(entries: readonly E[]): E[] => [
  ...new Map(entries.map((e) => [e.term, e])).values(),
];

/** A row as the Store gives it. */
export function rowToGlossaryEntry(row: GlossaryRow): StoredGlossaryEntry {
  return {
    id: Number(row.id),
    term: row.term,
    forms: list(row.forms),
    english: list(row.english),
    forbidden: list(row.forbidden),
    ...(row.note ? { note: row.note } : {}),
    author: row.author,
    updatedAt: Number(row.updated_at),
  };
}

// One collator for every comparison: localeCompare with options builds one per call, which made sorting a
// 20,000-entry glossary take a second or two on each read.
const SPANISH = new Intl.Collator('es', { sensitivity: 'base' });

/** Terms sort as a Spanish reader expects (accents beside their letters, case aside). */
export function byTerm(a: StoredGlossaryEntry, b: StoredGlossaryEntry): number {
  return SPANISH.compare(a.term, b.term) || a.id - b.id;
}
