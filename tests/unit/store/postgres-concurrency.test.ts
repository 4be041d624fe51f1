import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../lib/store/postgres';
import type { AppendRevisionResult, RevisionRecord, Store } from '../../../lib/store/types';
import { createTestSchema, hasTestDatabase } from '../../helpers/postgres';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const WRITER = path.join(__dirname, 'pg-writer.ts');
const PROCESSES = 4;
const LOOPS = 4;

/** Runs PROCESSES writer processes at once (each its own pool), all starting at the same instant. */
async function writers<T>(location: { url: string; schema: string }, mode: string, saves: number): Promise<T[]> {
  const startAt = Date.now() + 4000;
  const runs = Array.from(
    { length: PROCESSES },
    (_, p) =>
      new Promise<T>((resolve, reject) => {
        const input = { ...location, mode, name: `p${p}`, loops: LOOPS, saves, startAt };
        execFile(
          process.execPath,
          [TSX, WRITER],
          { cwd: ROOT, env: { ...process.env, PG_WRITER: JSON.stringify(input) }, timeout: 90_000 },
          (error, stdout, stderr) => {
            if (error) reject(new Error(`writer p${p} failed: ${stderr || error.message}`));
            else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as T);
          },
        );
      }),
  );
  return Promise.all(runs);
}

async function history(store: Store, index: number): Promise<RevisionRecord[]> {
  return (await store.listRevisions('doc', index, { limit: 1000 })).reverse();
}

/** Every revision was made from the one before it: one line of history, no fork, no update lost. */
function expectLinear(revisions: RevisionRecord[]) {
  expect(revisions[0]?.baseRevisionId).toBeNull();
  for (let i = 1; i < revisions.length; i++) expect(revisions[i]!.baseRevisionId).toBe(revisions[i - 1]!.id);
}

describe.runIf(hasTestDatabase())('PostgreSQL store across processes', () => {
  let location: Awaited<ReturnType<typeof createTestSchema>>;
  let store: Store;

  beforeAll(async () => {
    location = await createTestSchema();
    store = await openPostgresStore(location, { poolSize: 2 });
  });
  afterAll(async () => {
    await store?.close();
    await location?.cleanup();
  });

  it('16 writers in 4 processes on one paragraph: every acknowledged save kept, in one line of history', async () => {
    const saves = 12;
    const results = await writers<{ acks: number[]; conflicts: number }[]>(location, 'chain', saves);
    const acks = results.flat().flatMap((r) => r.acks);
    const conflicts = results.flat().reduce((sum, r) => sum + r.conflicts, 0);
    expect(acks).toHaveLength(PROCESSES * LOOPS * saves);
    expect(new Set(acks).size).toBe(acks.length);
    const revisions = await history(store, 0);
    expect(revisions.map((r) => r.id).sort((a, b) => a - b)).toEqual([...acks].sort((a, b) => a - b));
    expectLinear(revisions);
    // Sixteen writers on one paragraph must have collided; each collision was a 409, never a lost update.
    expect(conflicts).toBeGreaterThan(0);
    expect((await store.latestRevisions('doc')).get(0)?.id).toBe(revisions.at(-1)!.id);
  });

  it('the same clientSaveId sent 16 times at once from 4 processes is written once', async () => {
    const results = (await writers<AppendRevisionResult[]>(location, 'twin', 1)).flat();
    const kinds = results.map((r) => (r.ok ? r.kind : r.code));
    expect(kinds.filter((k) => k === 'saved')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'replayed')).toHaveLength(PROCESSES * LOOPS - 1);
    const ids = new Set(results.map((r) => (r.ok ? r.revision.id : -1)));
    expect(ids.size).toBe(1);
    expect(await history(store, 7)).toHaveLength(1);
  });

  it('two-paragraph changes locked in opposite orders: no deadlock, each written whole or not at all', async () => {
    const saves = 8;
    const results = (await writers<{ saved: number; conflicts: number }[]>(location, 'pairs', saves)).flat();
    const saved = results.reduce((sum, r) => sum + r.saved, 0);
    expect(saved + results.reduce((sum, r) => sum + r.conflicts, 0)).toBe(PROCESSES * LOOPS * saves);
    expect(saved).toBeGreaterThan(0);
    const [one, two] = [await history(store, 1), await history(store, 2)];
    expect(one).toHaveLength(saved);
    expect(two).toHaveLength(saved);
    expectLinear(one);
    expectLinear(two);
    // Both halves of each change carry the same change name (process, loop, save).
    const change = (r: RevisionRecord) => r.clientSaveId.replace(/-\d+$/, '');
    expect(new Set(one.map(change))).toEqual(new Set(two.map(change)));
  });
});
