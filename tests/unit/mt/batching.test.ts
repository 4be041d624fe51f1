import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planBatches } from '../../../lib/mt/batching';
import { maxNewTokensFor } from '../../../lib/mt/split-long';

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

  it('covers every input exactly once, in order, within the policy', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 32 }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        (raw, maxBatch, tolerance) => {
          const tokens = [...raw].sort((a, b) => a - b);
          const ranges = planBatches(tokens, 512, { maxBatch, tolerance });
          let next = 0;
          for (const [start, end] of ranges) {
            expect(start).toBe(next);
            expect(end - start).toBeGreaterThanOrEqual(1);
            expect(end - start).toBeLessThanOrEqual(maxBatch);
            const floor = maxNewTokensFor(tokens[start]!, 512);
            expect(maxNewTokensFor(tokens[end - 1]!, 512)).toBeLessThanOrEqual(floor * tolerance);
            next = end;
          }
          expect(next).toBe(tokens.length);
        },
      ),
    );
  });
});
