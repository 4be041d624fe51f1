/**
 * The library's glossary as the doors use it: entries checked as the file readers check them (lib/glossary
 * validEntry), imports bounded as a file's are (size, entries, one-letter terms), exports in TBX or CSV. The checks
 * take the stored glossary when no file is given.
 */
import {
  MAX_GLOSSARY_ENTRIES,
  validEntry,
  writeGlossaryCsv,
  writeGlossaryTbx,
  type GlossaryEntry,
  type GlossaryProblem,
  type GlossaryReadResult,
} from '../glossary';
import type { GlossaryEntryInput, Store, StoredGlossaryEntry } from '../store/types';

export type GlossaryStore = Pick<
  Store,
  'listGlossary' | 'upsertGlossaryEntries' | 'updateGlossaryEntry' | 'deleteGlossaryEntry'
>;

/** A refusal, worded by the doors from `code` and `params` (messages under qa.glossaryErrors and glossary.errors). */
export type GlossaryFailure = {
  ok: false;
  code: 'invalid' | 'exists' | 'not_found' | 'too_many' | 'unreadable' | GlossaryReadErrorCode;
  message: string;
  params: Record<string, string | number>;
};
type GlossaryReadErrorCode = Extract<GlossaryReadResult, { ok: false }>['code'];

/** An entry as a form or a script sends it: lists as arrays (or one string with values separated by "|"). */
export interface RawGlossaryEntry {
  term: string;
  forms: string[];
  english: string[];
  forbidden: string[];
  note?: string;
}

const fail = (
  code: GlossaryFailure['code'],
  message: string,
  params: GlossaryFailure['params'] = {},
): GlossaryFailure => ({
  ok: false,
  code,
  message,
  params,
});

/**
 * What makes two terms the same entry: their letters, case aside ("Molino" is "molino"), accents kept ("papa" and
 * "papá" are two words). The matcher finds both spellings in the same places, so two entries would give every
 * finding twice, possibly with contradicting English.
 */
export const termIdentity = (term: string): string => term.toLocaleLowerCase('es');

/** Adding or renaming to a term the glossary has (one entry per term). */
const alreadyThere = (term: string) => fail('exists', `The glossary already has "${term}": edit that entry.`, { term });

/** The stored glossary's entries as the checks take them, or undefined when the library has none. */
export async function storedGlossaryEntries(store: Pick<Store, 'listGlossary'>): Promise<GlossaryEntry[] | undefined> {
  const stored = await store.listGlossary();
  if (stored.length === 0) return undefined;
  return stored.map(({ term, forms, english, forbidden, note }) => ({
    term,
    forms,
    english,
    forbidden,
    ...(note ? { note } : {}),
  }));
}

function checked(
  raw: RawGlossaryEntry,
  author: string | null,
  now: number,
): { ok: true; entry: GlossaryEntryInput } | GlossaryFailure {
  const valid = validEntry(raw, 1);
  if (!valid.ok) {
    const { code, term } = valid.problem;
    const why = {
      no_term: 'Give the Spanish term.',
      term_too_short: `"${term}" has fewer than two letters: a one-letter term would match inside every sentence.`,
      term_too_long: 'The term is longer than 200 characters.',
      no_english: `Give the English "${term}" must be translated with (or the English it must not be).`,
    }[code];
    return fail('invalid', why, { problem: code, term });
  }
  return { ok: true, entry: { ...valid.entry, author, updatedAt: now } };
}

/** Adds a term the glossary does not have yet. */
export async function addGlossaryEntry(
  store: GlossaryStore,
  raw: RawGlossaryEntry,
  author: string | null,
  now: number,
): Promise<{ ok: true; entry: StoredGlossaryEntry } | GlossaryFailure> {
  const entry = checked(raw, author, now);
  if (!entry.ok) return entry;
  const all = await store.listGlossary();
  const same = all.find((e) => termIdentity(e.term) === termIdentity(entry.entry.term));
  if (same) return alreadyThere(same.term);
  if (all.length >= MAX_GLOSSARY_ENTRIES)
    return fail('too_many', `The glossary has ${MAX_GLOSSARY_ENTRIES} entries, as many as Paralelo checks against.`, {
      max: MAX_GLOSSARY_ENTRIES,
    });
  await store.upsertGlossaryEntries([entry.entry]);
  const stored = (await store.listGlossary()).find((e) => e.term === entry.entry.term);
  return stored ? { ok: true, entry: stored } : fail('not_found', 'The entry was deleted as it was added.');
}

