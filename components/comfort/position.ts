/**
 * "Continue where I left off": the paragraph a person was reading in a document, kept in this browser's
 * localStorage (one key per document), written by ReadingPosition in the reader and read by ContinueReading in the
 * library. What storage holds is untrusted (another tab, an older version, a person's hand): it is parsed here.
 */
import { storedObject } from '@/components/common/stored-json';
import { PAGE_SIZE } from '@/components/common/view-mode';

export type ReadingPlace = { index: number; chapter: string | null };
export type Heading = { index: number; text: string };

const PREFIX = 'paralelo-position:';
const MAX_INDEX = 9_999_999;
const MAX_CHAPTER = 200;

/** The storage key of a document's place. */
export function positionKey(slug: string): string {
  return `${PREFIX}${slug}`;
}

/** A stored place from its JSON, or null when it is missing or not one. */
export function parsePlace(raw: string | null | undefined): ReadingPlace | null {
  const value = storedObject(raw, 2000);
  if (!value) return null;
  const { index, chapter } = value;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > MAX_INDEX) return null;
  const name = typeof chapter === 'string' && chapter.trim() ? chapter.trim().slice(0, MAX_CHAPTER) : null;
  return { index, chapter: name };
}

/** The chapter a paragraph is in: the text of the last heading at or before it (headings in document order). */
export function chapterOf(headings: readonly Heading[], index: number): string | null {
  let found: string | null = null;
  for (const h of headings) {
    if (h.index > index) break;
    found = h.text;
  }
  return found;
}

/** The reader's link to a place: its page of the whole document and the paragraph's anchor (reading mode from the cookie). */
export function placeHref(slug: string, index: number, pageSize = PAGE_SIZE): string {
  return `/read/${encodeURIComponent(slug)}?page=${Math.floor(index / pageSize) + 1}#p-${index}`;
}

/** The topmost of the paragraphs in view, from the rows' ids (p-N) and whether each is visible. */
export function topmostInView(visible: Iterable<number>): number | null {
  let top: number | null = null;
  for (const i of visible) if (top === null || i < top) top = i;
  return top;
}

/** A CSS length as ReaderToolbar publishes it (px), or as the stylesheet's default gives it (rem), in pixels. */
function pixels(length: string, rootFontSize: number): number {
  const value = parseFloat(length);
  if (!Number.isFinite(value)) return 0;
  return length.trim().endsWith('rem') ? value * rootFontSize : value;
}

/**
 * How much of the top of the screen the reader's sticky heads cover: the toolbar (its --toolbar-h, which
 * ReaderToolbar measures and publishes on the reader) and the column heads that stick under it, when shown.
 */
export function coveredTop(reader: HTMLElement): number {
  const published =
    reader.style.getPropertyValue('--toolbar-h') || getComputedStyle(reader).getPropertyValue('--toolbar-h');
  const rootFontSize = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const head = reader.querySelector<HTMLElement>('.columns-head');
  const headHeight = head && getComputedStyle(head).display !== 'none' ? head.getBoundingClientRect().height : 0;
  return Math.ceil(pixels(published, rootFontSize) + headHeight);
}
