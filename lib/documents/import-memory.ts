/**
 * Translation memory import (TMX, XLIFF, PO): the file is read in the parse pool, and its entries are stored in
 * batches with a pause between them, so that storing 200,000 entries never holds the server's thread for seconds.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { packedCount, unpackEntries } from '../heavy/packed-entries';
import type { PackedMemoryFile } from '../heavy/tasks';
import type { Store } from '../store/types';
import { readMemoryFileOffThread } from './read-off-thread';

/** Entries written in one store call. */
const BATCH = 5_000;

/** What was stored, and what was left out: `skipped` by reason, `skippedCount` in all. */
export type MemoryImportResult =
  | (Omit<Extract<PackedMemoryFile, { ok: true }>, 'packed'> & { stored: number; skippedCount: number })
  | Extract<PackedMemoryFile, { ok: false }>;

/** Reads a memory file and stores its entries under `origin` (the file's name). */
export async function importMemoryFile(
  store: Pick<Store, 'importMemory'>,
  bytes: Uint8Array,
  fileName: string,
): Promise<MemoryImportResult> {
  const read = await readMemoryFileOffThread(bytes, fileName);
  if (!read.ok) return read;
  const { packed, ...rest } = read;
  let stored = 0;
  let offset = 0;
  for (let at = 0; at < packedCount(packed); at += BATCH) {
    if (at > 0) await nextTurn();
    const batch = unpackEntries(packed, at, at + BATCH, offset);
    offset = batch.offset;
    stored += (await store.importMemory(batch.entries, fileName)).stored;
  }
  const skippedCount = Object.values(rest.skipped).reduce((a, b) => a + b, 0);
  return { ...rest, stored, skippedCount };
}
