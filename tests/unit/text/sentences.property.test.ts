import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../lib/text';
import { cannotEndSentence, startsSentenceAfterName } from '../../../lib/text/abbreviations';

const compact = (s: string): string => s.replace(/\s+/gu, '');

// Text that exercises the rules: words, abbreviations, numbers, terminators, quotes, ¿¡, line breaks, URLs.
const pieces = fc.constantFrom(
  'Sr.',
  'Dra.',
  'EE.',
  'UU.',
  'etc.',
  'p.',
  'ej.',
  'a.',
  'C.',
  'J.',
  'K.',
  'pág.',
  '1.',
  '2.º',
  'N.º',
  '3,5',
  '15.000',
  '...',
  '…',
  '.',
  '?',
  '!',
  '¿',
  '¡',
  '«',
  '»',
  '"',
  '(',
  ')',
  '—',
  '•',
  ':',
  ',',
  'hola',
  'Hola',
  'casa',
  'Luego',
  'www.ejemplo.es',
  'a@b.es',
  'https://x.es/?q=1',
  ' ',
  ' ',
  ' ',
  '\n',
  '\n\n',
  '\t',
  '\u00a0',
);
const spanishish = fc.array(pieces, { maxLength: 60 }).map((parts) => parts.join(''));
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  spanishish,
);

describe('splitSentences properties', () => {
  it('never throws and never returns an empty or untrimmed sentence', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const sentence of splitSentences(text)) {
          expect(sentence.trim().length).toBeGreaterThan(0);
          expect(sentence).toBe(sentence.trim());
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps every non-whitespace character, in order', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(compact(splitSentences(text).join(' '))).toBe(compact(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('is stable: splitting a sentence again gives it back whole', () => {
    fc.assert(
      fc.property(spanishish, (text) => {
        for (const sentence of splitSentences(text)) {
          expect(compact(splitSentences(sentence).join(''))).toBe(compact(sentence));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('handles a 50,000-character paragraph without punctuation', () => {
    const words = Array.from({ length: 10_000 }, (_, i) => ['casa', 'perro', 'Madrid', 'luz', 'árbol'][i % 5]);
    const paragraph = words.join(' ');
    expect(paragraph.length).toBeGreaterThanOrEqual(50_000);
    expect(splitSentences(paragraph)).toEqual([paragraph]);
  });

  it('handles 50,000 characters without whitespace and 50,000 characters of abbreviations', () => {
    const blob = 'x.'.repeat(25_000);
    expect(splitSentences(blob)).toEqual([blob]);
    const abbreviations = 'Sr. '.repeat(12_500).trim();
    expect(compact(splitSentences(abbreviations).join(''))).toBe(compact(abbreviations));
  });
});

// Made-up capitalized names that do not open sentences, and words that do ("Luego", "Después").
const name = fc
  .stringMatching(/^[A-ZÁÉÓ][a-zñáéíóú]{2,8}$/u)
  .filter((word) => !startsSentenceAfterName(word) && !cannotEndSentence(word));
const opener = fc.constantFrom('Luego', 'Después', 'Entonces', 'Ahora', 'Ella', 'Nadie');
const unfinished = fc.constantFrom('a', 'de', 'en', 'hacia', 'hasta', 'para', 'por', 'con', 'el', 'la', 'los', 'su');
const ellipsis = fc.constantFrom('...', '…', ' ...');

describe('an ellipsis after a preposition or an article, properties', () => {
  it('holds a name after it in the same sentence, and lets a word that opens sentences start one', () => {
    fc.assert(
      fc.property(unfinished, ellipsis, name, opener, (word, dots, next, starter) => {
        const suspended = `Salimos temprano ${word}${dots} ${next} estaba lejos.`;
        expect(splitSentences(suspended)).toEqual([suspended]);
        expect(splitSentences(`Salimos temprano ${word}${dots} ${starter} volvimos.`)).toEqual([
          `Salimos temprano ${word}${dots}`,
          `${starter} volvimos.`,
        ]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a name written with an exclamation mark, properties', () => {
  it('goes on before a name when no ¡ opened an exclamation, and ends the sentence when one did', () => {
    fc.assert(
      fc.property(name, name, (brand, next) => {
        const text = `Trabaja en ${brand}! ${next} desde mayo.`;
        expect(splitSentences(text)).toEqual([text]);
        expect(splitSentences(`¡Trabaja en ${brand}! ${next} lo sabe.`)).toEqual([
          `¡Trabaja en ${brand}!`,
          `${next} lo sabe.`,
        ]);
        // a period inside the exclamation (an abbreviation, an ellipsis) does not hide its ¡
        expect(splitSentences(`¡Trabaja con la Dra. ${next} en... ${brand}! ${next} lo sabe.`)).toEqual([
          `¡Trabaja con la Dra. ${next} en... ${brand}!`,
          `${next} lo sabe.`,
        ]);
      }),
      { numRuns: 300 },
    );
  });
});
