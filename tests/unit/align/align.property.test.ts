import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AlignmentLink, alignParagraphs, alignSentences } from '../../../lib/align';

const WORDS = [
  'casa',
  'house',
  'Madrid',
  '15.000',
  '3,5',
  'el',
  'the',
  '¿qué?',
  'what?',
  '«sí»',
  '(nota)',
  'presidente',
];
const unit = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((words) => words.join(' '));
const side = fc.array(unit, { maxLength: 25 });

/** Every source and target index appears exactly once, in increasing order, and confidences are in [0, 1]. */
function expectCover(links: readonly AlignmentLink[], n: number, m: number): void {
  expect(links.flatMap((l) => l.source)).toEqual(Array.from({ length: n }, (_, k) => k));
  expect(links.flatMap((l) => l.target)).toEqual(Array.from({ length: m }, (_, k) => k));
  for (const link of links) {
    expect(link.source.length + link.target.length).toBeGreaterThan(0);
    expect(link.confidence).toBeGreaterThanOrEqual(0);
    expect(link.confidence).toBeLessThanOrEqual(1);
  }
}

// Random-length units made of words from a small list, so that anchors match here and there.
function randomUnits(count: number, seed: number): string[] {
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(next() * 60) }, () => WORDS[Math.floor(next() * WORDS.length)]!).join(' '),
  );
}

describe('alignment covers every unit once, in order', () => {
  it('for sentences, with and without a bridge and with a narrow starting band', () => {
    fc.assert(
      fc.property(side, side, fc.integer({ min: 1, max: 4 }), (source, target, band) => {
        expectCover(alignSentences(source, target), source.length, target.length);
        expectCover(alignSentences(source, target, { bridge: source, band }), source.length, target.length);
      }),
      { numRuns: 150 },
    );
  });

  it('for paragraphs', () => {
    fc.assert(
      fc.property(side, side, (source, target) => {
        expectCover(alignParagraphs(source, target, { band: 2 }), source.length, target.length);
      }),
      { numRuns: 150 },
    );
  });

  it('for a book-sized input of 3,000 × 2,500 paragraphs', () => {
    const source = randomUnits(3000, 1);
    const target = randomUnits(2500, 2);
    expectCover(alignParagraphs(source, target), source.length, target.length);
  }, 120_000);
});
