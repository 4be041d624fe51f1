import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlossary } from '../../../lib/glossary';
import { findingsOf, messagesOf } from './helpers';

const glossary = compileGlossary([
  {
    term: 'tribunal de apelación',
    forms: ['tribunales de apelación'],
    english: ['court of appeal'],
    forbidden: ['appeals tribunal'],
  },
  { term: 'presidente', forms: ['presidenta'], english: ['president'], forbidden: ['chairman'] },
  { term: 'año', forms: ['años'], english: ['year'], forbidden: [] },
]);

describe('glossary check', () => {
  it('passes the required English, whatever the inflection on either side', () => {
    expect(
      messagesOf('glossary', 'Los Tribunales de Apelación fallaron.', 'The courts of appeal ruled.', { glossary }),
    ).toEqual([]);
    expect(
      messagesOf('glossary', 'La presidenta habló dos años después.', 'The President spoke two years later.', {
        glossary,
      }),
    ).toEqual([]);
  });

  it('reports a term whose required English is missing, on the Spanish term', () => {
    const source = 'El presidente habló.';
    const [f] = findingsOf('glossary', source, 'The leader spoke.', { glossary });
    expect(f).toMatchObject({
      message: 'glossary.missing',
      severity: 'error',
      params: { term: 'presidente', english: 'president' },
    });
    expect(source.slice(f!.source[0]!.start, f!.source[0]!.end)).toBe('presidente');
  });

  it('reports the forbidden English, on both sides', () => {
    const findings = findingsOf('glossary', 'El presidente habló.', 'The chairman and president spoke.', { glossary });
    expect(findings).toMatchObject([
      { message: 'glossary.forbidden', params: { term: 'presidente', forbidden: 'chairman' } },
    ]);
    expect(findings[0]!.target).toEqual([{ start: 4, end: 12 }]);
  });

  it('does nothing without a glossary, or for terms the Spanish does not use', () => {
    expect(messagesOf('glossary', 'El presidente habló.', 'The leader spoke.')).toEqual([]);
    expect(messagesOf('glossary', 'La ministra habló.', 'The chairman spoke.', { glossary })).toEqual([]);
  });

  it('property: replacing the required English by the forbidden one is always reported', () => {
    const filler = fc.constantFrom('ayer', 'hoy', 'en Madrid', 'con calma');
    fc.assert(
      fc.property(filler, (f) => {
        const ok =
          messagesOf('glossary', `El presidente habló ${f}.`, 'The president spoke.', { glossary }).length === 0;
        const wrong = messagesOf('glossary', `El presidente habló ${f}.`, 'The chairman spoke.', { glossary });
        return ok && wrong.includes('glossary.forbidden') && wrong.includes('glossary.missing');
      }),
    );
  });
});
