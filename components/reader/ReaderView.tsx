'use client';

import { useTranslations } from 'next-intl';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import EditorProvider, { type NextToReview } from '@/components/editor/editor-context';
import EnglishCell, { SENTENCE_HINT_ID } from '@/components/editor/EnglishCell';
import { adjustCounts, nextPending, reviewStateOf, type ReviewState, type ReviewSummary } from '@/lib/documents/review';
import type { ParagraphView, TranslationSummary } from '@/lib/documents/types';
import { MAX_IMPORT_BYTES } from '@/lib/exchange/limits';
import {
  clearHighlight,
  highlightSentence,
  sentenceKeyTarget,
  cellKeyTarget,
  linkedParagraph,
  rowIndex,
  sentenceSpanOf,
  type VersionMap,
} from './sentence-links';
import { withMachineOutput } from './machine-event';
import type { NextParagraph } from './AlignmentFixes';
import ReviewProgress from './ReviewProgress';
import TranslationImport from './TranslationImport';
import TranslationProgress from './TranslationProgress';
import { paragraphHref, type ShowMode, type ViewMode } from './view-mode';

type Props = {
  slug: string;
  title: string;
  sourceLang: string;
  targetLang: string;
  paragraphs: ParagraphView[];
  summary: TranslationSummary;
  review: ReviewSummary;
  view: ViewMode;
  swap: boolean;
  /** All paragraphs of the page, or one page of those left to review. */
  show?: ShowMode;
};

const stateOf = (p: ParagraphView): ReviewState =>
  reviewStateOf({ status: p.revision?.status ?? null, sourceChanged: p.flags?.sourceChanged ?? false });

type Progress = Pick<TranslationSummary, 'status' | 'done' | 'total' | 'error'>;

