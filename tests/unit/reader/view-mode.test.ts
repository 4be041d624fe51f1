import { describe, expect, it } from 'vitest';
import { paragraphHref, parseIndex, parsePage, parseShow, readerQuery } from '@/components/common/view-mode';

describe('reader links', () => {
  it('keeps the reading mode and what is shown, and finds a paragraph by page or, among those to review, by index', () => {
    expect(paragraphHref(250, { view: 'side', swap: true })).toBe('?view=side&swap=1&page=3#p-250');
    expect(paragraphHref(250, { view: 'es', swap: false, review: true })).toBe('?view=es&swap=0&page=3&review=1#p-250');
    // Pages of paragraphs to review move as paragraphs are approved: the server finds the page from ?at=.
    expect(paragraphHref(250, { view: 'side', swap: false, show: 'review', review: true })).toBe(
      '?view=side&swap=0&show=review&at=250&review=1#p-250',
    );
    expect(readerQuery({ view: 'en', swap: false, show: 'review', page: 2 })).toBe(
      '?view=en&swap=0&show=review&page=2',
    );
  });

  it('reads untrusted query values strictly', () => {
    expect(parseShow('review')).toBe('review');
    for (const value of ['REVIEW', 'all', '', undefined, ['review']]) expect(parseShow(value)).toBe('all');
    expect(parseIndex('42')).toBe(42);
    for (const value of ['-1', '4.2', '1e3', '12345678', '', undefined, ['3']])
      expect(parseIndex(value)).toBeUndefined();
    expect(parsePage('7', Infinity)).toBe(7);
    expect(parsePage('7', 150)).toBe(2);
    expect(parsePage('x', 150)).toBe(1);
  });
});
