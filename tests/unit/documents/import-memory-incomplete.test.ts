import { afterAll, describe, expect, it, vi } from 'vitest';
import { importMemoryFile } from '../../../lib/documents/import-memory';
import { closeHeavyPool } from '../../../lib/heavy/pool';
import type { ImportedMemoryEntry } from '../../../lib/store/types';
import { poFile } from '../../helpers/hostile-inputs';

afterAll(() => closeHeavyPool());

/** A store that keeps what it is given and fails on its `failOn`th call (1-based), as a full disk would. */
function failingStore(failOn: number) {
  const kept: ImportedMemoryEntry[] = [];
  let calls = 0;
  return {
    kept,
    importMemory: vi.fn(async (entries: readonly ImportedMemoryEntry[]) => {
      calls += 1;
      if (calls === failOn) throw new Error('SQLITE_FULL: database or disk is full');
      kept.push(...entries);
      return { stored: entries.length };
    }),
  };
}

describe('importMemoryFile', () => {
  it('stores every entry of a file in batches', async () => {
    const store = failingStore(Infinity);
    const read = await importMemoryFile(store, poFile(12_000), 'libro.po');
    expect(read).toMatchObject({ ok: true, format: 'po', stored: 12_000 });
    expect(store.importMemory).toHaveBeenCalledTimes(3);
  });

  it('says exactly what was kept when storing fails part-way, instead of throwing', async () => {
    const store = failingStore(2);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const read = await importMemoryFile(store, poFile(12_000), 'libro.po');
    errors.mockRestore();
    expect(read).toMatchObject({ ok: false, code: 'incomplete', stored: 5_000, total: 12_000 });
    expect(read.ok === false && read.message).toMatch(/after 5000 of 12000 .*disk is full.*first 5000 are kept/);
    expect(store.kept).toHaveLength(5_000);
    // Nothing after the failed batch was sent.
    expect(store.importMemory).toHaveBeenCalledTimes(2);
  });
});
