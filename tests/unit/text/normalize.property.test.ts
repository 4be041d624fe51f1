import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collapseSpaces, isBlankLine } from '../../../lib/text/normalize';

const spaced = fc
  .array(
    fc.constantFrom('a', 'ñ', ' ', '  ', '\t', '\n', '\r', '\u00a0', '\u202f', '\u2028', '\u3000', '\ufeff', '😀'),
    {
      maxLength: 30,
    },
  )
  .map((p) => p.join(''));
const texts = fc.oneof(spaced, fc.string({ unit: 'binary' }));

describe('collapseSpaces', () => {
  it('turns every run of collapsible spaces into one space, as replacing each run would', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(collapseSpaces(text)).toBe(text.replace(/[^\S\u00A0\u202F]+/gu, ' '));
      }),
      { numRuns: 3000 },
    );
  });

  it('calls a line blank when nothing but collapsible spaces is left of it', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(isBlankLine(text)).toBe(text.replace(/[^\S\u00A0\u202F]+/gu, '') === '');
      }),
      { numRuns: 3000 },
    );
  });
});
