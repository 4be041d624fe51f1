'use client';

import { useTranslations } from 'next-intl';
import { Fragment, useCallback, type FocusEvent, type ReactNode, type RefObject } from 'react';
import { SENTENCE_HINT_ID } from '@/components/common/sentence-links';
import type { ShowMode, ViewMode } from '@/components/common/view-mode';
import type { AlignmentLink, ParagraphView } from '@/lib/documents/types';
import SourceCell from './SourceCell';
import type { RovingFocus } from './use-roving-focus';
import { useSentenceHighlight } from './use-sentence-highlight';

type Props = {
  list: RefObject<HTMLOListElement | null>;
  title: string;
  sourceLang: string;
  paragraphs: readonly ParagraphView[];
  view: ViewMode;
  swap: boolean;
  show: ShowMode;
  linksOf: (index: number) => AlignmentLink[] | null;
  /** The English side of a row; `tabbable`: whether it is the rows' one Tab stop. */
  english: (paragraph: ParagraphView, tabbable: boolean) => ReactNode;
  /** The rows' one Tab stop (ReaderView's, whose review bar follows it). */
  roving: RovingFocus;
  /** Rows left out of view ("show only rows with issues"); all are shown without it. */
  hideRow?: (index: number) => boolean;
};

/** The aligned rows of one page: Spanish and English side by side, interleaved, or one language alone. */
export default function Rows({
  list,
  title,
  sourceLang,
  paragraphs,
  view,
  swap,
  show,
  linksOf,
  english,
  roving,
  hideRow,
}: Props) {
  const t = useTranslations('reader');
  const ta = useTranslations('alignment');
  const highlight = useSentenceHighlight(list, linksOf);
  const onFocus = useCallback(
    (e: FocusEvent<HTMLOListElement>) => {
      highlight.onFocus(e);
      roving.onFocus(e);
    },
    [highlight, roving],
  );
  const showEs = view !== 'en';
  const showEn = view !== 'es';
  const order: ('es' | 'en')[] = swap && (view === 'side' || view === 'interleaved') ? ['en', 'es'] : ['es', 'en'];
  const sides = order.filter((side) => (side === 'es' ? showEs : showEn));
  function cellOf(side: 'es' | 'en', p: ParagraphView) {
    if (side === 'es') return <SourceCell key="es" paragraph={p} lang={sourceLang} />;
    return <Fragment key="en">{english(p, p.index === roving.tabStop)}</Fragment>;
  }

  return (
    <>
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
        ref={list}
        className={`rows view-${view}`}
        aria-label={t('rowsLabel', { title })}
        onMouseOver={highlight.onMouseOver}
        onMouseOut={highlight.onMouseOut}
        onFocus={onFocus}
        onBlur={highlight.onBlur}
        onKeyDown={roving.onKeyDown}
      >
        {paragraphs.map((p) => (
          <li
            key={p.index}
            id={`p-${p.index}`}
            className={`row kind-${p.kind}`}
            aria-label={t('paragraphLabel', { number: p.index + 1 })}
            hidden={hideRow?.(p.index) ?? false}
          >
            {/* Among the paragraphs to review the list has gaps: each row says which paragraph it is. */}
            {show === 'review' ? (
              <div className="row-number" aria-hidden="true">
                {t('paragraphLabel', { number: p.index + 1 })}
              </div>
            ) : null}
            {sides.map((side) => cellOf(side, p))}
          </li>
        ))}
      </ol>
    </>
  );
}
