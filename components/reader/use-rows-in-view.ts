import { useEffect, useEffectEvent, type RefObject } from 'react';
import { rowIndex } from '@/components/common/sentence-links';

/** How long the rows in view must stay put before they count (a fling past rows is not a request). */
const SETTLE_MS = 400;

/**
 * While `active`, watches which rows of the list are on screen (IntersectionObserver, no scroll handler measuring
 * boxes) and, once they settle, calls `onSettled` with their indices in reading order.
 */
export function useRowsInView(
  list: RefObject<HTMLElement | null>,
  active: boolean,
  onSettled: (inView: number[]) => void,
): void {
  const settled = useEffectEvent(onSettled);
  useEffect(() => {
    const root = list.current;
    if (!active || !root || typeof IntersectionObserver === 'undefined') return;
    const inView = new Set<number>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const index = rowIndex(entry.target);
        if (index === null) continue;
        // A row that only touches the edge of the screen is not on it.
        if (entry.isIntersecting && entry.intersectionRect.height > 0) inView.add(index);
        else inView.delete(index);
      }
      clearTimeout(timer);
      timer = setTimeout(() => settled([...inView].sort((a, b) => a - b)), SETTLE_MS);
    });
    for (const row of root.querySelectorAll('li.row')) observer.observe(row);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }, [list, active]);
}
