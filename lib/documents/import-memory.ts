/**
 * Translation memory import (TMX, XLIFF, PO): the file is read in the parse pool, and its entries are stored in
 * batches with a pause between them, so that storing 200,000 entries never holds the server's thread for seconds.
 * The batches are separate transactions: when one fails, the batches before it stay stored and the result says
 * exactly how many (importing the same file again rewrites its own entries, so a retry completes it).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PoolBusy } from '../heavy/pool';
import { packedCount, unpackEntries } from '../heavy/packed-entries';
import type { PackedMemoryFile } from '../heavy/tasks';
import type { Store } from '../store/types';
import { readMemoryFileOffThread } from './read-off-thread';

/** Entries written in one store call. */
const BATCH = 5_000;

/** What was stored, and what was left out: `skipped` by reason, `skippedCount` in all. */
export type MemoryImportResult =
  | (Omit<Extract<PackedMemoryFile, { ok: true }>, 'packed'> & { stored: number; skippedCount: number })
  | Extract<PackedMemoryFile, { ok: false }>
  | PoolBusy
  /** Storing failed part-way: the first `stored` of the file's `total` entries are kept, the rest are not. */
  | { ok: false; code: 'incomplete'; message: string; stored: number; total: number };

/** Reads a memory file and stores its entries under `origin` (the file's name). */
export async function importMemoryFile(
  store: Pick<Store, 'importMemory'>,
  bytes: Uint8Array,
  fileName: string,
): Promise<MemoryImportResult> {
  const read = await readMemoryFileOffThread(bytes, fileName);
  if (!read.ok) return read;
  const { packed, ...rest } = read;
  const total = packedCount(packed);
  let stored = 0;
  let offset = 0;
  for (let at = 0; at < total; at += BATCH) {
    if (at > 0) await nextTurn();
    const batch = unpackEntries(packed, at, at + BATCH, offset);
    offset = batch.offset;
    try {
      stored += (await store.importMemory(batch.entries, fileName)).stored;
    } catch (err) {
      console.error(`[paralelo:memory] storing ${fileName} failed after ${stored} of ${total} entries:`, err);
      return {
        ok: false,
        code: 'incomplete',
        stored,
        total,
        message:
          `${fileName}: storing its entries failed after ${stored} of ${total} ` +
          `(${String((err as Error)?.message ?? err).split('\n')[0]}). The first ${stored} are kept; ` +
          'import the same file again to store the rest (it rewrites its own entries, nothing is doubled).',
      };
    }
  }
  const skippedCount = Object.values(rest.skipped).reduce((a, b) => a + b, 0);
  return { ...rest, stored, skippedCount };
}
