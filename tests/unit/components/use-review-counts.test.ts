// @vitest-environment jsdom
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useReviewCounts } from '@/components/reader/use-review-counts';
import type { ReviewSummary } from '@/lib/documents/review';
import type { ParagraphView, RevisionView } from '@/lib/documents/types';

const paragraph = (index: number, status: RevisionView['status'] | null = null): ParagraphView => ({
  index,
  kind: 'paragraph',
  source: `Párrafo ${index}.`,
  sentences: [`Párrafo ${index}.`],
  target: null,
  revision: status
    ? {
        id: index,
        text: 'x',
        status,
        author: null,
        createdAt: 0,
        baseRevisionId: null,
        kind: 'save',
        machineText: null,
      }
    : null,
});

// A 30-paragraph document: this page holds 10-12; 0 is approved elsewhere, 20-29 are pending on later pages.
const page = [paragraph(10), paragraph(11, 'edited'), paragraph(12)];
const review: ReviewSummary = {
  total: 30,
  approved: 1,
  edited: 1,
  pending: [
    [1, 10],
    [12, 29],
  ],
};
const where = { view: 'side' as const, swap: false, show: 'all' as const };

describe('useReviewCounts', () => {
  it("moves the server's counts by what this page saved since it was built", () => {
    const views = new Map(page.map((p) => [p.index, p]));
    views.set(10, paragraph(10, 'approved')).set(11, paragraph(11, 'approved'));
    const { result } = renderHook(() => useReviewCounts(page, views, review, where));
    expect(result.current).toMatchObject({ approved: 3, edited: 0 });
  });

  it('finds the next paragraph to review on this page, or a link to the page that holds it', () => {
    const views = new Map(page.map((p) => [p.index, p]));
    const { result } = renderHook(() => useReviewCounts(page, views, review, where));
    // 11 was edited, not approved: it still waits for review, whatever the server's ranges said.
    expect(result.current.findNextToReview(10, false)).toEqual({ index: 11, href: null });
    expect(result.current.findNextToReview(11, true)).toEqual({ index: 12, href: null });
    // 12 just approved: the next is on a later page, opened with the editor (review=1) at that paragraph.
    const next = result.current.findNextToReview(12, true);
    expect(next?.index).toBe(13);
    expect(next?.href).toMatch(/review=1.*#p-13$/);
  });
});
