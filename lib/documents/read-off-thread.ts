/**
 * The import readers, run in the parse pool (lib/heavy): a failure of the pool (too slow, out of memory) is told as
 * the file's problem, in the readers' own result shapes, so every caller keeps one way to report it; a full queue is
 * not the file's fault and comes back as PoolBusy (the API answers 503 with Retry-After).
 */
import { poolBusy, runHeavy, type PoolBusy } from '../heavy/pool';
import type { PackedMemoryFile } from '../heavy/tasks';
import type { ConvertResult } from '../exchange/import-source';

/** convertImport, off the request thread. */
export async function convertImportOffThread(input: {
  bytes: Uint8Array;
  fileName: string | null;
}): Promise<ConvertResult | PoolBusy> {
  const ran = await runHeavy('convertImport', input);
  if (ran.ok) return ran.value;
  const busy = poolBusy(ran);
  if (busy) return busy;
  return { ok: false, code: 'unreadable', message: `${input.fileName ?? 'The text'}: ${ran.message}.` };
}

/** readMemoryFile, off the request thread; its entries come back packed (lib/heavy/packed-entries.ts). */
export async function readMemoryFileOffThread(
  bytes: Uint8Array,
  fileName: string,
): Promise<PackedMemoryFile | PoolBusy> {
  const ran = await runHeavy('readMemoryFile', { bytes, fileName });
  if (ran.ok) return ran.value;
  const busy = poolBusy(ran);
  if (busy) return busy;
  return { ok: false, code: 'unprocessable', message: `${fileName}: ${ran.message}.` };
}
