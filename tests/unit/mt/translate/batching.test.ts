import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BATCH_POLICY, planBatches } from '../../../../lib/mt/translate/batching';
import { maxNewTokensFor } from '../../../../lib/mt/translate/split-long';

describe('planBatches', () => {
  it('keeps similar lengths together and starts a new batch when the budget would grow too much', () => {
    // Budgets 2n+16: 26, 28, 30, 36 | 216, 220.
    expect(planBatches([5, 6, 7, 10, 100, 102], 512, { maxBatch: 16, tolerance: 1.5 })).toEqual([
      [0, 4],
      [4, 6],
    ]);
  });

  it('never exceeds the batch size', () => {
    expect(planBatches([10, 10, 10, 10, 10], 512, { maxBatch: 2, tolerance: 2 })).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
  });

  it('keeps a batch of long sentences small: members × the longest budget stay within maxSlots', () => {
    // 247 tokens: budget 510 (2n + 16); 10 × 510 = 5,100 fit in 5,120, 11 do not.
    const long = Array.from({ length: 25 }, () => 247);
    expect(planBatches(long, 512, { maxBatch: 32, tolerance: 2, maxSlots: 5120 })).toEqual([
      [0, 10],
      [10, 20],
      [20, 25],
    ]);
    // Short ones fill the batch.
    expect(
      planBatches(
        Array.from({ length: 40 }, () => 20),
        512,
        DEFAULT_BATCH_POLICY,
      ),
    ).toEqual([
      [0, 32],
      [32, 40],
    ]);
    // One input over the limit still goes, alone.
    expect(planBatches([247], 512, { maxBatch: 32, tolerance: 2, maxSlots: 100 })).toEqual([[0, 1]]);
  });

  it('covers every input exactly once, in order, within the policy', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 32 }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 20_000 }),
        (raw, maxBatch, tolerance, maxSlots) => {
          const tokens = [...raw].sort((a, b) => a - b);
          const ranges = planBatches(tokens, 512, { maxBatch, tolerance, maxSlots });
          let next = 0;
          for (const [start, end] of ranges) {
            expect(start).toBe(next);
            expect(end - start).toBeGreaterThanOrEqual(1);
            expect(end - start).toBeLessThanOrEqual(maxBatch);
            const floor = maxNewTokensFor(tokens[start]!, 512);
            expect(maxNewTokensFor(tokens[end - 1]!, 512)).toBeLessThanOrEqual(floor * tolerance);
            if (end - start > 1)
              expect((end - start) * maxNewTokensFor(tokens[end - 1]!, 512)).toBeLessThanOrEqual(maxSlots);
            next = end;
          }
          expect(next).toBe(tokens.length);
        },
      ),
    );
  });
});
