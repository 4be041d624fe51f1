/**
 * Defects of the dev references that the numbers check rightly flags, read and verified by hand: where the English
 * keeps a Spanish number form, or the two sides disagree on a number. bench/data/reference-defects.json lists them
 * by set and line; eval:checks counts the findings they explain apart from the false alarms.
 */
import { readFileSync } from 'node:fs';
import type { Finding } from '../../lib/checks';

/**
 * - form: the English writes a number the Spanish way ("0,4%", "55.053" for 55,053);
 * - differs: the two sides give different numbers (32 and 34), the English or the Spanish in error;
 * - english-lacks: the English leaves out a number of the Spanish (and what it said);
 * - spanish-lacks: the English has a number the Spanish document nowhere gives (the Spanish, a translation of the
 *   same third-language original, left it out).
 */
export type DefectKind = 'form' | 'differs' | 'english-lacks' | 'spanish-lacks';

/** One verified defect: the numbers as each side writes them (the findings' `number`), and what is wrong. */
export interface ReferenceDefect {
  set: string;
  /** Line of the set's files, from 1. */
  line: number;
  kind: DefectKind;
  spanish?: string[];
  english?: string[];
  note: string;
}

const KINDS: readonly DefectKind[] = ['form', 'differs', 'english-lacks', 'spanish-lacks'];

/** Reads the annotation file, refusing an entry that does not say where, what kind and why. */
export function readReferenceDefects(file: string): ReferenceDefect[] {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(raw)) throw new Error(`${file}: expected a JSON array of defects`);
  return raw.map((entry: Partial<ReferenceDefect>, i) => {
    const strings = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    if (
      typeof entry.set !== 'string' ||
      !Number.isInteger(entry.line) ||
      !KINDS.includes(entry.kind as DefectKind) ||
      typeof entry.note !== 'string' ||
      !strings(entry.spanish) ||
      !strings(entry.english)
    ) {
      throw new Error(`${file}, entry ${i}: needs set, line, kind (${KINDS.join(', ')}), note, spanish/english lists`);
    }
    return entry as ReferenceDefect;
  });
}

/** The defect of `defects` (those of one set and line) that explains a numbers finding, if any. */
export function defectFor(finding: Finding, defects: readonly ReferenceDefect[]): ReferenceDefect | undefined {
  const number = String(finding.params.number);
  return defects.find((d) => {
    if (finding.message === 'numbers.form') return d.kind === 'form' && (d.english ?? []).includes(number);
    if (finding.message === 'numbers.missing')
      return (d.kind === 'differs' || d.kind === 'english-lacks') && (d.spanish ?? []).includes(number);
    if (finding.message === 'numbers.added')
      return (d.kind === 'differs' || d.kind === 'spanish-lacks') && (d.english ?? []).includes(number);
    return false;
  });
}
