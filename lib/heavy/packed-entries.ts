/**
 * Memory entries packed for the trip from a pool thread to the request thread: one string and three typed arrays
 * instead of 200,000 objects. Structured cloning copies objects one by one, and for a 10 MB PO file that took over
 * a second of the request thread; one string and typed arrays are copied at once. Unpacked a batch at a time.
 */
import type { ImportedMemoryEntry } from '../store/types';

export interface PackedEntries {
  /** Every source key and target, one after another. */
  text: string;
  /** Length of each source key, then of its target: two per entry. */
  lengths: Uint32Array;
  /** 1 for a paragraph-level entry, 0 for a sentence. */
  paragraph: Uint8Array;
  approved: Uint8Array;
}

/** Packs entries into one string and typed arrays. */
export function packEntries(entries: readonly ImportedMemoryEntry[]): PackedEntries {
  const lengths = new Uint32Array(entries.length * 2);
  const paragraph = new Uint8Array(entries.length);
  const approved = new Uint8Array(entries.length);
  const parts: string[] = [];
  entries.forEach((e, i) => {
    parts.push(e.sourceKey, e.target);
    lengths[2 * i] = e.sourceKey.length;
    lengths[2 * i + 1] = e.target.length;
    paragraph[i] = e.level === 'paragraph' ? 1 : 0;
    approved[i] = e.approved ? 1 : 0;
  });
  return { text: parts.join(''), lengths, paragraph, approved };
}

/** How many entries a pack holds. */
export const packedCount = (p: PackedEntries) => p.paragraph.length;

/** Entries [from, to) of a pack, with `offset` the text position of entry `from` (returned for the next batch). */
export function unpackEntries(
  p: PackedEntries,
  from: number,
  to: number,
  offset: number,
): { entries: ImportedMemoryEntry[]; offset: number } {
  const entries: ImportedMemoryEntry[] = [];
  let at = offset;
  for (let i = from; i < Math.min(to, packedCount(p)); i++) {
    const sourceKey = p.text.slice(at, (at += p.lengths[2 * i]!));
    const target = p.text.slice(at, (at += p.lengths[2 * i + 1]!));
    entries.push({
      level: p.paragraph[i] ? 'paragraph' : 'sentence',
      sourceKey,
      target,
      approved: p.approved[i] === 1,
    });
  }
  return { entries, offset: at };
}
