// @vitest-environment jsdom
import { act, render } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ReadingPosition from '@/components/comfort/ReadingPosition';

const margins: string[] = [];
class FakeObserver {
  constructor(_callback: unknown, options?: IntersectionObserverInit) {
    margins.push(options?.rootMargin ?? '');
  }
  observe() {}
  disconnect() {}
}

/** The reader as the page renders it: toolbar height published on .reader, sticky column heads, rows. */
function reader(toolbarHeight: string, headHeight: number | null) {
  const article = document.createElement('article');
  article.className = 'reader';
  article.style.setProperty('--toolbar-h', toolbarHeight);
  if (headHeight !== null) {
    const head = document.createElement('div');
    head.className = 'columns-head';
    head.getBoundingClientRect = () => ({ height: headHeight }) as DOMRect;
    article.append(head);
  }
  const list = document.createElement('ol');
  list.className = 'rows';
  const row = document.createElement('li');
  row.className = 'row';
  row.id = 'p-0';
  list.append(row);
  article.append(list);
  document.body.append(article);
  return article;
}

beforeEach(() => {
  margins.length = 0;
  vi.stubGlobal('IntersectionObserver', FakeObserver);
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe('ReadingPosition', () => {
  it('treats as covered the sticky toolbar and column heads as measured, not a fixed 48 px', () => {
    reader('46px', 32);
    render(createElement(ReadingPosition, { slug: 'doc', headings: [] }));
    expect(margins.at(-1)).toBe('-78px 0px -50% 0px');
  });

  it('without column heads (one language, interleaved) only the toolbar covers the rows', () => {
    reader('51px', null);
    render(createElement(ReadingPosition, { slug: 'doc', headings: [] }));
    expect(margins.at(-1)).toBe('-51px 0px -50% 0px');
  });

  it('follows the toolbar when its height changes (the panel opened, the window narrowed)', async () => {
    const article = reader('46px', 32);
    render(createElement(ReadingPosition, { slug: 'doc', headings: [] }));
    await act(async () => {
      article.style.setProperty('--toolbar-h', '120px');
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(margins.at(-1)).toBe('-152px 0px -50% 0px');
  });
});
