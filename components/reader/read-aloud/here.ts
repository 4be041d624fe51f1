import { rowIndex } from '@/components/common/sentence-links';
import type { ReadPosition, ReadSide } from './sequence';

export type Here = ReadPosition & { side: ReadSide | null };

const sideOf = (el: Element): ReadSide | null => {
  const cell = el.closest('.cell');
  return cell?.classList.contains('cell-es') ? 'es' : cell?.classList.contains('cell-en') ? 'en' : null;
};

/**
 * Where "from here" starts: the sentence or paragraph focused in the rows (and its column), else the paragraph the
 * rows' Tab stop was last on when it is on screen, else the first paragraph in view below the sticky toolbar.
 */
export function hereIn(list: HTMLElement, lastFocused: number | null): Here | null {
  const focused = document.activeElement;
  if (focused instanceof HTMLElement && list.contains(focused)) {
    const paragraph = rowIndex(focused.closest('li.row'));
    if (paragraph !== null) {
      const sentence = focused.classList.contains('sentence') ? Number(focused.dataset.sentence) : 0;
      return { paragraph, sentence: Number.isInteger(sentence) ? sentence : 0, side: sideOf(focused) };
    }
  }
  const top = toolbarBottom();
  const visible = (row: Element) => {
    const box = row.getBoundingClientRect();
    return box.bottom > Math.max(0, top) && box.top < window.innerHeight;
  };
  const rows = [...list.querySelectorAll<HTMLElement>(':scope > li.row')];
  const last = lastFocused === null ? undefined : rows.find((row) => rowIndex(row) === lastFocused);
  const row = last && visible(last) ? last : (rows.find(visible) ?? rows[0]);
  const paragraph = rowIndex(row);
  return paragraph === null ? null : { paragraph, sentence: 0, side: null };
}

/** Where the sticky toolbar ends on screen (its line alone on wide screens, where the rest is not sticky). */
export function toolbarBottom(): number {
  let bottom = 0;
  for (const el of document.querySelectorAll('.reader-toolbar, .toolbar-line'))
    bottom = Math.max(bottom, el.getBoundingClientRect().bottom);
  return bottom;
}
