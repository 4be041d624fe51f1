import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FLAG_FRACTION, flagCount, flagLowest, MIN_SCORED, type ScoredKey } from '../../../lib/confidence/flags';

const scored = (key: string, meanLogProb: number, minLogProb = meanLogProb * 2): ScoredKey => ({
  key,
  meanLogProb,
  minLogProb,
});

describe('flagLowest', () => {
  it('flags the lowest tenth of a document’s scored sentences, rounded up', () => {
    const sentences = Array.from({ length: 25 }, (_, i) => scored(`s${i}`, -i / 10));
    // ceil(25 * 0.1) = 3: the three lowest means are s24, s23, s22.
    expect(flagLowest(sentences)).toEqual(new Set(['s24', 's23', 's22']));
  });

  it('flags nothing in a document with fewer than MIN_SCORED scored sentences', () => {
    const few = Array.from({ length: MIN_SCORED - 1 }, (_, i) => scored(`s${i}`, -i));
    expect(flagLowest(few).size).toBe(0);
    expect(flagLowest([...few, scored('last', -100)])).toEqual(new Set(['last']));
  });

  it('breaks a tie of means with the minimum, then with the key', () => {
    const tied = [
      scored('b', -1, -1),
      scored('a', -1, -1),
      scored('c', -1, -5),
      scored('d', 0),
      scored('e', 0),
      scored('f', 0),
      scored('g', 0),
      scored('h', 0),
      scored('i', 0),
      scored('j', 0),
      scored('k', 0),
      scored('l', 0),
    ];
    // 12 scored: ceil(1.2) = 2. c has the lowest minimum; a beats b on the key.
    expect(flagLowest(tied)).toEqual(new Set(['c', 'a']));
  });

  it('counts a repeated key once and ignores scores that are not finite', () => {
    const sentences = [
      ...Array.from({ length: 5 }, (_, i) => scored(`s${i}`, -i)),
      scored('s0', -50),
      scored('nan', Number.NaN),
    ];
    // s0 keeps its first score (0), so the lowest of the five is s4.
    expect(flagLowest(sentences)).toEqual(new Set(['s4']));
  });

  it('takes the fraction and the minimum as options', () => {
    const sentences = Array.from({ length: 10 }, (_, i) => scored(`s${i}`, -i));
    expect(flagLowest(sentences, { fraction: 0.3 })).toEqual(new Set(['s9', 's8', 's7']));
    expect(flagLowest(sentences, { minimum: 11 }).size).toBe(0);
  });
});

const scoredKeys = fc.uniqueArray(
  fc.record({
    key: fc.string({ maxLength: 6 }),
    meanLogProb: fc.double({ min: -20, max: 0, noNaN: true }),
    minLogProb: fc.double({ min: -40, max: 0, noNaN: true }),
  }),
  { selector: (s) => s.key, maxLength: 200 },
);

describe('flagLowest properties', () => {
  it('flags flagCount of the distinct sentences, none scoring above one left unflagged', () => {
    fc.assert(
      fc.property(scoredKeys, (sentences) => {
        const flagged = flagLowest(sentences);
        expect(flagged.size).toBe(flagCount(sentences.length));
        const highestFlagged = Math.max(
          ...sentences.filter((s) => flagged.has(s.key)).map((s) => s.meanLogProb),
          Number.NEGATIVE_INFINITY,
        );
        for (const s of sentences)
          if (!flagged.has(s.key)) expect(s.meanLogProb).toBeGreaterThanOrEqual(highestFlagged);
      }),
    );
  });

  it('does not depend on the order of the sentences', () => {
    fc.assert(
      fc.property(
        scoredKeys.chain((sentences) =>
          fc.tuple(fc.constant(sentences), fc.shuffledSubarray(sentences, { minLength: sentences.length })),
        ),
        ([sentences, shuffled]) => {
          expect([...flagLowest(shuffled)].sort()).toEqual([...flagLowest(sentences)].sort());
        },
      ),
    );
  });

  it('flags about FLAG_FRACTION of a document: at most one sentence more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (n) => {
        const count = flagCount(n);
        if (n < MIN_SCORED) {
          expect(count).toBe(0);
        } else {
          expect(count).toBeGreaterThanOrEqual(n * FLAG_FRACTION);
          expect(count).toBeLessThan(n * FLAG_FRACTION + 1);
        }
      }),
    );
  });
});