/** Rewrites one entry (its term too). */
export async function editGlossaryEntry(
  store: GlossaryStore,
  id: number,
  raw: RawGlossaryEntry,
  author: string | null,
  now: number,
): Promise<{ ok: true; entry: StoredGlossaryEntry } | GlossaryFailure> {
  const entry = checked(raw, author, now);
  if (!entry.ok) return entry;
  const other = (await store.listGlossary()).find(
    (e) => e.id !== id && termIdentity(e.term) === termIdentity(entry.entry.term),
  );
  if (other) return alreadyThere(other.term);
  const result = await store.updateGlossaryEntry(id, entry.entry);
  if (result === undefined) return fail('not_found', 'That glossary entry is not there any more.', { id });
  if (result === 'exists') return alreadyThere(entry.entry.term);
  return { ok: true, entry: result };
}

/** Deletes one entry. */
export async function removeGlossaryEntry(store: GlossaryStore, id: number): Promise<{ ok: true } | GlossaryFailure> {
  return (await store.deleteGlossaryEntry(id))
    ? { ok: true }
    : fail('not_found', 'That glossary entry is not there any more.', { id });
}

/**
 * Stores what a glossary file gave (read by lib/glossary readGlossary, in the parse pool on the server): a term the
 * glossary has is replaced, the others added, unless the glossary would then hold more than MAX_GLOSSARY_ENTRIES.
 */
export async function importGlossaryEntries(
  store: GlossaryStore,
  read: GlossaryReadResult,
  fileName: string,
  author: string | null,
  now: number,
): Promise<{ ok: true; added: number; updated: number; problems: GlossaryProblem[] } | GlossaryFailure> {
  if (!read.ok)
    return fail(read.code, read.message, { file: fileName, line: 0, problems: 0, max: 0, reason: '', ...read.params });
  // A term the glossary has, in whatever case, replaces that entry under its stored spelling; two spellings of one
  // term in the file are one entry (the last one's values, the first one's spelling, as the stored one would be).
  const spelling = new Map((await store.listGlossary()).map((e) => [termIdentity(e.term), e.term]));
  const incoming = new Map<string, GlossaryEntry>();
  for (const e of read.entries) {
    const key = termIdentity(e.term);
    const term = spelling.get(key) ?? e.term;
    spelling.set(key, term);
    incoming.set(key, term === e.term ? e : { ...e, term });
  }
  if (spelling.size > MAX_GLOSSARY_ENTRIES)
    return fail(
      'too_many',
      `With ${fileName} the glossary would have ${spelling.size} entries, more than ${MAX_GLOSSARY_ENTRIES}.`,
      {
        file: fileName,
        max: MAX_GLOSSARY_ENTRIES,
      },
    );
  const counts = await store.upsertGlossaryEntries(
    [...incoming.values()].map((e) => ({ ...e, author, updatedAt: now })),
  );
  return { ok: true, ...counts, problems: read.problems };
}

/** The glossary as a file: TBX-Basic or CSV, with its name. */
export async function exportGlossary(
  store: Pick<Store, 'listGlossary'>,
  format: 'tbx' | 'csv',
): Promise<{ body: string; fileName: string; contentType: string }> {
  const entries = (await storedGlossaryEntries(store)) ?? [];
  return format === 'tbx'
    ? { body: writeGlossaryTbx(entries), fileName: 'glossary.tbx', contentType: 'application/x-tbx+xml; charset=utf-8' }
    : { body: writeGlossaryCsv(entries), fileName: 'glossary.csv', contentType: 'text/csv; charset=utf-8' };
}

const MAX_VALUES = 50;

/** An entry from untrusted JSON (the API's body), or what is wrong with it. */
export function parseGlossaryBody(
  body: unknown,
): { ok: true; entry: RawGlossaryEntry } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, message: 'Send { "term", "english": [...], "forms"?: [...], "forbidden"?: [...], "note"? }.' };
  const b = body as Record<string, unknown>;
  const list = (name: string): string[] | null => {
    const v = b[name];
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') return v.split('|');
    if (Array.isArray(v) && v.length <= MAX_VALUES && v.every((x) => typeof x === 'string')) return v as string[];
    return null;
  };
  if (typeof b.term !== 'string') return { ok: false, message: '"term" must be the Spanish term, a string.' };
  const forms = list('forms');
  const english = list('english');
  const forbidden = list('forbidden');
  if (!forms || !english || !forbidden)
    return { ok: false, message: `"forms", "english" and "forbidden" are lists of strings (at most ${MAX_VALUES}).` };
  if (b.note !== undefined && b.note !== null && typeof b.note !== 'string')
    return { ok: false, message: '"note" must be a string.' };
  return {
    ok: true,
    entry: {
      term: b.term,
      forms,
      english,
      forbidden,
      ...(typeof b.note === 'string' && b.note ? { note: b.note } : {}),
    },
  };
}
