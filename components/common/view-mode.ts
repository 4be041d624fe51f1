/** Reading modes of the reader; the choice lives in the URL (?view=, ?swap=) and in a cookie as the default. */
export const VIEW_MODES = ['side', 'interleaved', 'es', 'en'] as const;
export type ViewMode = (typeof VIEW_MODES)[number];

export const VIEW_COOKIE = 'paralelo-view';
export const SWAP_COOKIE = 'paralelo-swap';
export const PAGE_SIZE = 100;

/** A reading mode from an untrusted string (query or cookie); anything unknown is side by side. */
export function parseViewMode(value: unknown): ViewMode {
  return typeof value === 'string' && (VIEW_MODES as readonly string[]).includes(value) ? (value as ViewMode) : 'side';
}

/** Column swap from an untrusted string: only "1" swaps. */
export function parseSwap(value: unknown): boolean {
  return value === '1';
}

/** A 1-based page number clamped to the document; anything unparsable is page 1. */
export function parsePage(value: unknown, paragraphCount: number): number {
  const pages = Math.max(1, Math.ceil(paragraphCount / PAGE_SIZE));
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.min(Math.max(1, n), pages);
}

/** The query parameter that opens the editor on the linked paragraph (#p-N) when the page loads. */
export const REVIEW_PARAM = 'review';

/** Which paragraphs the reader lists (?show=): all of them, or only those left to review. */
export type ShowMode = 'all' | 'review';

/** What to show from an untrusted string: only "review" filters. */
export function parseShow(value: unknown): ShowMode {
  return value === 'review' ? 'review' : 'all';
}

/** A paragraph index from an untrusted string (?at=), or undefined. */
export function parseIndex(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d{1,7}$/.test(value) ? Number(value) : undefined;
}

/** The reader's query for a reading mode, what to show and where: every link of the reader is built here. */
export function readerQuery({
  view,
  swap,
  show = 'all',
  page,
  at,
  review = false,
}: {
  view: ViewMode;
  swap: boolean;
  show?: ShowMode;
  page?: number;
  at?: number;
  review?: boolean;
}): string {
  const query = new URLSearchParams({ view, swap: swap ? '1' : '0' });
  if (show === 'review') query.set('show', 'review');
  if (page !== undefined) query.set('page', String(page));
  if (at !== undefined) query.set('at', String(at));
  if (review) query.set(REVIEW_PARAM, '1');
  return `?${query.toString()}`;
}

/**
 * A query-only link to paragraph `index` on its page, keeping the reading mode (the contents list); `review` also
 * opens the editor on it there ("Next to review" on another page). Among the paragraphs to review, the server finds
 * the page from the index (?at=): approvals since the link was made move paragraphs between those pages.
 */
export function paragraphHref(
  index: number,
  { view, swap, show = 'all', review = false }: { view: ViewMode; swap: boolean; show?: ShowMode; review?: boolean },
  pageSize = PAGE_SIZE,
) {
  const where = show === 'review' ? { at: index } : { page: Math.floor(index / pageSize) + 1 };
  return `${readerQuery({ view, swap, show, review, ...where })}#p-${index}`;
}
