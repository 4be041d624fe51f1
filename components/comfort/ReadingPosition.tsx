'use client';

import { useEffect } from 'react';
import { chapterOf, coveredTop, positionKey, topmostInView, type Heading } from './position';

const SAVE_AFTER_MS = 400;

/**
 * Remembers the paragraph being read (the topmost row in view) in localStorage, for the library's "Continue
 * reading". Watches the reader's rows (li.row#p-N) with an IntersectionObserver; renders nothing. The reader page
 * mounts it once per page of rows (keyed like the rows), after them.
 */
export default function ReadingPosition({ slug, headings }: { slug: string; headings: Heading[] }) {
  useEffect(() => {
    const rows = document.querySelectorAll<HTMLElement>('ol.rows > li.row[id^="p-"]');
    const reader = rows[0]?.closest<HTMLElement>('.reader');
    if (!reader || typeof IntersectionObserver === 'undefined') return;
    const visible = new Set<number>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const save = () => {
      clearTimeout(timer);
      const index = topmostInView(visible);
      if (index === null) return;
      try {
        localStorage.setItem(positionKey(slug), JSON.stringify({ index, chapter: chapterOf(headings, index) }));
      } catch {
        // Storage full or turned off: the place is not kept, and reading goes on.
      }
    };
    const onEntries = (entries: IntersectionObserverEntry[]) => {
      for (const entry of entries) {
        const index = Number(entry.target.id.slice(2));
        if (entry.isIntersecting) visible.add(index);
        else visible.delete(index);
      }
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_AFTER_MS);
    };
    // The band from just under the sticky toolbar and column heads, as tall as they are now, to the middle of the
    // screen: what is being read. The observer's margin is fixed, so it is made again when they change height.
    let observer: IntersectionObserver | undefined;
    let covered = -1;
    const observe = () => {
      const now = coveredTop(reader);
      if (now === covered) return;
      covered = now;
      observer?.disconnect();
      visible.clear();
      observer = new IntersectionObserver(onEntries, { rootMargin: `-${covered}px 0px -50% 0px` });
      for (const row of rows) observer.observe(row);
    };
    observe();
    // ReaderToolbar publishes the toolbar's height in the reader's style; the column heads change with the text size.
    const published = new MutationObserver(observe);
    published.observe(reader, { attributes: true, attributeFilter: ['style'] });
    const head = reader.querySelector('.columns-head');
    const resized = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(observe);
    if (head) resized?.observe(head);
    const onHide = () => {
      if (document.visibilityState === 'hidden') save();
    };
    document.addEventListener('visibilitychange', onHide);
    return () => {
      observer?.disconnect();
      published.disconnect();
      resized?.disconnect();
      document.removeEventListener('visibilitychange', onHide);
      clearTimeout(timer);
    };
  }, [slug, headings]);
  return null;
}
