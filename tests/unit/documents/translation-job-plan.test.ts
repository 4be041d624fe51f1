import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  planRunWindows,
  planWindow,
  prioritizeQueue,
  translationOrder,
  windowLimit,
} from '../../../lib/documents/translation-job-plan';

describe('translationOrder', () => {
  it('is reading order without a priority', () => {
    expect(translationOrder([0, 1, 2, 3])).toEqual([0, 1, 2, 3]);
  });

  it('starts at the priority paragraph, then goes back to the beginning', () => {
    expect(translationOrder([0, 1, 2, 3, 4], 3)).toEqual([3, 4, 0, 1, 2]);
  });

  it('works with paragraph indices that are not positions, and priorities between or past them', () => {
    expect(translationOrder([10, 20, 30], 15)).toEqual([1, 2, 0]);
    expect(translationOrder([10, 20, 30], 99)).toEqual([0, 1, 2]);
    expect(translationOrder([10, 20, 30], 0)).toEqual([0, 1, 2]);
  });
});

describe('prioritizeQueue', () => {
  it('puts the remaining paragraphs from the screen down first, then the rest, each in reading order', () => {
    const indices = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(prioritizeQueue([7, 8, 9, 1, 2, 3, 4, 5, 6], indices, 3)).toEqual([3, 4, 5, 6, 7, 8, 9, 1, 2]);
  });

  it('is a permutation of the queue', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 40 })), fc.integer({ min: -1, max: 42 }), (queue, from) => {
        const indices = Array.from({ length: 41 }, (_, i) => i);
        const result = prioritizeQueue(queue, indices, from);
        expect([...result].sort((a, b) => a - b)).toEqual([...queue].sort((a, b) => a - b));
        const firstBehind = result.findIndex((p) => p < from);
        if (firstBehind >= 0) expect(result.slice(firstBehind).every((p) => p < from)).toBe(true);
      }),
    );
  });
});

describe('windowLimit', () => {
  it('doubles from 32 after the first paragraph up to the job’s window size', () => {
    expect([1, 2, 3, 4, 30].map((n) => windowLimit(n, 64))).toEqual([32, 64, 64, 64, 64]);
    expect([1, 2, 3, 4].map((n) => windowLimit(n, 256))).toEqual([32, 64, 128, 256]);
    expect([1, 2, 3].map((n) => windowLimit(n, 6))).toEqual([6, 6, 6]);
    expect(windowLimit(1000, 128)).toBe(128);
  });
});

describe('planWindow', () => {
  const keys: Record<number, string[]> = { 0: ['a', 'b'], 1: ['c'], 2: ['d', 'e', 'f'], 3: ['g'], 4: ['a', 'h'] };
  const missing = (p: number) => keys[p] ?? [];

  it('takes the first paragraph alone for the first window', () => {
    expect(planWindow([0, 1, 2], missing, { maxSentences: 32, first: true })).toEqual({
      positions: [0],
      keys: ['a', 'b'],
    });
  });

  it('adds whole paragraphs in order while the distinct sentences fit', () => {
    expect(planWindow([0, 1, 2, 3], missing, { maxSentences: 4, first: false })).toEqual({
      positions: [0, 1],
      keys: ['a', 'b', 'c'],
    });
    expect(planWindow([0, 4, 1], missing, { maxSentences: 4, first: false })).toEqual({
      positions: [0, 4, 1],
      keys: ['a', 'b', 'h', 'c'],
    });
  });

  it('takes a paragraph longer than the limit whole, alone', () => {
    expect(planWindow([2, 3], missing, { maxSentences: 2, first: false })).toEqual({
      positions: [2],
      keys: ['d', 'e', 'f'],
    });
  });

  it('counts a sentence repeated inside a paragraph once', () => {
    expect(planWindow([9], () => ['x', 'x', 'y'], { maxSentences: 2, first: false })).toEqual({
      positions: [9],
      keys: ['x', 'y'],
    });
  });

  it('returns an empty plan for an empty queue', () => {
    expect(planWindow([], missing, { maxSentences: 4, first: false })).toEqual({ positions: [], keys: [] });
  });
});

describe('planRunWindows', () => {
  it('plans the first paragraph alone, then windows growing from 32 sentences, skipping what is cached', () => {
    const keysOf = Array.from({ length: 40 }, (_, p) => [`a${p}`, `b${p}`]);
    const cached = new Set(['a0', 'b0']);
    const { done, windows } = planRunWindows(
      keysOf.map((_, p) => p),
      keysOf,
      (k) => cached.has(k),
      { maxSentences: 64 },
    );
    expect(done).toBe(1);
    expect(windows.map((w) => w.length)).toEqual([1, 16, 22]);
    expect(windows[0]).toEqual([{ index: 1, keys: ['a1', 'b1'] }]);
  });

  it('starts from priorityFrom and comes back to the beginning', () => {
    const keysOf = Array.from({ length: 6 }, (_, p) => [`s${p}`]);
    const { windows } = planRunWindows([0, 1, 2, 3, 4, 5], keysOf, () => false, { maxSentences: 2, priorityFrom: 4 });
    expect(windows.flat().map((p) => p.index)).toEqual([4, 5, 0, 1, 2, 3]);
    expect(windows[0]!.map((p) => p.index)).toEqual([4]);
  });

  it('puts every paragraph not yet translated in exactly one window, none over the limit unless alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 5 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 20 }),
        fc.option(fc.integer({ min: 0, max: 70 }), { nil: undefined }),
        (paragraphs, maxSentences, priorityFrom) => {
          const keysOf = paragraphs.map((p) => p.map((k) => `k${k}`));
          const cached = (k: string) => Number(k.slice(1)) % 7 === 0;
          const indices = keysOf.map((_, p) => p);
          const { done, windows } = planRunWindows(indices, keysOf, cached, { maxSentences, priorityFrom });
          const complete = keysOf.filter((keys) => keys.every(cached)).length;
          expect(done).toBe(complete);
          const planned = windows.flat().map((p) => p.index);
          expect(new Set(planned).size).toBe(planned.length);
          expect(planned.length + complete).toBe(keysOf.length);
          if (windows.length > 0) expect(windows[0]).toHaveLength(1);
          const seen = new Set<string>();
          windows.forEach((w, n) => {
            const fresh = new Set(w.flatMap((p) => p.keys).filter((k) => !cached(k) && !seen.has(k)));
            if (w.length > 1) expect(fresh.size).toBeLessThanOrEqual(windowLimit(n, maxSentences));
            for (const k of fresh) seen.add(k);
          });
        },
      ),
    );
  });
});
