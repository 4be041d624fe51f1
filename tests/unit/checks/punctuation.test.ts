import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findingsOf, messagesOf } from './helpers';

describe('punctuation check', () => {
  it('passes English punctuated as English', () => {
    expect(
      messagesOf(
        'punctuation',
        '¿Vienes mañana? Dijo: «No lo sé».',
        'Are you coming tomorrow? He said: “I don’t know.”',
      ),
    ).toEqual([]);
  });

  it('reports ¿ and ¡ left in the English as errors', () => {
    expect(findingsOf('punctuation', '¡Qué día!', '¡What a day!')).toMatchObject([
      { message: 'punctuation.inverted', severity: 'error', params: { mark: '¡' }, target: [{ start: 0, end: 1 }] },
    ]);
  });

  it('reports a final mark that differs', () => {
    expect(findingsOf('punctuation', '¿Vienes?', 'Are you coming.')).toMatchObject([
      { message: 'punctuation.final', params: { source: 'question', target: 'period' } },
    ]);
    expect(messagesOf('punctuation', 'Y entonces…', 'And then...')).toEqual([]);
  });

  it('reports brackets and quotes left open, when the Spanish closes them', () => {
    expect(messagesOf('punctuation', 'Dijo (en voz baja) que sí.', 'He said (quietly that yes.')).toEqual([
      'punctuation.unbalanced',
    ]);
    expect(messagesOf('punctuation', 'Dijo "sí".', 'He said "yes.')).toEqual(['punctuation.unbalanced']);
    // A paragraph that goes on with a quotation opened before is the Spanish's business too.
    expect(messagesOf('punctuation', '«Y se fue.', '“And he left.')).toEqual([]);
  });

  it('reports «» in the English, with the marks the target style asks for', () => {
    expect(findingsOf('punctuation', 'Dijo «sí».', 'He said «yes».')[0]?.params).toEqual({ expected: '“ ”' });
    expect(
      findingsOf('punctuation', 'Dijo «sí».', 'He said «yes».', { style: { quotes: 'straight' } })[0]?.params,
    ).toEqual({
      expected: '" "',
    });
  });

  it('reports double spaces and spaces at either end', () => {
    expect(messagesOf('punctuation', 'Hola, mundo.', ' Hello,  world. ')).toEqual([
      'punctuation.doubleSpace',
      'punctuation.edgeSpace',
    ]);
  });

  it('property: swapping the final period for a question mark is always reported', () => {
    const word = fc.stringMatching(/^[a-z]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), (words) => {
        const sentence = words.join(' ');
        return (
          messagesOf('punctuation', `${sentence}.`, `${sentence}.`).length === 0 &&
          messagesOf('punctuation', `${sentence}.`, `${sentence}?`).includes('punctuation.final')
        );
      }),
    );
  });
});
