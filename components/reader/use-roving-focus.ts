import { useCallback, useEffect, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { cellKeyTarget, linkedParagraph, rowIndex, sentenceKeyTarget } from '@/components/common/sentence-links';

export interface RovingFocus {
  /** The English cell last focused or linked to, if any. */
  tabCell: number | null;
  /** The cell that is the Tab stop now: tabCell when it is on this page, else the first. */
  tabStop: number | null;
  onFocus: (e: FocusEvent<HTMLElement>) => void;
  onKeyDown: (e: KeyboardEvent<HTMLElement>) => void;
}

/**
 * The rows' one Tab stop: the English cell last focused (or reached by a #p-N link), else the page's first; the
 * arrow keys move between cells and between sentences.
 */
export function useRovingFocus(indices: readonly number[]): RovingFocus {
  const [tabCell, setTabCell] = useState<number | null>(null);
  const tabStop = tabCell !== null && indices.includes(tabCell) ? tabCell : (indices[0] ?? null);

  useEffect(() => {
    // The hash is known only in the browser, after hydration: the server renders the page's first cell tabbable.
    const fromHash = () => {
      const linked = linkedParagraph(window.location.hash);
      if (linked !== null) setTabCell(linked);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, []);

  const onFocus = useCallback((e: FocusEvent<HTMLElement>) => {
    if (!(e.target instanceof HTMLElement) || !e.target.classList.contains('en-text')) return;
    const index = rowIndex(e.target.closest('li.row'));
    if (index !== null) setTabCell(index);
  }, []);

  const onKeyDown = useCallback((e: KeyboardEvent<HTMLElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !(e.target instanceof HTMLElement)) return;
    const next = sentenceKeyTarget(e.target, e.key) ?? cellKeyTarget(e.target, e.key);
    if (!next) return;
    e.preventDefault();
    next.focus();
  }, []);

  return { tabCell, tabStop, onFocus, onKeyDown };
}
