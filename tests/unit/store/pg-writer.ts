/**
 * One writer process of the cross-process tests (postgres-concurrency.test.ts): opens its own PostgreSQL store (its
 * own pool) and saves as a person's editor would, then prints what the store answered as one JSON line.
 * Input: PG_WRITER = JSON { url, schema, mode, name, loops, saves, startAt }.
 */
import { openPostgresStore } from '../../../lib/store/postgres';
import type { AppendRevisionResult, Store } from '../../../lib/store/types';
import { newRevision } from './new-revision';

interface Input {
  url: string;
  schema: string;
  mode: 'chain' | 'twin' | 'pairs';
  name: string;
  /** Concurrent loops in this process (each its own connection from the pool). */
  loops: number;
  /** Saves each loop makes. */
  saves: number;
  /** Epoch ms to start at, so every process begins together. */
  startAt: number;
}

const input = JSON.parse(process.env.PG_WRITER ?? '{}') as Input;

async function latestId(store: Store, index: number): Promise<number | null> {
  return (await store.listRevisions('doc', index, { limit: 1 }))[0]?.id ?? null;
}

/** Read the version, save against it, on a conflict save again against the latest: the editor's retry. */
async function chain(store: Store, loop: number) {
  const acks: number[] = [];
  let conflicts = 0;
  for (let n = 0; n < input.saves; n++) {
    let base = await latestId(store, 0);
    for (;;) {
      const clientSaveId = `${input.name}-${loop}-${n}`;
      const result = await store.appendRevision(newRevision({ clientSaveId, text: `${clientSaveId}.` }), base);
      if (result.ok) {
        acks.push(result.revision.id);
        break;
      }
      conflicts++;
      base = result.latest?.id ?? null;
    }
  }
  return { acks, conflicts };
}

/** Everyone sends the same save (one clientSaveId) at once, as a client retrying over a flaky network would. */
async function twin(store: Store): Promise<AppendRevisionResult[]> {
  return Promise.all(
    Array.from({ length: input.loops }, () =>
      store.appendRevision(newRevision({ paragraphIndex: 7, clientSaveId: 'the-same-save' }), null),
    ),
  );
}

/** Two paragraphs in one change, locked in opposite orders by different loops: all or nothing, no deadlock. */
async function pairs(store: Store, loop: number) {
  let saved = 0;
  let conflicts = 0;
  for (let n = 0; n < input.saves; n++) {
    const order = (loop + n) % 2 === 0 ? [1, 2] : [2, 1];
    const bases = await Promise.all(order.map((index) => latestId(store, index)));
    const result = await store.appendRevisions(
      order.map((index, i) => ({
        revision: newRevision({
          paragraphIndex: index,
          clientSaveId: `${input.name}-${loop}-${n}-${index}`,
          text: `${input.name}-${loop}-${n}.`,
        }),
        expectedBaseId: bases[i] ?? null,
      })),
    );
    if (result.ok && result.results.every((r) => r.kind === 'saved')) saved++;
    else if (!result.ok) conflicts++;
    else throw new Error(`unexpected outcome ${JSON.stringify(result)}`);
  }
  return { saved, conflicts };
}

async function main() {
  const store = await openPostgresStore({ url: input.url, schema: input.schema }, { poolSize: input.loops });
  try {
    while (Date.now() < input.startAt) await new Promise((r) => setTimeout(r, 5));
    const loops = Array.from({ length: input.loops }, (_, loop) => loop);
    let output: unknown;
    if (input.mode === 'chain') output = await Promise.all(loops.map((loop) => chain(store, loop)));
    else if (input.mode === 'twin') output = await twin(store);
    else output = await Promise.all(loops.map((loop) => pairs(store, loop)));
    process.stdout.write(JSON.stringify(output) + '\n');
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
