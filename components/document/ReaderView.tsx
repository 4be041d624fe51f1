'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { VersionMap } from '@/components/common/api';
import { ChecksProvider } from '@/components/common/checks-context';
import EditorProvider from '@/components/common/editor-context';
import { TermsProvider, termsValue } from '@/components/common/terms-context';
import { paragraphHref, type ShowMode, type ViewMode } from '@/components/common/view-mode';
import type { NextParagraph } from '@/components/editor/AlignmentFixes';
import EnglishCell from '@/components/editor/EnglishCell';
import ChecksPanel from '@/components/reader/ChecksPanel';
import { withMachineOutput } from '@/components/reader/machine-event';
import { hereIn } from '@/components/reader/read-aloud/here';
import { ReadAloudBar, ReadAloudSettings } from '@/components/reader/read-aloud/ReadAloudControls';
import type { ReadSide, SpeakableParagraph } from '@/components/reader/read-aloud/sequence';
import { useReadAloud } from '@/components/reader/read-aloud/use-read-aloud';
import ReaderToolbar from '@/components/reader/ReaderToolbar';
import ReadingModeSwitch from '@/components/reader/ReadingModeSwitch';
import ReviewProgress from '@/components/reader/ReviewProgress';
import Rows from '@/components/reader/Rows';
import TranslationImport from '@/components/reader/TranslationImport';
import TestModelNotice from '@/components/reader/TestModelNotice';
import TranslationProgress, { TranslationMessage } from '@/components/reader/TranslationProgress';
import { useDocumentChecks } from '@/components/reader/use-document-checks';
import { useParagraphViews } from '@/components/reader/use-paragraph-views';
import { useReviewCounts } from '@/components/reader/use-review-counts';
import { useRovingFocus } from '@/components/reader/use-roving-focus';
import { useRowsInView } from '@/components/reader/use-rows-in-view';
import { useTranslationStream } from '@/components/reader/use-translation-stream';
import type { PageTerms } from '@/lib/documents/page-terms';
import type { ReviewSummary } from '@/lib/documents/review';
import type { ParagraphView, TranslationSummary } from '@/lib/documents/types';
import { MAX_IMPORT_BYTES } from '@/lib/exchange/limits';

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
  /** The library glossary's terms in the page's Spanish (matched when the page was built). */
  terms: PageTerms;
};

