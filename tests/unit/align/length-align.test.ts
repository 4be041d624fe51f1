import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignSentences } from '../../../lib/align/length-align';

const shapes = (links: { source: number[]; target: number[] }[]) =>
  links.map((l) => `${l.source.length}:${l.target.length}`);

describe('alignSentences (length-based)', () => {
  it('aligns sentences of matching lengths 1:1 with high confidence', () => {
    const source = ['El líder norcoreano llegó a Moscú el martes.', 'Putin lo recibió en el Kremlin.'];
    const target = ['The North Korean leader arrived in Moscow on Tuesday.', 'Putin received him at the Kremlin.'];
    const links = alignSentences(source, target);
    expect(links.map((l) => [l.source, l.target])).toEqual([
      [[0], [0]],
      [[1], [1]],
    ]);
    for (const l of links) expect(l.confidence).toBeGreaterThan(0.3);
  });

  it('finds a sentence the editor split in two (1:2) and two joined into one (2:1)', () => {
    const source = [
      'La reunión, que duró más de cuatro horas y terminó con una cena oficial, fue calificada de histórica por ambos gobiernos.',
      'Hubo acuerdos.',
    ];
    const split = [
      'The meeting lasted more than four hours and ended with an official dinner.',
      'Both governments called it historic.',
      'There were agreements.',
    ];
    expect(shapes(alignSentences(source, split))).toEqual(['1:2', '1:1']);
    const joined = [
      'The meeting, which lasted over four hours and ended with a state dinner, was called historic by both governments, and there were agreements.',
    ];
    expect(
      shapes(
        alignSentences(['Hubo algo muy largo que contar aquí, sin duda alguna, en esta frase.', 'Y más.'], joined),
      ),
    ).toEqual(['2:1']);
  });

  it('handles empty sides with 1:0 and 0:1 links', () => {
    expect(alignSentences([], [])).toEqual([]);
    expect(shapes(alignSentences(['Uno.', 'Dos.'], []))).toEqual(['1:0', '1:0']);
    expect(shapes(alignSentences([], ['One.']))).toEqual(['0:1']);
  });

  it('covers every index of both sides exactly once, in order, with confidences in [0, 1] (property)', () => {
    const sentence = fc.string({ minLength: 0, maxLength: 120 });
    fc.assert(
      fc.property(fc.array(sentence, { maxLength: 12 }), fc.array(sentence, { maxLength: 12 }), (source, target) => {
        const links = alignSentences(source, target);
        expect(links.flatMap((l) => l.source)).toEqual(source.map((_, i) => i));
        expect(links.flatMap((l) => l.target)).toEqual(target.map((_, i) => i));
        for (const l of links) {
          expect(l.source.length + l.target.length).toBeGreaterThan(0);
          expect(l.source.length).toBeLessThanOrEqual(2);
          expect(l.target.length).toBeLessThanOrEqual(2);
          expect(l.confidence).toBeGreaterThanOrEqual(0);
          expect(l.confidence).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is 1:1 throughout when both sides have the same sentences (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 5, maxLength: 80 }), { maxLength: 10 }), (sentences) => {
        const links = alignSentences(
          sentences,
          sentences.map((s) => s.slice(0, Math.ceil(s.length * 0.9))),
        );
        expect(links.every((l) => l.source.length === 1 && l.target.length === 1)).toBe(true);
      }),
    );
  });
});
