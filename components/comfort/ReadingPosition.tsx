'use client';

import { useEffect } from 'react';
import { chapterOf, positionKey, topmostInView, type Heading } from './position';

const SAVE_AFTER_MS = 400;

/**
 * Remembers the paragraph being read (the topmost row in view) in localStorage, for the library's "Continue
 * reading". Watches the reader's rows (li.row#p-N) with an IntersectionObserver; renders nothing. The reader page
 * mounts it once per page of rows (keyed like the rows), after them.
 */
export default function ReadingPosition({ slug, headings }: { slug: string; headings: Heading[] }) {
  useEffect(() => {
    const rows = document.querySelectorAll<HTMLElement>('ol.rows > li.row[id^="p-"]');
    if (rows.length === 0 || typeof IntersectionObserver === 'undefined') return;
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
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const index = Number(entry.target.id.slice(2));
          if (entry.isIntersecting) visible.add(index);
          else visible.delete(index);
        }
        clearTimeout(timer);
        timer = setTimeout(save, SAVE_AFTER_MS);
      },
      // The band from just under the sticky column heads (a row reached by a link stops 2.5rem from the top) to the
      // middle of the screen: what is being read. Pixels only: IntersectionObserver refuses rem.
      { rootMargin: '-48px 0px -50% 0px' },
    );
    for (const row of rows) observer.observe(row);
    const onHide = () => {
      if (document.visibilityState === 'hidden') save();
    };
    document.addEventListener('visibilitychange', onHide);
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', onHide);
      clearTimeout(timer);
    };
  }, [slug, headings]);
  return null;
}