/** The aligned rows of one page of a document; fills the English side in as the translation job streams it. */
export default function ReaderView({
  slug,
  title,
  sourceLang,
  targetLang,
  paragraphs,
  summary,
  review,
  view,
  swap,
  show = 'all',
}: Props) {
  const t = useTranslations('reader');
  const ta = useTranslations('alignment');
  // The page's paragraphs as the client knows them: machine text streamed in, saves and conflicts applied.
  const [views, setViews] = useState<Map<number, ParagraphView>>(() => new Map(paragraphs.map((p) => [p.index, p])));
  const viewsRef = useRef(views);
  viewsRef.current = views;
  const refresh = useCallback(async () => {
    const res = await fetch(`/api/documents/${encodeURIComponent(slug)}`, { cache: 'no-store' }).catch(() => null);
    const doc = res?.ok ? ((await res.json().catch(() => null)) as { paragraphs?: ParagraphView[] } | null) : null;
    if (!doc?.paragraphs) return;
    const fresh = doc.paragraphs;
    setViews((prev) => {
      const next = new Map(prev);
      for (const p of fresh) if (next.has(p.index)) next.set(p.index, p);
      return next;
    });
  }, [slug]);
  const indices = useMemo(() => paragraphs.map((p) => p.index), [paragraphs]);
  // The rows' one Tab stop: the English cell last focused (or reached by a #p-N link), else the page's first.
  const [tabCell, setTabCell] = useState<number | null>(null);
  const tabIndexCell = tabCell !== null && indices.includes(tabCell) ? tabCell : (indices[0] ?? null);
  useEffect(() => {
    const fromHash = () => {
      const linked = linkedParagraph(window.location.hash);
      if (linked !== null) setTabCell(linked);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, []);
  const applyParagraph = useCallback((next: ParagraphView) => {
    setViews((prev) => (prev.has(next.index) ? new Map(prev).set(next.index, next) : prev));
  }, []);
  const [progress, setProgress] = useState<Progress>(summary);
  const [lost, setLost] = useState(false);
  const source = useRef<EventSource | null>(null);
  const api = `/api/documents/${encodeURIComponent(slug)}/translation`;

  const listen = useCallback(() => {
    source.current?.close();
    const first = paragraphs[0]?.index ?? 0;
    const last = paragraphs[paragraphs.length - 1]?.index ?? 0;
    // A page of paragraphs to review has gaps (its span can cover a whole book): it asks for its own paragraphs.
    const query = show === 'review' && paragraphs.length > 0 ? `only=${indices.join(',')}` : `from=${first}&to=${last}`;
    const es = new EventSource(`${api}/events?${query}`);
    source.current = es;
    setLost(false);
    es.addEventListener('paragraph', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { index: number; targets: string[] };
      setViews((prev) => {
        const view = prev.get(data.index);
        if (!view) return prev; // another page's paragraph: only the progress counts
        return new Map(prev).set(data.index, withMachineOutput(view, data.targets, summary));
      });
    });
    es.addEventListener('progress', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { done: number; total: number; status?: string };
      setProgress((p) => ({ ...p, status: 'running', done: data.done, total: data.total }));
    });
    const finish = (status: Progress['status']) => (e: Event) => {
      const data = (e as MessageEvent<string>).data
        ? (JSON.parse((e as MessageEvent<string>).data) as Partial<Progress> & { code?: string; message?: string })
        : {};
      setProgress((p) => ({
        ...p,
        status,
        ...(typeof data.done === 'number' ? { done: data.done } : {}),
        ...(data.code ? { error: { code: data.code, message: data.message ?? '' } } : {}),
      }));
      es.close();
      // A short job can finish before this stream connects, and its paragraph events are not replayed:
      // whatever this page still lacks is read once from the document.
      if (status === 'complete' && [...viewsRef.current.values()].some((v) => !v.machine)) void refresh();
    };
    es.addEventListener('done', finish('complete'));
    es.addEventListener('cancelled', finish('cancelled'));
    es.addEventListener('failed', finish('failed'));
    es.addEventListener('idle', finish(summary.done > 0 ? 'partial' : 'none'));
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) setLost(true);
    };
  }, [api, summary, paragraphs, refresh, show, indices]);

  // The paragraph the job was last asked to start from: the reader moves it as the reader scrolls.
  const priority = useRef<number | null>(null);
  const start = useCallback(async () => {
    // A #p-N link (the contents list) opens the page at paragraph N: translate from there.
    const linked = linkedParagraph(window.location.hash);
    const first = linked !== null && indices.includes(linked) ? linked : (paragraphs[0]?.index ?? 0);
    priority.current = first;
    setProgress((p) => ({ ...p, status: 'running', error: undefined }));
    const res = await fetch(api, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: first }),
    }).catch(() => null);
    if (!res || !res.ok) {
      const body = res
        ? ((await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null)
        : null;
      setProgress((p) => ({ ...p, status: 'failed', error: body?.error ?? { code: 'network', message: '' } }));
      return;
    }
    listen();
  }, [api, listen, paragraphs, indices]);

  const cancel = useCallback(async () => {
    // No more steering from here on: a POST { from } after the cancel would start the job again.
    priority.current = null;
    await fetch(api, { method: 'DELETE' }).catch(() => null);
  }, [api]);

  useEffect(() => {
    // Opening a document starts or joins its translation, unless the reader cancelled it earlier.
    if (summary.status !== 'complete' && summary.status !== 'cancelled' && summary.total > 0) void start();
    return () => source.current?.close();
  }, []);

  // Sentence highlighting: one set of listeners on the list, classes toggled on the spans (no re-render).
  const linksOf = useCallback((index: number) => viewsRef.current.get(index)?.target?.alignment ?? null, []);
  const rowsRef = useRef<HTMLOListElement>(null);

  // While the job runs, the paragraphs on screen go first: when the reader scrolls to rows still without English,
  // the job is asked (POST { from }) to continue from the first of them. Rows above it come after, as always.
  const running = progress.status === 'running';
  useEffect(() => {
    if (!running) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const follow = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const rows = rowsRef.current?.querySelectorAll<HTMLElement>('li.row') ?? [];
        const waiting = [...rows].find((row) => {
          const box = row.getBoundingClientRect();
          if (box.bottom <= 0 || box.top >= window.innerHeight) return false;
          const index = rowIndex(row);
          return index !== null && !viewsRef.current.get(index)?.machine;
        });
        const from = rowIndex(waiting);
        // null: the reader cancelled (or nothing was started from this page); only start() steers again.
        if (priority.current === null) return;
        if (from === null || from === priority.current) return;
        priority.current = from;
        void fetch(api, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ from }),
        }).catch(() => null);
      }, 400);
    };
    window.addEventListener('scroll', follow, { passive: true });
    return () => {
      clearTimeout(timer);
      window.removeEventListener('scroll', follow);
    };
  }, [running, api]);
  const sentenceOf = (el: EventTarget | null) => (el instanceof HTMLElement ? sentenceSpanOf(el) : null);
  const showFocused = useCallback(() => {
    const root = rowsRef.current;
    if (!root) return;
    clearHighlight(root);
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && focused.classList.contains('sentence') && root.contains(focused))
      highlightSentence(focused, linksOf);
  }, [linksOf]);
  const onOver = useCallback(
    (e: MouseEvent<HTMLOListElement>) => {
      const span = sentenceOf(e.target);
      if (!span || span.classList.contains('is-aligned-active')) return;
      clearHighlight(e.currentTarget);
      highlightSentence(span, linksOf);
    },
    [linksOf],
  );
  const onOut = useCallback(
    (e: MouseEvent<HTMLOListElement>) => {
      if (sentenceOf(e.target) && sentenceOf(e.relatedTarget) !== sentenceOf(e.target)) showFocused();
    },
    [showFocused],
  );
  const onFocus = useCallback(
    (e: FocusEvent<HTMLOListElement>) => {
      if (sentenceOf(e.target)) showFocused();
      if (e.target instanceof HTMLElement && e.target.classList.contains('en-text')) {
        const index = rowIndex(e.target.closest('li.row'));
        if (index !== null) setTabCell(index);
      }
    },
    [showFocused],
  );
  const onBlur = useCallback((e: FocusEvent<HTMLOListElement>) => {
    if (sentenceOf(e.target) && !sentenceOf(e.relatedTarget)) clearHighlight(e.currentTarget);
  }, []);
  const onKeyDown = useCallback((e: KeyboardEvent<HTMLOListElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !(e.target instanceof HTMLElement)) return;
    const next = sentenceKeyTarget(e.target, e.key) ?? cellKeyTarget(e.target, e.key);
    if (!next) return;
    e.preventDefault();
    next.focus();
  }, []);
  const nextOf = (index: number): NextParagraph | null => {
    const at = indices.indexOf(index);
    const next = indices[at + 1];
    if (next !== undefined) return views.get(next) ?? null;
    // The last row of a page: its neighbour is the first paragraph of the next page.
    return index + 1 < summary.total ? { index: index + 1, offPage: true } : null;
  };
  const versions = useCallback(() => {
    const out: VersionMap = {};
    for (const [index, v] of viewsRef.current) out[String(index)] = v.version ?? '0';
    return out;
  }, []);

  // Review progress: the server's whole-document counts, moved by what this page has saved since it was built.
  const reviewed = useMemo(() => {
    const now = paragraphs.map((p) => stateOf(views.get(p.index) ?? p));
    const counts = adjustCounts(review, paragraphs.map(stateOf), now);
    const local = new Map(paragraphs.map((p, i) => [p.index, now[i] !== 'approved']));
    return { ...counts, local };
  }, [paragraphs, views, review]);
  const reviewedRef = useRef(reviewed);
  reviewedRef.current = reviewed;
  const findNextToReview = useCallback(
    (after: number, done: boolean): NextToReview => {
      const { local } = reviewedRef.current;
      const known = done ? new Map(local).set(after, false) : local;
      const next = nextPending(review.pending, after, known);
      if (next === null) return null;
      return { index: next, href: known.has(next) ? null : paragraphHref(next, { view, swap, show, review: true }) };
    },
    [review.pending, view, swap, show],
  );

  const showEs = view !== 'en';
  const showEn = view !== 'es';
  const order: ('es' | 'en')[] = swap && (view === 'side' || view === 'interleaved') ? ['en', 'es'] : ['es', 'en'];

  function cell(side: 'es' | 'en', p: ParagraphView) {
    const headingTag = `h${Math.min(6, (p.level ?? 1) + 1)}` as 'h2';
    if (side === 'es') {
      const Tag = p.kind === 'heading' ? headingTag : 'p';
      return (
        <div key="es" className="cell cell-es" lang={sourceLang}>
          <Tag className="text">
            {p.sentences.map((s, i) => (
              <span key={i} className="sentence" data-sentence={i} tabIndex={-1}>
                {s}{' '}
              </span>
            ))}
          </Tag>
        </div>
      );
    }
    return (
      <EnglishCell
        key="en"
        paragraph={views.get(p.index) ?? p}
        sourceLang={sourceLang}
        targetLang={targetLang}
        showSource={!showEs}
        placeholder={progress.status === 'running' ? t('translating') : t('notTranslated')}
        next={nextOf(p.index)}
        tabbable={p.index === tabIndexCell}
      />
    );
  }

  return (
    <EditorProvider slug={slug} order={indices} onParagraph={applyParagraph} findNextToReview={findNextToReview}>
      <TranslationProgress
        progress={progress}
        lost={lost}
        onCancel={cancel}
        onStart={start}
        testModel={summary.testModel}
        modelId={summary.modelId}
      />
      <ReviewProgress
        total={review.total}
        approved={reviewed.approved}
        edited={reviewed.edited}
        current={tabCell ?? (indices[0] ?? 0) - 1}
        show={show}
        view={view}
        swap={swap}
      />
      <TranslationImport slug={slug} maxBytes={MAX_IMPORT_BYTES} versions={versions} onImported={refresh} />
      {view === 'side' ? (
        <div className={`columns-head${swap ? ' swapped' : ''}`} aria-hidden="true">
          {order.map((side) => (
            <span key={side}>{side === 'es' ? t('spanish') : t('english')}</span>
          ))}
        </div>
      ) : null}
      <p id={SENTENCE_HINT_ID} className="sr-only">
        {ta('sentenceHint')}
      </p>
      <ol
        ref={rowsRef}
        className={`rows view-${view}`}
        aria-label={t('rowsLabel', { title })}
        onMouseOver={onOver}
        onMouseOut={onOut}
        onFocus={onFocus}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
      >
        {paragraphs.map((p) => (
          <li
            key={p.index}
            id={`p-${p.index}`}
            className={`row kind-${p.kind}`}
            aria-label={t('paragraphLabel', { number: p.index + 1 })}
          >
            {/* Among the paragraphs to review the list has gaps: each row says which paragraph it is. */}
            {show === 'review' ? (
              <div className="row-number" aria-hidden="true">
                {t('paragraphLabel', { number: p.index + 1 })}
              </div>
            ) : null}
            {order.filter((side) => (side === 'es' ? showEs : showEn)).map((side) => cell(side, p))}
          </li>
        ))}
      </ol>
    </EditorProvider>
  );
}
