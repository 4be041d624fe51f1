/**
 * Findings of the one-pair-at-a-time checks, kept by pair and context: a book saved one paragraph at a time has
 * its other paragraphs' findings given again instead of found again. The document-wide checks (length,
 * consistency) always run whole; a check whose findings depend on the document (omission on its length model, the
 * glossary on its entries, punctuation on the quote style) names that in its context, so a change there runs it
 * again on every pair.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { RawFinding } from './check';
import type { CheckPair } from './types';

/** Default bound: a few books of pairs, times the six one-pair checks. */
export const PAIR_MEMO_ENTRIES = 200_000;

/** What a pair's findings depend on of the pair itself: its texts, sentences, links, bridge and index. */
export function pairDigest(pair: CheckPair): string {
  return createHash('sha256').update(JSON.stringify(pair)).digest('base64url');
}

/** Kept findings of one check on one pair in one context, least recently used forgotten first. */
export class PairMemo {
  readonly #kept: LRUCache<string, readonly RawFinding[]>;

  constructor(maxEntries = PAIR_MEMO_ENTRIES) {
    this.#kept = new LRUCache({ max: maxEntries });
  }

  /** The findings kept for this check, context and pair, else those `find` gives (then kept). */
  findings(check: string, context: string, digest: string, find: () => RawFinding[]): readonly RawFinding[] {
    const key = `${check}\u0000${context}\u0000${digest}`;
    const kept = this.#kept.get(key);
    if (kept) return kept;
    const found = find();
    this.#kept.set(key, found);
    return found;
  }

  /** How many are kept now. */
  get size(): number {
    return this.#kept.size;
  }
}
