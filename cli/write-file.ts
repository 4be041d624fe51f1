import fs from 'node:fs/promises';

/** Writes next to the target and renames, so an interrupted write never leaves half a file. */
export async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
}
