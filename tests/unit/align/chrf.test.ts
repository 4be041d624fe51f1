import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chrF } from '../../../lib/align';

describe('chrF', () => {
  it('is 1 for identical text and ignores whitespace', () => {
    expect(chrF('The court will hear the appeal.', 'The court will hear the appeal.')).toBe(1);
    expect(chrF('The  court\nwill hear', 'The court will hear')).toBe(1);
  });

  it('is 0 for texts with no character in common, and for empty text', () => {
    expect(chrF('abc', 'xyz')).toBe(0);
    expect(chrF('', 'The court')).toBe(0);
    expect(chrF('The court', '')).toBe(0);
  });

  it('ranks a close translation above an unrelated sentence', () => {
    const reference = 'The ruling is not yet final; the court will hear the appeal in December.';
    const close = chrF('The sentence is not final yet, the appeal court must review it in December.', reference);
    const unrelated = chrF('Local media reports an airport fire vehicle rolled over while responding.', reference);
    expect(close).toBeGreaterThan(0.4);
    expect(unrelated).toBeLessThan(0.3);
    expect(close).toBeGreaterThan(unrelated);
  });

  it('is symmetric with beta = 1 and nearly so with the default beta = 2', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
        expect(chrF(a, b, { beta: 1 })).toBeCloseTo(chrF(b, a, { beta: 1 }), 10);
        const x = chrF(a, b);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
      }),
    );
    const a = 'the peaceful transition of power';
    const b = 'a peaceful transfer of power';
    expect(Math.abs(chrF(a, b) - chrF(b, a))).toBeLessThan(0.1);
  });

  it('honours a lower n-gram order', () => {
    // Same letters in another order: unigrams match fully, longer n-grams do not.
    expect(chrF('ab', 'ba', { n: 1 })).toBe(1);
    expect(chrF('ab', 'ba', { n: 2 })).toBeCloseTo(0.5, 10);
  });
});
