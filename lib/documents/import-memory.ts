/**
 * Translation memory import (TMX, XLIFF, PO): the file is read in the parse pool, and its entries are stored in
 * batches with a pause between them, so that storing 200,000 entries never holds the server's thread for seconds.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { MemoryFileResult } from '../exchange/memory-import';
import type { Store } from '../store/types';
import { readMemoryFileOffThread } from './read-off-thread';

/** Entries written in one store call. */
const BATCH = 5_000;

export type MemoryImportResult =
  | (Omit<Extract<MemoryFileResult, { ok: true }>, 'entries'> & { stored: number })
  | Extract<MemoryFileResult, { ok: false }>;

/** Reads a memory file and stores its entries under `origin` (the file's name). */
export async function importMemoryFile(
  store: Pick<Store, 'importMemory'>,
  bytes: Uint8Array,
  fileName: string,
): Promise<MemoryImportResult> {
  const read = await readMemoryFileOffThread(bytes, fileName);
  if (!read.ok) return read;
  const { entries, ...rest } = read;
  let stored = 0;
  for (let at = 0; at < entries.length; at += BATCH) {
    if (at > 0) await nextTurn();
    stored += (await store.importMemory(entries.slice(at, at + BATCH), fileName)).stored;
  }
  return { ...rest, stored };
}
