import { useCallback, type FocusEvent, type MouseEvent, type RefObject } from 'react';
import { clearHighlight, highlightSentence, sentenceSpanOf } from '@/components/common/sentence-links';
import type { AlignmentLink } from '@/lib/documents/types';

const sentenceOf = (el: EventTarget | null) => (el instanceof HTMLElement ? sentenceSpanOf(el) : null);

/**
 * Sentence highlighting over the rows: one set of listeners on the list, classes toggled on the spans (no
 * re-render). A hovered sentence and its counterparts light up; without a hover, the focused sentence does.
 */
export function useSentenceHighlight(
  list: RefObject<HTMLElement | null>,
  linksOf: (index: number) => AlignmentLink[] | null,
) {
  const showFocused = useCallback(() => {
    const root = list.current;
    if (!root) return;
    clearHighlight(root);
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused.classList.contains('sentence') && root.contains(focused))
      highlightSentence(focused, linksOf);
  }, [list, linksOf]);

  const onMouseOver = useCallback(
    (e: MouseEvent<HTMLElement>) => {
      const span = sentenceOf(e.target);
      if (!span || span.classList.contains('is-aligned-active')) return;
      clearHighlight(e.currentTarget);
      highlightSentence(span, linksOf);
    },
    [linksOf],
  );
  const onMouseOut = useCallback(
    (e: MouseEvent<HTMLElement>) => {
      if (sentenceOf(e.target) && sentenceOf(e.relatedTarget) !== sentenceOf(e.target)) showFocused();
    },
    [showFocused],
  );
  const onFocus = useCallback(
    (e: FocusEvent<HTMLElement>) => {
      if (sentenceOf(e.target)) showFocused();
    },
    [showFocused],
  );
  const onBlur = useCallback((e: FocusEvent<HTMLElement>) => {
    if (sentenceOf(e.target) && !sentenceOf(e.relatedTarget)) clearHighlight(e.currentTarget);
  }, []);

  return { onMouseOver, onMouseOut, onFocus, onBlur };
}
