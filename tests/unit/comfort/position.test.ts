import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chapterOf, parsePlace, placeHref, topmostInView } from '@/components/comfort/position';

const headings = [
  { index: 0, text: 'Primera parte' },
  { index: 3, text: 'Capítulo I' },
  { index: 250, text: 'Capítulo II' },
];

describe('the place a person left a document', () => {
  it('is in the chapter of the last heading at or before it', () => {
    expect(chapterOf(headings, 0)).toBe('Primera parte');
    expect(chapterOf(headings, 2)).toBe('Primera parte');
    expect(chapterOf(headings, 3)).toBe('Capítulo I');
    expect(chapterOf(headings, 249)).toBe('Capítulo I');
    expect(chapterOf(headings, 900)).toBe('Capítulo II');
    expect(chapterOf([{ index: 5, text: 'Uno' }], 4)).toBeNull();
    expect(chapterOf([], 4)).toBeNull();
  });

  it('links to its page of the whole document and the paragraph anchor', () => {
    expect(placeHref('quijote', 0)).toBe('/read/quijote?page=1#p-0');
    expect(placeHref('quijote', 99)).toBe('/read/quijote?page=1#p-99');
    expect(placeHref('quijote', 250)).toBe('/read/quijote?page=3#p-250');
  });

  it('is the topmost paragraph in view', () => {
    expect(topmostInView(new Set([12, 10, 11]))).toBe(10);
    expect(topmostInView([])).toBeNull();
  });

  it('reads back what the reader stored, and nothing from anything else', () => {
    expect(parsePlace(JSON.stringify({ index: 250, chapter: 'Capítulo II' }))).toEqual({
      index: 250,
      chapter: 'Capítulo II',
    });
    expect(parsePlace(JSON.stringify({ index: 7, chapter: null }))).toEqual({ index: 7, chapter: null });
    for (const bad of [null, '', '{', '[]', 'null', '{"index":-1}', '{"index":1.5}', '{"index":"3"}', 'x'.repeat(3000)])
      expect(parsePlace(bad), String(bad).slice(0, 20)).toBeNull();
    expect(parsePlace(JSON.stringify({ index: 1, chapter: 'x'.repeat(500) }))?.chapter).toHaveLength(200);
  });

  it('never throws on stored text, and what it gives is a valid place', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        const place = parsePlace(raw);
        if (place === null) return;
        expect(Number.isInteger(place.index) && place.index >= 0).toBe(true);
        expect(place.chapter === null || (typeof place.chapter === 'string' && place.chapter.length <= 200)).toBe(true);
      }),
    );
  });
});
