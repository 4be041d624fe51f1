import { linkedSentences } from '@/components/common/sentence-links';
import type { AlignmentLink } from '@/lib/documents/types';
import type { ReadPosition, ReadSide } from './sequence';

/** Classes of the sentence being read aloud (and its group) and of its counterparts in the other column. */
export const READING_CLASS = 'is-reading';
export const READING_COUNTERPART_CLASS = 'is-reading-counterpart';

/** Removes the read-aloud highlight under `root`. */
export function clearReading(root: ParentNode): void {
  for (const el of root.querySelectorAll(`.${READING_CLASS}, .${READING_COUNTERPART_CLASS}`))
    el.classList.remove(READING_CLASS, READING_COUNTERPART_CLASS);
}

/**
 * Highlights the sentence being read in both columns: its own group (n:m) on the side read and its counterparts on
 * the other, from the paragraph's alignment, as hovering does, with classes of their own so a hover elsewhere does
 * not clear it. Returns the span being read when the column is on screen (the reading mode may hide it).
 */
export function markReading(
  root: ParentNode,
  at: ReadPosition,
  side: ReadSide,
  links: readonly AlignmentLink[],
): HTMLElement | null {
  clearReading(root);
  const row = root.querySelector<HTMLElement>(`li.row#p-${at.paragraph}`);
  if (!row) return null;
  const { own, other } = linkedSentences(links, side, at.sentence);
  const mark = (which: ReadSide, set: Set<number>, cls: string) => {
    for (const el of row.querySelectorAll<HTMLElement>(`.cell-${which} .sentence`))
      if (set.has(Number(el.dataset.sentence))) el.classList.add(cls);
  };
  mark(side, own, READING_CLASS);
  mark(side === 'es' ? 'en' : 'es', other, READING_COUNTERPART_CLASS);
  return (
    row.querySelector<HTMLElement>(`.cell-${side} .sentence[data-sentence="${at.sentence}"]`) ??
    row.querySelector<HTMLElement>(`.cell-${side === 'es' ? 'en' : 'es'} .${READING_COUNTERPART_CLASS}`) ??
    row
  );
}
