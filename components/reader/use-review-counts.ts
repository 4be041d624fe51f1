import { useCallback, useMemo } from 'react';
import type { NextToReview } from '@/components/common/editor-context';
import { paragraphHref, type ShowMode, type ViewMode } from '@/components/common/view-mode';
import { adjustCounts, nextPending, reviewStateOf, type ReviewState, type ReviewSummary } from '@/lib/documents/review';
import type { ParagraphView } from '@/lib/documents/types';

const stateOf = (p: ParagraphView): ReviewState =>
  reviewStateOf({ status: p.revision?.status ?? null, sourceChanged: p.flags?.sourceChanged ?? false });

type Where = { view: ViewMode; swap: boolean; show: ShowMode };

/**
 * Review progress: the server's whole-document counts, moved by what this page has saved since it was built; and
 * where the next paragraph to review is (on this page, or a link to another).
 */
export function useReviewCounts(
  paragraphs: readonly ParagraphView[],
  views: ReadonlyMap<number, ParagraphView>,
  review: ReviewSummary,
  { view, swap, show }: Where,
) {
  const counts = useMemo(() => {
    const now = paragraphs.map((p) => stateOf(views.get(p.index) ?? p));
    const adjusted = adjustCounts(review, paragraphs.map(stateOf), now);
    const local = new Map(paragraphs.map((p, i) => [p.index, now[i] !== 'approved']));
    return { ...adjusted, local };
  }, [paragraphs, views, review]);

  const findNextToReview = useCallback(
    (after: number, done: boolean): NextToReview => {
      const known = done ? new Map(counts.local).set(after, false) : counts.local;
      const next = nextPending(review.pending, after, known);
      if (next === null) return null;
      return { index: next, href: known.has(next) ? null : paragraphHref(next, { view, swap, show, review: true }) };
    },
    [counts.local, review.pending, view, swap, show],
  );

  return { approved: counts.approved, edited: counts.edited, findNextToReview };
}
