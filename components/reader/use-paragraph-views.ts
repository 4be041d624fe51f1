import { useCallback, useState } from 'react';
import { fetchParagraphs } from '@/components/common/api';
import type { ParagraphView } from '@/lib/documents/types';

/**
 * The page's paragraphs as the client knows them: the server's views, with machine text streamed in and saves and
 * conflicts applied. Paragraphs of other pages are never added.
 */
export function useParagraphViews(slug: string, paragraphs: readonly ParagraphView[]) {
  const [views, setViews] = useState<Map<number, ParagraphView>>(() => new Map(paragraphs.map((p) => [p.index, p])));

  /** Puts the server's view of a paragraph in place, if it is on this page. */
  const applyParagraph = useCallback((next: ParagraphView) => {
    setViews((prev) => (prev.has(next.index) ? new Map(prev).set(next.index, next) : prev));
  }, []);

  /** Rewrites one paragraph of the page from its current view (machine output arriving); others are ignored. */
  const updateParagraph = useCallback((index: number, update: (view: ParagraphView) => ParagraphView) => {
    setViews((prev) => {
      const view = prev.get(index);
      return view ? new Map(prev).set(index, update(view)) : prev;
    });
  }, []);

  /** Reads the paragraphs of this page again (their range only) and takes the server's view of each. */
  const refresh = useCallback(async () => {
    const indices = paragraphs.map((p) => p.index);
    const range = indices.length > 0 ? { from: Math.min(...indices), to: Math.max(...indices) } : undefined;
    const fresh = await fetchParagraphs(slug, range);
    if (!fresh) return;
    setViews((prev) => {
      const next = new Map(prev);
      for (const p of fresh) if (next.has(p.index)) next.set(p.index, p);
      return next;
    });
  }, [slug, paragraphs]);

  return { views, applyParagraph, updateParagraph, refresh };
}
