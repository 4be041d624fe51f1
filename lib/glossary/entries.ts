/**
 * What every glossary reader shares: limits, the problems a single entry can have, and the outcome of reading a
 * file. Errors are values (the CLI and the web word them from `code` and `params`).
 */
import { MAX_IMPORT_BYTES } from '../exchange/limits';
import type { GlossaryEntry } from './types';

/** More entries than this are refused, not cut: a termbase that large is a different tool's job. */
export const MAX_GLOSSARY_ENTRIES = 20_000;
/** Largest glossary file read (the import limit of every other file). */
export const MAX_GLOSSARY_BYTES = MAX_IMPORT_BYTES;
/** A term needs at least two letters: one letter would match inside every sentence ("a", "y"). */
export const MIN_TERM_LETTERS = 2;
export const MAX_TERM_LENGTH = 200;
/** Longest note kept. */
export const MAX_NOTE_LENGTH = 2000;

export type GlossaryFormat = 'tbx' | 'csv';

/** Why one entry of a file was left out. */
export interface GlossaryProblem {
  /** 1-based: the entry's position in a TBX file, its line in a CSV file. */
  at: number;
  code: 'term_too_short' | 'term_too_long' | 'no_term' | 'no_english';
  term: string;
}

export type GlossaryReadError = {
  ok: false;
  code: 'not_tbx' | 'not_csv' | 'unknown_format' | 'too_many' | 'too_large' | 'empty' | 'entities';
  message: string;
  params: Record<string, string | number>;
};

export type GlossaryReadResult =
  { ok: true; format: GlossaryFormat; entries: GlossaryEntry[]; problems: GlossaryProblem[] } | GlossaryReadError;

/** A read error with its English message (the doors word their own from code and params). */
export function readError(
  code: GlossaryReadError['code'],
  message: string,
  params: Record<string, string | number> = {},
): GlossaryReadError {
  return { ok: false, code, message, params };
}

const clean = (text: string) => text.normalize('NFC').replace(/\s+/gu, ' ').trim();
const unique = (values: string[]) => [...new Set(values.map(clean).filter((v) => v.length > 0))];

/**
 * An entry as read, tidied (NFC, spaces collapsed, duplicates and empty values dropped) and checked: a problem
 * when it cannot be used, the entry otherwise.
 */
export function validEntry(
  raw: { term: string; forms: string[]; english: string[]; forbidden: string[]; note?: string },
  at: number,
): { ok: true; entry: GlossaryEntry } | { ok: false; problem: GlossaryProblem } {
  const term = clean(raw.term);
  const problem = (code: GlossaryProblem['code']) => ({
    ok: false as const,
    problem: { at, code, term: term.slice(0, 80) },
  });
  if (term.length === 0) return problem('no_term');
  if ((term.match(/\p{L}/gu)?.length ?? 0) < MIN_TERM_LETTERS) return problem('term_too_short');
  if (term.length > MAX_TERM_LENGTH) return problem('term_too_long');
  const english = unique(raw.english).filter((e) => e.length <= MAX_TERM_LENGTH);
  const forbidden = unique(raw.forbidden).filter((e) => e.length <= MAX_TERM_LENGTH && !english.includes(e));
  if (english.length === 0 && forbidden.length === 0) return problem('no_english');
  const forms = unique(raw.forms).filter(
    (f) => f !== term && f.length <= MAX_TERM_LENGTH && (f.match(/\p{L}/gu)?.length ?? 0) >= MIN_TERM_LETTERS,
  );
  const note = raw.note ? clean(raw.note).slice(0, MAX_NOTE_LENGTH) : '';
  return { ok: true, entry: { term, forms, english, forbidden, ...(note ? { note } : {}) } };
}
