import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markSentences } from '../../../components/common/marked-text';
import { parseFindingKey } from '../../../components/editor/IgnoreHistory';

describe('markSentences', () => {
  it('marks the span of the paragraph inside the sentence that holds it', () => {
    const text = 'El faro se encendió en 1912. Hoy es un museo con 40 mapas.';
    const pieces = markSentences(
      text,
      ['El faro se encendió en 1912.', 'Hoy es un museo con 40 mapas.'],
      [{ start: 49, end: 51 }],
    );
    expect(pieces[0]).toEqual([{ text: 'El faro se encendió en 1912.', marked: false }]);
    expect(pieces[1]).toEqual([
      { text: 'Hoy es un museo con ', marked: false },
      { text: '40', marked: true },
      { text: ' mapas.', marked: false },
    ]);
  });

  it('follows a hard-wrapped text whose sentences had their line breaks joined with a space', () => {
    const text = 'Son  15.000\npersonas.';
    const [only] = markSentences(text, ['Son 15.000 personas.'], [{ start: 5, end: 11 }]);
    expect(only!.filter((p) => p.marked).map((p) => p.text)).toEqual(['15.000']);
  });

  it('keeps every sentence whole: the pieces put together are the sentence, whatever the spans', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.record({ start: fc.nat(200), length: fc.nat(20) }), { maxLength: 4 }),
        (sentences, spans) => {
          const text = sentences.join(' ');
          const marks = spans.map((s) => ({ start: s.start, end: s.start + s.length }));
          const pieces = markSentences(text, sentences, marks);
          expect(pieces.map((ps) => ps.map((p) => p.text).join(''))).toEqual(sentences);
        },
      ),
    );
  });
});

describe('markSentences with glossary terms', () => {
  it('cuts pieces where a term and a check mark begin and end, so the mark nests inside the term', () => {
    const text = 'El Tribunal de Apelación falló. Otra frase.';
    const [first, second] = markSentences(
      text,
      ['El Tribunal de Apelación falló.', 'Otra frase.'],
      [{ start: 15, end: 24 }],
      [{ entry: 0, start: 3, end: 24 }],
    );
    expect(first).toEqual([
      { text: 'El ', marked: false },
      { text: 'Tribunal de ', marked: false, term: 0 },
      { text: 'Apelación', marked: true, term: 0 },
      { text: ' falló.', marked: false },
    ]);
    expect(second).toEqual([{ text: 'Otra frase.', marked: false }]);
  });

  it('keeps every sentence whole and every term on the characters of its span', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.record({ start: fc.nat(200), length: fc.nat(20) }), { maxLength: 4 }),
        fc.array(fc.record({ start: fc.nat(200), length: fc.nat(20) }), { maxLength: 4 }),
        (sentences, spans, termSpans) => {
          const text = sentences.join(' ');
          const marks = spans.map((s) => ({ start: s.start, end: s.start + s.length }));
          const terms = termSpans.map((s, entry) => ({ entry, start: s.start, end: s.start + s.length }));
          const pieces = markSentences(text, sentences, marks, terms);
          expect(pieces.map((ps) => ps.map((p) => p.text).join(''))).toEqual(sentences);
          for (const p of pieces.flat())
            if (p.term !== undefined) expect(terms[p.term]!.end).toBeGreaterThan(terms[p.term]!.start);
        },
      ),
    );
  });
});

describe('parseFindingKey', () => {
  it('gives back the message and parameters a key was made of, without its occurrence number', () => {
    expect(parseFindingKey('numbers.missing?expected=15,000&number=15.000#2')).toEqual({
      check: 'numbers',
      message: 'numbers.missing',
      params: { expected: '15,000', number: '15.000' },
    });
    expect(parseFindingKey('punctuation.doubleSpace?')).toEqual({
      check: 'punctuation',
      message: 'punctuation.doubleSpace',
      params: {},
    });
  });
});