/**
 * One page of a document: the toolbar (reading modes, read aloud, the translation job's progress, the review bar) and
 * the reader's rows with the editor in their English cells. It composes the reader (components/reader) and the
 * editor (components/editor), which never import each other.
 */
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
  terms,
}: Props) {
  const t = useTranslations('reader');
  const indices = useMemo(() => paragraphs.map((p) => p.index), [paragraphs]);
  const { views, applyParagraph, updateParagraph, refresh } = useParagraphViews(slug, paragraphs);
  const checks = useDocumentChecks(slug);
  const pageTerms = useMemo(() => termsValue(terms), [terms]);
  const recheck = checks.value.refresh;
  const [onlyIssues, setOnlyIssues] = useState(false);
  const hasIssue = useCallback((index: number) => checks.value.findingsOf(index).length > 0, [checks.value]);
  // Every change of a paragraph's English (a save, a revert, an alignment fix) runs the checks again.
  const onParagraph = useCallback(
    (paragraph: ParagraphView) => {
      applyParagraph(paragraph);
      recheck();
    },
    [applyParagraph, recheck],
  );

  const onMachine = useCallback(
    (index: number, targets: string[]) => updateParagraph(index, (v) => withMachineOutput(v, targets, summary)),
    [updateParagraph, summary],
  );
  const onComplete = useCallback(() => {
    // Once the job is done the page is read again: what it still lacks, and the "check this sentence" flags, which
    // rank each sentence against the whole document's and so are known only at the end. The machine's English is
    // the English of every paragraph nobody edited: the checks run on it as it now stands.
    void refresh();
    recheck();
  }, [refresh, recheck]);
  const stream = useTranslationStream({
    slug,
    indices,
    onlyThese: show === 'review',
    summary,
    onParagraph: onMachine,
    onComplete,
  });
  const running = stream.progress.status === 'running';

  // While the job runs, the paragraphs on screen go first: when the reader scrolls to rows still without English,
  // the job is asked to continue from the first of them. Rows above it come after, as always.
  const list = useRef<HTMLOListElement>(null);
  const { steer } = stream;
  useRowsInView(list, running, (inView) => {
    const waiting = inView.find((index) => !views.get(index)?.machine);
    if (waiting !== undefined) steer(waiting);
  });

  // The Tab stop is a row shown: with "show only rows with issues", one of those.
  const shown = useMemo(() => (onlyIssues ? indices.filter(hasIssue) : indices), [onlyIssues, indices, hasIssue]);
  const roving = useRovingFocus(shown);
  const reviewed = useReviewCounts(paragraphs, views, review, { view, swap, show });
  const linksOf = useCallback((index: number) => views.get(index)?.target?.alignment ?? null, [views]);
  const versions = useCallback(() => {
    const out: VersionMap = {};
    for (const [index, v] of views) out[String(index)] = v.version ?? '0';
    return out;
  }, [views]);
  const nextOf = (index: number): NextParagraph | null => {
    const next = indices[indices.indexOf(index) + 1];
    if (next !== undefined) return views.get(next) ?? null;
    // The last row of a page: its neighbour is the first paragraph of the next page.
    return index + 1 < summary.total ? { index: index + 1, offPage: true } : null;
  };

  // Read aloud speaks the sentences the rows show: the Spanish, and the English as it fills in.
  const speakable = useMemo<SpeakableParagraph[]>(
    () =>
      paragraphs.map((p) => {
        const target = views.get(p.index)?.target ?? null;
        const en = target ? (target.sentences.length > 0 ? target.sentences : [target.text]) : null;
        return { index: p.index, es: p.sentences, en };
      }),
    [paragraphs, views],
  );
  const [readSide, setReadSide] = useState<ReadSide>(view === 'en' ? 'en' : 'es');
  const reader = useReadAloud({
    slug,
    list,
    page: speakable,
    linksOf,
    langs: { es: sourceLang, en: targetLang },
    total: summary.total,
    pageable: show === 'all',
    pending: running,
    pageHref: (index) => paragraphHref(index, { view, swap }),
  });
  const here = () => (list.current ? hereIn(list.current, roving.tabCell) : null);
  const reading = reader.at ? views.get(reader.at.paragraph)?.target : undefined;
  const readAloud = {
    reader,
    choice: readSide,
    onChoice: setReadSide,
    here,
    readingTestOutput: Boolean(reading?.testModel && reading.origin !== 'human'),
  };

  return (
    <ChecksProvider value={checks.value}>
      <TermsProvider value={pageTerms}>
        <EditorProvider
          slug={slug}
          order={indices}
          onParagraph={onParagraph}
          findNextToReview={reviewed.findNextToReview}
        >
          <ReaderToolbar line={<ReadAloudBar {...readAloud} />}>
            <ReadingModeSwitch view={view} swap={swap} />
            <ReadAloudSettings {...readAloud} />
            <TranslationProgress progress={stream.progress} onCancel={stream.cancel} onStart={stream.start} />
            <ReviewProgress
              total={review.total}
              approved={reviewed.approved}
              edited={reviewed.edited}
              current={roving.tabCell ?? (indices[0] ?? 0) - 1}
              show={show}
              view={view}
              swap={swap}
            />
            <ChecksPanel
              load={checks.load}
              onlyIssues={onlyIssues}
              onOnlyIssues={setOnlyIssues}
              issuesOnPage={indices.filter(hasIssue).length}
              onRunAgain={recheck}
              view={view}
              swap={swap}
              show={show}
            />
            <TranslationImport slug={slug} maxBytes={MAX_IMPORT_BYTES} versions={versions} onImported={refresh} />
          </ReaderToolbar>
          {summary.testModel ? <TestModelNotice modelId={summary.modelId} /> : null}
          <TranslationMessage progress={stream.progress} lost={stream.lost} />
          <Rows
            list={list}
            title={title}
            sourceLang={sourceLang}
            paragraphs={paragraphs}
            view={view}
            swap={swap}
            show={show}
            linksOf={linksOf}
            roving={roving}
            hideRow={onlyIssues ? (index) => !hasIssue(index) : undefined}
            english={(p, tabbable) => (
              <EnglishCell
                key="en"
                paragraph={views.get(p.index) ?? p}
                sourceLang={sourceLang}
                targetLang={targetLang}
                showSource={view === 'en'}
                placeholder={running ? t('translating') : t('notTranslated')}
                next={nextOf(p.index)}
                tabbable={tabbable}
              />
            )}
          />
        </EditorProvider>
      </TermsProvider>
    </ChecksProvider>
  );
}
