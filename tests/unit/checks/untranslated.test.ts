import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findingsOf, messagesOf } from './helpers';

describe('untranslated check', () => {
  it('reports English that is the Spanish', () => {
    expect(findingsOf('untranslated', 'El gobierno no dijo nada.', ' El gobierno no dijo nada. ')).toMatchObject([
      { message: 'untranslated.same', severity: 'error' },
    ]);
  });

  it('leaves names, numbers and codes that read the same in both languages', () => {
    expect(messagesOf('untranslated', 'Barack Obama', 'Barack Obama')).toEqual([]);
    expect(messagesOf('untranslated', '2012', '2012')).toEqual([]);
    expect(
      messagesOf(
        'untranslated',
        'Fray Bartolomé de las Casas (Tratado de las Indias).',
        'Fray Bartolomé de las Casas (Tratado de las Indias) wrote it.',
      ),
    ).toEqual([]);
  });

  it('reports a long run of Spanish left in the English, with its span on both sides', () => {
    const source = 'El ministro dijo que no hay acuerdo entre las partes.';
    const target = 'The minister said que no hay acuerdo entre las partes.';
    const [f] = findingsOf('untranslated', source, target);
    expect(f).toMatchObject({ message: 'untranslated.run', severity: 'warning' });
    expect(target.slice(f!.target[0]!.start, f!.target[0]!.end)).toBe('que no hay acuerdo entre las partes');
    expect(source.slice(f!.source[0]!.start, f!.source[0]!.end)).toBe('que no hay acuerdo entre las partes');
  });

  it('property: a translated sentence with no Spanish words left is never reported', () => {
    const englishWord = fc.constantFrom('the', 'house', 'is', 'green', 'and', 'big', 'river', 'runs', 'fast');
    fc.assert(
      fc.property(fc.array(englishWord, { minLength: 1, maxLength: 20 }), (words) => {
        return (
          messagesOf('untranslated', 'La casa es verde y el río corre deprisa.', `${words.join(' ')}.`).length === 0
        );
      }),
    );
  });
});
