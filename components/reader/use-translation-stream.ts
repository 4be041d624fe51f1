import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import {
  cancelTranslation,
  listenTranslation,
  startTranslation,
  steerTranslation,
  type StreamEnd,
} from '@/components/common/api';
import { linkedParagraph } from '@/components/common/sentence-links';
import type { TranslationSummary } from '@/lib/documents/types';

export type Progress = Pick<TranslationSummary, 'status' | 'done' | 'total' | 'error'>;

type Options = {
  slug: string;
  /** The page's paragraph indices, in order. */
  indices: readonly number[];
  /** A page of paragraphs to review has gaps (its span can cover a whole book): it asks for its own paragraphs. */
  onlyThese: boolean;
  summary: TranslationSummary;
  /** Machine output of one paragraph arrived (another page's paragraph is ignored by the caller). */
  onParagraph: (index: number, targets: string[]) => void;
  /** The job is done: the caller reads again what it still lacks. */
  onComplete: () => void;
};

/**
 * The document's translation job as this page sees it: started (or joined) on opening, its progress and paragraphs
 * streamed in, cancelled on request, and steered to the rows the reader has on screen.
 */
export function useTranslationStream({ slug, indices, onlyThese, summary, onParagraph, onComplete }: Options) {
  // Opening a document starts or joins its translation, unless the reader cancelled it earlier: it shows as
  // running from the first render on.
  const [opensRunning] = useState(
    () => summary.status !== 'complete' && summary.status !== 'cancelled' && summary.total > 0,
  );
  const [progress, setProgress] = useState<Progress>(() =>
    opensRunning ? { ...summary, status: 'running', error: undefined } : summary,
  );
  const [lost, setLost] = useState(false);
  // Bumped by each "done" event: the effect below then asks the caller to fill in what the stream missed.
  const [completions, setCompletions] = useState(0);
  const close = useRef<(() => void) | null>(null);
  // The paragraph the job was last asked to start from: null once cancelled (or never started from this page).
  const priority = useRef<number | null>(null);

  const listen = useCallback(() => {
    close.current?.();
    setLost(false);
    const first = indices[0] ?? 0;
    const last = indices[indices.length - 1] ?? 0;
    const which = onlyThese && indices.length > 0 ? { only: indices } : { from: first, to: last };
    const statusOf: Record<StreamEnd, Progress['status']> = {
      done: 'complete',
      cancelled: 'cancelled',
      failed: 'failed',
      idle: summary.done > 0 ? 'partial' : 'none',
    };
    close.current = listenTranslation(slug, which, {
      paragraph: (data) => onParagraph(data.index, data.targets),
      progress: (data) => setProgress((p) => ({ ...p, status: 'running', done: data.done, total: data.total })),
      end: (how, data) => {
        setProgress((p) => ({
          ...p,
          status: statusOf[how],
          ...(typeof data.done === 'number' ? { done: data.done } : {}),
          ...(data.code ? { error: { code: data.code, message: data.message ?? '' } } : {}),
        }));
        // A short job can finish before this stream connects, and its paragraph events are not replayed.
        if (how === 'done') setCompletions((n) => n + 1);
      },
      lost: () => setLost(true),
    });
  }, [slug, indices, onlyThese, summary, onParagraph]);

  const completed = useEffectEvent(() => onComplete());
  useEffect(() => {
    if (completions > 0) completed();
  }, [completions]);

  /** Starts or joins the job from the linked paragraph (a #p-N link from the contents list), else the first. */
  const begin = useCallback(() => {
    const linked = linkedParagraph(window.location.hash);
    const first = linked !== null && indices.includes(linked) ? linked : (indices[0] ?? 0);
    priority.current = first;
    // Its answer comes back as a callback: the stream and the progress follow the server, not this call.
    return startTranslation(slug, first).then((started) => {
      if (started.ok) listen();
      else setProgress((p) => ({ ...p, status: 'failed', error: { code: started.code, message: started.message } }));
    });
  }, [slug, indices, listen]);

  const start = useCallback(async () => {
    setProgress((p) => ({ ...p, status: 'running', error: undefined }));
    await begin();
  }, [begin]);

  const cancel = useCallback(async () => {
    // No more steering from here on: a POST { from } after the cancel would start the job again.
    priority.current = null;
    await cancelTranslation(slug);
  }, [slug]);

  /** Asks the running job to continue from paragraph `from`, unless it already does or the reader cancelled. */
  const steer = useCallback(
    (from: number) => {
      if (priority.current === null || from === priority.current) return;
      priority.current = from;
      steerTranslation(slug, from);
    },
    [slug],
  );

  const open = useEffectEvent(() => {
    if (opensRunning) void begin();
  });
  useEffect(() => {
    open();
    return () => close.current?.();
  }, []);

  return { progress, lost, start, cancel, steer };
}
