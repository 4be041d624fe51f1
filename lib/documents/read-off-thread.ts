/**
 * The import readers, run in the parse pool (lib/heavy): a failure of the pool (too slow, out of memory, busy) is
 * told as the file's problem, in the readers' own result shapes, so every caller keeps one way to report it.
 */
import { runHeavy } from '../heavy/pool';
import type { PackedMemoryFile } from '../heavy/tasks';
import type { ConvertResult } from '../exchange/import-source';

/** convertImport, off the request thread. */
export async function convertImportOffThread(input: {
  bytes: Uint8Array;
  fileName: string | null;
}): Promise<ConvertResult> {
  const ran = await runHeavy('convertImport', input);
  if (ran.ok) return ran.value;
  return { ok: false, code: 'unreadable', message: `${input.fileName ?? 'The text'}: ${ran.message}.` };
}

/** readMemoryFile, off the request thread; its entries come back packed (lib/heavy/packed-entries.ts). */
export async function readMemoryFileOffThread(bytes: Uint8Array, fileName: string): Promise<PackedMemoryFile> {
  const ran = await runHeavy('readMemoryFile', { bytes, fileName });
  if (ran.ok) return ran.value;
  return { ok: false, code: 'unprocessable', message: `${fileName}: ${ran.message}.` };
}
