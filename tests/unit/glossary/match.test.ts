import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlossary } from '../../../lib/glossary';
import { foldAccents, wordKeys } from '../../../lib/glossary/stem';

const glossary = compileGlossary([
  { term: 'tribunal', forms: [], english: ['court'], forbidden: [] },
  { term: 'tribunal de apelación', forms: [], english: ['court of appeal'], forbidden: [] },
  { term: 'acción', forms: [], english: ['share'], forbidden: ['action'] },
  { term: 'año', forms: ['años'], english: ['year'], forbidden: [] },
]);
const found = (text: string) =>
  glossary.findInSpanish(text).map((o) => [o.entry, text.slice(o.span.start, o.span.end)]);

describe('glossary matching', () => {
  it('matches Spanish terms across case, accents and inflection (Snowball stems)', () => {
    expect(found('Las ACCIONES subieron; la accion bajó.')).toEqual([
      [2, 'ACCIONES'],
      [2, 'accion'],
    ]);
  });

  it('prefers the longest term at a place, and never overlaps', () => {
    expect(found('El tribunal de apelación y el tribunal.')).toEqual([
      [1, 'tribunal de apelación'],
      [0, 'tribunal'],
    ]);
  });

  it('matches the forms a glossary lists where the stemmer does not relate them', () => {
    // The Snowball stemmer leaves "años" apart from "año"; the entry lists it.
    expect(wordKeys('años', 'es')).not.toEqual(wordKeys('año', 'es'));
    expect(found('Hace dos años.')).toEqual([[3, 'años']]);
  });

  it('keeps ñ apart from n when folding accents', () => {
    expect(foldAccents('Año acción pingüino')).toBe('Año accion pinguino');
    expect(found('Un ano y un año.')).toEqual([[3, 'año']]);
  });

  it('finds the required and forbidden English, inflected', () => {
    expect(glossary.findInEnglish('Two courts of appeal.', 1, 'english')).toEqual([{ start: 4, end: 20 }]);
    expect(glossary.findInEnglish('The actions rose.', 2, 'forbidden')).toEqual([{ start: 4, end: 11 }]);
  });

  it('property: a term is found wherever it is put, in any case', () => {
    const word = fc.stringMatching(/^[a-z]{3,8}$/);
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 6 }),
        fc.array(word, { maxLength: 6 }),
        fc.boolean(),
        (before, after, upper) => {
          const term = upper ? 'TRIBUNAL DE APELACIÓN' : 'tribunal de apelación';
          const text = [...before, term, ...after].join(' ');
          return glossary
            .findInSpanish(text)
            .some((o) => o.entry === 1 && text.slice(o.span.start, o.span.end) === term);
        },
      ),
    );
  });
});
