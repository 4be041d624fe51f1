/**
 * Review progress: which paragraphs of a document a person has approved, and where the next one to review is.
 *
 * A paragraph is approved when its latest revision is an approval made against the source as it is now; an approval
 * of an older source (the Spanish changed since) needs review again. Everything else is pending: machine output,
 * memory matches, edited or imported English, and paragraphs without English yet. Translators work through a
 * document the way CAT tools let them: "next paragraph to review", wrapping at the end.
 *
 * Pure, and free of Node: the reader runs `nextPending` in the browser over the server's ranges and its own page.
 */
import type { RevisionStatusValue } from '../store/types';

/** What review needs from a paragraph's latest revision: its status, and whether the source changed since. */
export interface ReviewInput {
  index: number;
  /** Latest revision's status, or null when nobody saved the paragraph. */
  status: RevisionStatusValue | null;
  /** The source paragraph differs from the one the latest revision was made against. */
  sourceChanged: boolean;
}

export type ReviewState = 'approved' | 'edited' | 'pending';

export function reviewStateOf(input: Pick<ReviewInput, 'status' | 'sourceChanged'>): ReviewState {
  if (input.status === null || input.sourceChanged) return 'pending';
  return input.status === 'approved' ? 'approved' : 'edited';
}

/** Inclusive [from, to] runs of paragraph indices, ascending and disjoint. */
export type IndexRanges = [number, number][];

export interface ReviewSummary {
  total: number;
  /** Approved against the current source. */
  approved: number;
  /** Corrected or imported by a person, not approved yet (current source). */
  edited: number;
  /** Every paragraph not approved (edited ones included), in reading order, as runs. */
  pending: IndexRanges;
}

/** Sums up review progress over a document's paragraphs (any order; indices are the paragraphs' own). */
export function summarizeReview(inputs: readonly ReviewInput[]): ReviewSummary {
  const sorted = [...inputs].sort((a, b) => a.index - b.index);
  let approved = 0;
  let edited = 0;
  const pending: IndexRanges = [];
  for (const input of sorted) {
    const state = reviewStateOf(input);
    if (state === 'approved') {
      approved += 1;
      continue;
    }
    if (state === 'edited') edited += 1;
    const last = pending.at(-1);
    if (last && last[1] === input.index - 1) last[1] = input.index;
    else pending.push([input.index, input.index]);
  }
  return { total: sorted.length, approved, edited, pending };
}

/**
 * The first pending paragraph after `after`, else (wrapping) the first from the top, else null. `local` overrides
 * the ranges for the paragraphs the caller knows better (the reader's page after saves): true = pending.
 */
export function nextPending(
  pending: IndexRanges,
  after: number,
  local: ReadonlyMap<number, boolean> = new Map(),
): number | null {
  const isPending = (i: number, inRanges: boolean) => local.get(i) ?? inRanges;
  const firstFrom = (from: number, to: number): number | null => {
    let best: number | null = null;
    for (const [start, end] of pending) {
      if (end < from || start > to) continue;
      // Inside a run only the local overrides can skip an index: at most `local.size` steps per run.
      for (let i = Math.max(start, from); i <= Math.min(end, to); i++) {
        if (isPending(i, true)) {
          best = i;
          break;
        }
      }
      if (best !== null) break;
    }
    for (const [i, value] of local) {
      if (value && i >= from && i <= to && (best === null || i < best)) best = i;
    }
    return best;
  };
  return firstFrom(after + 1, Number.MAX_SAFE_INTEGER) ?? firstFrom(0, after);
}

/** Counts after the caller's own changes: `before` and `now` are the review states of the same paragraphs. */
export function adjustCounts(
  summary: Pick<ReviewSummary, 'approved' | 'edited'>,
  before: readonly ReviewState[],
  now: readonly ReviewState[],
): { approved: number; edited: number } {
  const count = (states: readonly ReviewState[], s: ReviewState) => states.filter((x) => x === s).length;
  return {
    approved: summary.approved - count(before, 'approved') + count(now, 'approved'),
    edited: summary.edited - count(before, 'edited') + count(now, 'edited'),
  };
}

/** One page of a list of paragraphs given as runs: which indices it holds, and where it stands among the pages. */
export interface RangesPage {
  /** Paragraph indices on the page, ascending. */
  indices: number[];
  /** 1-based, clamped to the pages that exist (1 when the runs are empty). */
  page: number;
  pages: number;
  /** Indices in all the runs. */
  count: number;
}

/**
 * Page `page` (1-based) of the indices in `ranges`, `pageSize` a page: the reader's "only the paragraphs to review".
 * With `at` (a paragraph index), the page is the one holding the first index at or after it (else the last page):
 * a link to a paragraph stays right however many paragraphs were approved since the link was made.
 */
export function pageOfRanges(
  ranges: IndexRanges,
  { page = 1, pageSize, at }: { page?: number; pageSize: number; at?: number },
): RangesPage {
  const size = Math.max(1, Math.floor(pageSize));
  const count = ranges.reduce((sum, [from, to]) => sum + (to - from + 1), 0);
  const pages = Math.max(1, Math.ceil(count / size));
  let wanted = Number.isFinite(page) ? Math.min(Math.max(1, Math.floor(page)), pages) : 1;
  if (at !== undefined) {
    let position = 0;
    let found = count - 1;
    for (const [from, to] of ranges) {
      if (to >= at) {
        found = position + Math.max(0, at - from);
        break;
      }
      position += to - from + 1;
    }
    wanted = count === 0 ? 1 : Math.floor(Math.max(0, found) / size) + 1;
  }
  const first = (wanted - 1) * size;
  const indices: number[] = [];
  let position = 0;
  for (const [from, to] of ranges) {
    const length = to - from + 1;
    if (position + length <= first) {
      position += length;
      continue;
    }
    for (let i = from + Math.max(0, first - position); i <= to && indices.length < size; i++) indices.push(i);
    position += length;
    if (indices.length === size) break;
  }
  return { indices, page: wanted, pages, count };
}
