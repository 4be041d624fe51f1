/**
 * Glossaries as CSV (csv-parse and csv-stringify): one entry per row, columns spanish, english, forms, forbidden,
 * note. Cells with several values separate them with "|" ("presidenta|presidentes"). The header row is optional
 * and may name the columns in English or Spanish, in any order; without one the columns are in that order.
 * Commas, semicolons (what spreadsheets write in Spanish locales) and tabs all work as the delimiter.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { MAX_GLOSSARY_ENTRIES, readError, validEntry, type GlossaryProblem, type GlossaryReadResult } from './entries';
import type { GlossaryEntry } from './types';

type Column = 'spanish' | 'english' | 'forms' | 'forbidden' | 'note';
const ORDER: readonly Column[] = ['spanish', 'english', 'forms', 'forbidden', 'note'];

// Names a header may give each column, in English or Spanish (compared lowercase, letters only).
const HEADER_WORDS: Record<Column, string> = {
  spanish: 'spanish es español espanol term término termino source',
  english: 'english en inglés ingles target translation traducción traduccion',
  forms: 'forms formas variants variantes',
  forbidden: 'forbidden prohibido prohibida prohibidos prohibidas deprecated avoid evitar',
  note: 'note notes nota notas comment comentario',
};
const HEADER_NAMES = new Map<string, Column>(
  ORDER.flatMap((column) => HEADER_WORDS[column].split(' ').map((name) => [name, column] as const)),
);

const split = (cell: string | undefined) => (cell ?? '').split('|');

/** The delimiter the first line uses most, outside quotes. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.search(/\r?\n|$/u)) || text.length).replace(/"[^"]*"/gu, '');
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

// A spreadsheet runs a cell that starts with one of these as a formula; export escapes them with a quote.
const FORMULA = /^[=+\-@\t\r]/u;
const unescapeCell = (cell: string) => (cell.startsWith("'") && FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell);

/** Reads a CSV glossary. Bounded: stops reading after MAX_GLOSSARY_ENTRIES rows and refuses the file. */
export function readGlossaryCsv(text: string): GlossaryReadResult {
  // eslint-disable-next-line no-control-regex -- a NUL byte means this is not text
  if (/\u0000/u.test(text)) return readError('not_csv', 'the file is binary, not CSV text');
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/u, ''), {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // One more than the limit (and a header) is enough to know the file is too large.
      to_line: MAX_GLOSSARY_ENTRIES + 2,
    }) as string[][];
  } catch (error) {
    const line = error instanceof CsvError ? ((error as CsvError & { lines?: number }).lines ?? 0) : 0;
    return readError('not_csv', `not valid CSV${line ? ` (line ${line})` : ''}: ${(error as Error).message}`, { line });
  }
  const header = rows[0]?.map((cell) => HEADER_NAMES.get(cell.toLowerCase().replace(/[^\p{L}]/gu, '')));
  const hasHeader = header !== undefined && header.includes('spanish') && header.includes('english');
  const columns: ReadonlyArray<Column | undefined> = hasHeader ? header : ORDER;
  const body = hasHeader ? rows.slice(1) : rows;
  if (body.length > MAX_GLOSSARY_ENTRIES) {
    return readError('too_many', `more than ${MAX_GLOSSARY_ENTRIES} entries`, { max: MAX_GLOSSARY_ENTRIES });
  }
  if (!hasHeader && !body.some((row) => row.length >= 2)) {
    return readError(
      'not_csv',
      'no row has a Spanish term and its English (columns: spanish,english,forms,forbidden,note)',
    );
  }
  const entries: GlossaryEntry[] = [];
  const problems: GlossaryProblem[] = [];
  body.forEach((row, i) => {
    const cell = (column: Column) => {
      const at = columns.indexOf(column);
      return at >= 0 ? unescapeCell(row[at] ?? '') : '';
    };
    const result = validEntry(
      {
        term: cell('spanish'),
        english: split(cell('english')),
        forms: split(cell('forms')),
        forbidden: split(cell('forbidden')),
        note: cell('note'),
      },
      i + (hasHeader ? 2 : 1),
    );
    if (result.ok) entries.push(result.entry);
    else problems.push(result.problem);
  });
  if (entries.length === 0) return readError('empty', 'no usable entry', { problems: problems.length });
  return { ok: true, format: 'csv', entries, problems };
}

/** Writes a glossary as CSV with a header row (what readGlossaryCsv reads back unchanged). */
export function writeGlossaryCsv(entries: readonly GlossaryEntry[]): string {
  const escape = (cell: string) => (FORMULA.test(cell) ? `'${cell}` : cell);
  return stringify(
    entries.map((e) =>
      [e.term, e.english.join('|'), e.forms.join('|'), e.forbidden.join('|'), e.note ?? ''].map(escape),
    ),
    { header: true, columns: [...ORDER], quoted_match: /[|]/u },
  );
}
