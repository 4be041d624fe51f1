import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseRate,
  READ_RATES,
  shiftRate,
  stepAfter,
  stepFrom,
  type ReadContext,
  type ReadStep,
  type SpeakableParagraph,
} from '@/components/reader/read-aloud/sequence';

const page: SpeakableParagraph[] = [
  { index: 100, es: ['Capítulo II'], en: ['Chapter II'] },
  { index: 101, es: ['Uno.', 'Dos.', 'Tres.'], en: ['One. Two.', 'Three.'] },
  { index: 102, es: [], en: [] },
  { index: 103, es: ['«—»', 'Cuatro.'], en: null },
  { index: 104, es: ['Cinco.'], en: ['Five.'] },
];
const ctx = (over: Partial<ReadContext> = {}): ReadContext => ({
  page,
  side: 'es',
  scope: 'onward',
  total: 250,
  pageable: true,
  pending: false,
  ...over,
});

/** Every step from `from` on until reading stops, as the hook takes them. */
function readAll(c: ReadContext, from = { paragraph: page[0]!.index, sentence: 0 }): ReadStep[] {
  const steps: ReadStep[] = [];
  let step = stepFrom(c, from);
  while (step.kind === 'sentence' && steps.length < 1000) {
    steps.push(step);
    step = stepAfter(c, step.at);
  }
  steps.push(step);
  return steps;
}
const said = (steps: ReadStep[]) => steps.map((s) => (s.kind === 'sentence' ? s.text : s.kind));

describe('which sentence read aloud comes next', () => {
  it('goes through the Spanish sentence by sentence, paragraph by paragraph, then on to the next page', () => {
    expect(said(readAll(ctx()))).toEqual(['Capítulo II', 'Uno.', 'Dos.', 'Tres.', 'Cuatro.', 'Cinco.', 'next-page']);
    expect(readAll(ctx()).at(-1)).toEqual({ kind: 'next-page', paragraph: 105 });
  });

  it('skips what has no words to say (an empty paragraph, a lone dash) but keeps each span index', () => {
    const steps = readAll(ctx(), { paragraph: 103, sentence: 0 });
    expect(steps[0]).toEqual({ kind: 'sentence', at: { paragraph: 103, sentence: 1 }, text: 'Cuatro.' });
  });

  it('starts "from here" at the sentence focused, and reads a paragraph alone when asked', () => {
    expect(said(readAll(ctx(), { paragraph: 101, sentence: 1 }))).toEqual([
      'Dos.',
      'Tres.',
      'Cuatro.',
      'Cinco.',
      'next-page',
    ]);
    expect(said(readAll(ctx({ scope: 'paragraph' }), { paragraph: 101, sentence: 0 }))).toEqual([
      'Uno.',
      'Dos.',
      'Tres.',
      'end',
    ]);
    // A paragraph alone with nothing to say ends at once, rather than reading the next one.
    expect(stepFrom(ctx({ scope: 'paragraph' }), { paragraph: 102, sentence: 0 })).toEqual({ kind: 'end' });
  });

  it('reads the English as its spans cut it, and skips English that is not there when none is coming', () => {
    expect(said(readAll(ctx({ side: 'en' })))).toEqual(['Chapter II', 'One. Two.', 'Three.', 'Five.', 'next-page']);
  });

  it('waits for English still being translated, and goes on there when it has come', () => {
    const waiting = ctx({ side: 'en', pending: true });
    const steps = readAll(waiting, { paragraph: 101, sentence: 1 });
    expect(said(steps)).toEqual(['Three.', 'wait']);
    expect(steps.at(-1)).toEqual({ kind: 'wait', paragraph: 103 });
    const translated = page.map((p) => (p.index === 103 ? { ...p, en: ['Four.'] } : p));
    expect(stepFrom({ ...waiting, page: translated }, { paragraph: 103, sentence: 0 })).toEqual({
      kind: 'sentence',
      at: { paragraph: 103, sentence: 0 },
      text: 'Four.',
    });
  });

  it('ends at the last paragraph of the document, and among the paragraphs to review (which page otherwise)', () => {
    expect(readAll(ctx({ total: 105 })).at(-1)).toEqual({ kind: 'end' });
    expect(readAll(ctx({ pageable: false })).at(-1)).toEqual({ kind: 'end' });
  });

  it('ends when the paragraph asked for is not on the page', () => {
    expect(stepFrom(ctx(), { paragraph: 7, sentence: 0 })).toEqual({ kind: 'end' });
    expect(stepFrom(ctx({ page: [] }), { paragraph: 0, sentence: 0 })).toEqual({ kind: 'end' });
  });

  it('on any page, says every sentence with words exactly once, in order, and then turns the page or ends', () => {
    const sentence = fc.oneof(fc.constantFrom('', ' ', '—', '«»'), fc.stringMatching(/^[a-záñ]{1,6}\.$/));
    const paragraphs = fc.array(fc.array(sentence, { maxLength: 4 }), { maxLength: 6 });
    fc.assert(
      fc.property(paragraphs, fc.nat(3), fc.boolean(), (texts, extra, pageable) => {
        const built = texts.map((es, i) => ({ index: 10 + i, es, en: es }));
        const c = ctx({ page: built, total: 10 + built.length + extra, pageable });
        const expected = built.flatMap((p) => p.es.filter((s) => /\p{L}/u.test(s)));
        const steps =
          built.length > 0 ? readAll(c, { paragraph: 10, sentence: 0 }) : [stepFrom(c, { paragraph: 10, sentence: 0 })];
        expect(said(steps.slice(0, -1))).toEqual(expected);
        const last = steps.at(-1)!;
        if (built.length > 0 && pageable && extra > 0)
          expect(last).toEqual({ kind: 'next-page', paragraph: 10 + built.length });
        else expect(last).toEqual({ kind: 'end' });
      }),
    );
  });
});

describe('reading speed', () => {
  it('takes only the speeds offered, the normal pace otherwise', () => {
    expect(parseRate('1.5')).toBe(1.5);
    expect(parseRate(2)).toBe(2);
    for (const bad of ['10', '0', '-1', 'NaN', '', null, undefined, {}, '1.5x']) expect(parseRate(bad)).toBe(1);
  });

  it('steps faster and slower, stopping at either end', () => {
    expect(shiftRate(1, 1)).toBe(1.25);
    expect(shiftRate(1, -1)).toBe(0.75);
    expect(shiftRate(READ_RATES[0], -1)).toBe(READ_RATES[0]);
    expect(shiftRate(READ_RATES.at(-1)!, 1)).toBe(READ_RATES.at(-1));
  });
});
