import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecoderPool } from '../../../../lib/mt/worker/decoder-pool';
import { partitionRows } from '../../../../lib/mt/worker/partition-rows';
import type { DecoderThread } from '../../../../lib/mt/worker/decoder-thread';
import { DecodeCancelled } from '../../../../lib/mt/decoder/decoder';
import { loopCost } from '../../../../lib/mt/decoder/greedy-decode';
import type { EngineConfig } from '../../../../lib/mt/translate/transformers-engine';
import { decoderFilesOf, makeModelsDir, type ModelsDir } from '../fixtures';

const ROOT = path.resolve(__dirname, '../../../..');

/** A pool over a generated model, as the engine starts it: serving with its first thread. */
async function openPool(config: EngineConfig, size: number) {
  const { files, shape, probe } = await decoderFilesOf(config);
  const pool = await DecoderPool.start(ROOT, files, shape, size, undefined, { probe });
  expect(pool).not.toBeNull();
  return pool!;
}

/** The same with all its threads: they load once the first request has been decoded. */
async function startPool(config: EngineConfig, size: number) {
  const pool = await openPool(config, size);
  await pool.decode([[5, 0]], [3]);
  await pool.settled();
  return pool;
}

const threadsOf = (pool: DecoderPool) => (pool as unknown as { threads: DecoderThread[] }).threads;
const cost = (budgets: number[]) => {
  const { steps, slots } = loopCost(budgets);
  return steps + slots;
};

describe('partitionRows', () => {
  it('gives the longest sentence a thread of its own when the others fit beside it', () => {
    // The bench's first paragraph: 23, 64 and 69 tokens, budgets 2n + 16.
    expect(partitionRows([62, 144, 154], 2)).toEqual([[2], [0, 1]]);
    expect(partitionRows([10, 10, 10, 10], 2)).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(partitionRows([5, 7], 4)).toEqual([[1], [0]]);
    expect(partitionRows([9], 2)).toEqual([[0]]);
    expect(partitionRows([], 2)).toEqual([]);
  });

  it('puts every row in exactly one non-empty group, uses every part it can, and never costs more than one batch', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        (budgets, parts) => {
          const groups = partitionRows(budgets, parts);
          expect(groups).toHaveLength(Math.min(parts, budgets.length));
          expect(groups.flat().sort((a, b) => a - b)).toEqual(budgets.map((_, i) => i));
          for (const g of groups) {
            expect(g.length).toBeGreaterThan(0);
            expect([...g].sort((a, b) => a - b)).toEqual(g);
          }
          const slowest = Math.max(...groups.map((g) => cost(g.map((r) => budgets[r]!))));
          expect(slowest).toBeLessThanOrEqual(cost(budgets));
          // No group waits less than the longest budget it holds allows: the longest row alone bounds the split.
          expect(slowest).toBeGreaterThanOrEqual(cost([Math.max(...budgets)]));
        },
      ),
    );
  });
});

describe('a pool of decoder threads', () => {
  let models: ModelsDir;
  let config: EngineConfig;
  let pool: DecoderPool;
  let single: DecoderPool;

  beforeAll(async () => {
    models = await makeModelsDir('decoder-pool');
    // fp32: these tests compare a batch split over threads with the whole batch on one. In int8 each row's output
    // depends on its batch (one activation scale per tensor), so the two legitimately differ, by how much depending
    // on the CPU (equal on the machines before, not on an AVX2-only AMD EPYC); in fp32 a row gives what it gives
    // alone (tests/unit/mt/decoder/greedy-decode.test.ts), so any difference is the pool's.
    config = await models.addTinyModel('decoder-pool', { dtype: 'fp32' });
    [pool, single] = await Promise.all([startPool(config, 2), startPool(config, 1)]);
  });
  afterAll(async () => {
    await Promise.all([pool?.dispose(), single?.dispose()]);
    await models?.cleanup();
  });

  const inputs = [
    [5, 6, 7, 0],
    [8, 0],
    [9, 10, 11, 12, 13, 14, 0],
    [15, 16, 0],
  ];
  const budgets = [12, 6, 30, 10];

  it('serves once its first thread has loaded; the next one loads after the first request and joins once it has decoded it too', async () => {
    const growing = await openPool(config, 2);
    try {
      expect(growing.size).toBe(1);
      // Nothing loads beside the first thread until the first request is decoded (on it alone).
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(growing.size).toBe(1);
      expect(await growing.decode(inputs, budgets, { split: true })).toEqual(await single.decode(inputs, budgets));
      await growing.settled();
      expect(growing.size).toBe(2);
      // The thread that joined has decoded once (its warm-up): only then does it build its cached-step decoder.
      expect(await threadsOf(growing)[1]!.cachedStepReady()).toBe(true);
    } finally {
      await growing.dispose();
    }
  });

  it('ends at once when disposed before its first request, with no thread left loading', async () => {
    const idle = await openPool(config, 2);
    await idle.dispose();
    await idle.settled();
    expect(idle.size).toBe(1);
    await expect(idle.decode([[5, 0]], [3])).rejects.toThrow(/disposed/);
  });

  it('splits a batch over its threads and gives, in order, what one thread gives for the whole batch', async () => {
    expect(pool.size).toBe(2);
    const expected = await single.decode(inputs, budgets);
    const seen: number[] = [];
    for (const t of threadsOf(pool)) {
      const decode = t.decode.bind(t);
      t.decode = (rows, b, options) => {
        seen.push(rows.length);
        return decode(rows, b, options);
      };
    }
    try {
      expect(await pool.decode(inputs, budgets, { split: true })).toEqual(expected);
      // Both threads got a share: the longest row alone, the three others together.
      expect(seen.sort()).toEqual([1, 3]);
      seen.length = 0;
      expect(await pool.decode(inputs, budgets)).toEqual(expected);
      expect(seen).toEqual([4]);
    } finally {
      for (const t of threadsOf(pool)) delete (t as { decode?: unknown }).decode;
    }
  });

  it('runs two batches at once on different threads', async () => {
    const a = pool.decode(inputs.slice(0, 2), budgets.slice(0, 2));
    const b = pool.decode(inputs.slice(2), budgets.slice(2));
    expect(threadsOf(pool).map((t) => t.inFlight)).toEqual([1, 1]);
    const [ra, rb] = await Promise.all([a, b]);
    expect([...ra.tokens, ...rb.tokens]).toEqual((await single.decode(inputs, budgets)).tokens);
  });

  it('cancels every share of a split batch', async () => {
    const long = Array.from({ length: 150 }, (_, i) => 5 + (i % 40));
    const controller = new AbortController();
    const call = pool.decode(
      [
        [...long, 0],
        [...long.slice(0, 100), 0],
      ],
      [400, 300],
      { signal: controller.signal },
    );
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(DecodeCancelled);
    // Both threads are free again and still decode.
    expect(threadsOf(pool).map((t) => t.inFlight)).toEqual([0, 0]);
    expect(await pool.decode(inputs, budgets, { split: true })).toEqual(await single.decode(inputs, budgets));
  });
});
