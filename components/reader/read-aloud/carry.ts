/**
 * Reading aloud goes on across a page turn: before the reader moves to the next page it leaves a note in
 * sessionStorage (this tab only), which the next page's reader takes and removes. Parsed here, as anything read from
 * storage is untrusted; a note older than a minute is ignored (a page left and come back to later must not speak).
 */
import { storedObject } from '@/components/common/stored-json';
import { parseRate, type ReadSide } from './sequence';

export type ReadCarry = { slug: string; side: ReadSide; paragraph: number; rate: number; at: number };

export const CARRY_KEY = 'paralelo-read-aloud';
const FRESH_MS = 60_000;

/** The note as stored. */
export function carryJson(carry: ReadCarry): string {
  return JSON.stringify(carry);
}

/** The note for this document, when there is a fresh and well-formed one. */
export function parseCarry(raw: string | null, slug: string, now: number): ReadCarry | null {
  const v = storedObject(raw, 1000);
  if (!v || v.slug !== slug || (v.side !== 'es' && v.side !== 'en')) return null;
  if (typeof v.paragraph !== 'number' || !Number.isInteger(v.paragraph) || v.paragraph < 0) return null;
  if (typeof v.at !== 'number' || !(now - v.at >= 0 && now - v.at < FRESH_MS)) return null;
  return { slug, side: v.side, paragraph: v.paragraph, rate: parseRate(v.rate), at: v.at };
}
