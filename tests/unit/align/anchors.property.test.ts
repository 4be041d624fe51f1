import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WordFormsCache, extractAnchors, normalizeNumber } from '../../../lib/align/anchors';
import { unitLength } from '../../../lib/align/length-model';

/**
 * The anchors as the first version extracted them, one match object and one new anchor per token: the shared word
 * forms and the match loop of extractAnchors must give the same keys and weights in the same order.
 */
function referenceAnchors(text: string): { key: string; weight: number }[] {
  const stopwords = new Set(['para', 'como', 'that', 'with', 'this', 'tambien', 'segun']);
  const anchors: { key: string; weight: number }[] = [];
  for (const match of text.matchAll(/\p{N}+(?:[.,]\p{N}+)*|\p{L}+(?:['’]\p{L}+)*|[?!()"«»“”]/gu)) {
    const token = match[0];
    if (/^[0-9]/u.test(token)) anchors.push({ key: `n:${normalizeNumber(token)}`, weight: 3 });
    else if (/^\p{N}/u.test(token)) anchors.push({ key: `n:${token}`, weight: 3 });
    else if (!/^\p{L}/u.test(token)) {
      const mark = token === '?' ? '?' : token === '!' ? '!' : token === '(' || token === ')' ? '(' : '"';
      anchors.push({ key: `p:${mark}`, weight: 1 });
    } else {
      const plain = token
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase();
      const capitalized = token[0] !== token[0]!.toLowerCase();
      const before = text.slice(Math.max(0, match.index - 3), match.index);
      if (capitalized && match.index > 0 && !/[.!?¿¡:;«"“(—–-]\s*$/u.test(before))
        anchors.push({ key: `N:${plain}`, weight: 1.5 });
      if (plain.length >= 4 && !stopwords.has(plain)) anchors.push({ key: `c:${plain.slice(0, 4)}`, weight: 1 });
    }
  }
  return anchors;
}

// Words with accents, capitals, apostrophes, numbers in both notations, non-ASCII digits and the telling marks.
const pieces = fc.constantFrom(
  'Canción',
  'canción',
  'MADRID',
  'Ñandú',
  'para',
  'Para',
  'También',
  "O'Brien",
  'l’eau',
  '15.000',
  '3,5',
  '1.234,5',
  '٣٤',
  '¿',
  '?',
  '¡',
  '!',
  '(',
  ')',
  '«',
  '»',
  '"',
  '.',
  ':',
  '—',
  ' ',
  '\n',
  '\u00a0',
  'x',
  'İstanbul',
);
const texts = fc.oneof(
  fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')),
  fc.string({ unit: 'grapheme' }),
);

describe('extractAnchors', () => {
  it('gives the anchors of one match and one new anchor per token, in order', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const plain = (anchors: readonly { key: string; weight: number }[]) =>
          anchors.map(({ key, weight }) => ({ key, weight }));
        expect(plain(extractAnchors(text))).toEqual(referenceAnchors(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('shares one anchor object among the occurrences of a word, and a cache among texts', () => {
    const words = new WordFormsCache();
    const [first, second] = [extractAnchors('canciones canciones', words), extractAnchors('canciones', words)];
    expect(first).toHaveLength(2);
    expect(first[0]).toBe(first[1]);
    expect(second[0]).toBe(first[0]);
    expect(Object.isFrozen(first[0])).toBe(true);
  });
});

describe('unitLength', () => {
  it('is the length of the text with whitespace runs collapsed to one space and trimmed', () => {
    const spaced = fc
      .array(fc.constantFrom('a', 'é', ' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u200b', '😀'), {
        maxLength: 30,
      })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(spaced, fc.string({ unit: 'binary' })), (text) => {
        expect(unitLength(text)).toBe(text.replace(/\s+/gu, ' ').trim().length);
      }),
      { numRuns: 3000 },
    );
  });
});
