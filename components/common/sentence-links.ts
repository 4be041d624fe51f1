import type { AlignmentLink } from '@/lib/documents/types';

/** The paragraph index of a reader row (`<li id="p-12">`), or null. */
export function rowIndex(row: Element | null | undefined): number | null {
  const m = row ? /^p-(\d+)$/.exec(row.id) : null;
  return m ? Number(m[1]) : null;
}

/** The paragraph a `#p-12` link points at (the contents list's links), or null. */
export function linkedParagraph(hash: string): number | null {
  const m = /^#p-(\d+)$/.exec(hash);
  return m ? Number(m[1]) : null;
}

/** Classes a highlighted sentence gets: the one pointed at (and its group), and its counterparts. */
export const ACTIVE_CLASS = 'is-aligned-active';
export const COUNTERPART_CLASS = 'is-aligned-counterpart';

/**
 * The sentences to highlight for sentence `i` of one side: the links it belongs to give its own group (n:m) and
 * the counterpart sentences on the other side.
 */
export function linkedSentences(
  links: readonly AlignmentLink[],
  side: 'es' | 'en',
  i: number,
): { own: Set<number>; other: Set<number> } {
  const own = new Set<number>([i]);
  const other = new Set<number>();
  for (const link of links) {
    const mine = side === 'es' ? link.source : link.target;
    if (!mine.includes(i)) continue;
    for (const s of mine) own.add(s);
    for (const t of side === 'es' ? link.target : link.source) other.add(t);
  }
  return { own, other };
}

/** Removes every alignment highlight under `root`. */
export function clearHighlight(root: ParentNode): void {
  for (const el of root.querySelectorAll(`.${ACTIVE_CLASS}, .${COUNTERPART_CLASS}`))
    el.classList.remove(ACTIVE_CLASS, COUNTERPART_CLASS);
}

/**
 * Highlights a sentence span of the reader and its counterparts in the same row, from that paragraph's links.
 * Classes only (background and outline): nothing moves, and screen readers hear nothing.
 */
export function highlightSentence(
  span: HTMLElement,
  linksOf: (index: number) => readonly AlignmentLink[] | null,
): void {
  const row = span.closest<HTMLElement>('li.row');
  const cell = span.closest<HTMLElement>('.cell');
  if (!row || !cell) return;
  const index = rowIndex(row);
  const side = cell.classList.contains('cell-es') ? 'es' : 'en';
  const i = Number(span.dataset.sentence);
  if (index === null || !Number.isInteger(i)) return;
  const { own, other } = linkedSentences(linksOf(index) ?? [], side, i);
  const mark = (which: 'es' | 'en', set: Set<number>, cls: string) => {
    for (const el of row.querySelectorAll<HTMLElement>(`.cell-${which} .sentence`))
      if (set.has(Number(el.dataset.sentence))) el.classList.add(cls);
  };
  mark(side, own, ACTIVE_CLASS);
  mark(side === 'es' ? 'en' : 'es', other, COUNTERPART_CLASS);
}

/**
 * Arrow keys over the reader's sentences (no Tab stop per sentence): from an English cell, Right/Left go to its
 * first/last sentence; from a sentence, to the next/previous one of the row (both columns, in reading order);
 * Escape goes back to the English cell. Returns the element to focus, or null when the key is not ours.
 */
export function sentenceKeyTarget(target: HTMLElement, key: string): HTMLElement | null {
  const row = target.closest<HTMLElement>('li.row');
  if (!row) return null;
  const cell = row.querySelector<HTMLElement>('.en-text');
  if (target.classList.contains('sentence')) {
    if (key === 'Escape') return cell;
    if (key !== 'ArrowRight' && key !== 'ArrowLeft') return null;
    const all = [...row.querySelectorAll<HTMLElement>('.sentence')];
    return all[all.indexOf(target) + (key === 'ArrowRight' ? 1 : -1)] ?? null;
  }
  if (target === cell && (key === 'ArrowRight' || key === 'ArrowLeft')) {
    const own = [...target.querySelectorAll<HTMLElement>('.sentence')];
    const pool = own.length > 0 ? own : [...row.querySelectorAll<HTMLElement>('.sentence')];
    return (key === 'ArrowRight' ? pool[0] : pool.at(-1)) ?? null;
  }
  return null;
}

/**
 * Up/Down over the English cells of the rows shown (the rows keep one Tab stop): from a cell, the previous or next
 * row's cell; Home and End, the first and last of the page. Returns the cell to focus, or null when the key is not ours.
 */
export function cellKeyTarget(target: HTMLElement, key: string): HTMLElement | null {
  if (!target.classList.contains('en-text')) return null;
  const list = target.closest('ol');
  if (!list) return null;
  // Rows the checks' filter hides cannot take focus: moving onto one would leave the arrow keys stuck.
  const cells = [...list.querySelectorAll<HTMLElement>('li.row:not([hidden]) .en-text')];
  const at = cells.indexOf(target);
  if (key === 'ArrowDown') return cells[at + 1] ?? null;
  if (key === 'ArrowUp') return at > 0 ? (cells[at - 1] ?? null) : null;
  if (key === 'Home') return cells[0] ?? null;
  if (key === 'End') return cells.at(-1) ?? null;
  return null;
}

/** The sentence span an element is, or is inside of. */
export function sentenceSpanOf(el: HTMLElement): HTMLElement | null {
  return el.closest<HTMLElement>('.sentence');
}

/** The reader's hint for moving between sentences with the arrow keys (rendered once by ReaderView). */
export const SENTENCE_HINT_ID = 'alignment-sentence-hint';
