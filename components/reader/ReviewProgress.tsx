'use client';

import { useTranslations } from 'next-intl';
import { useEditorActions, useEditorState } from '@/components/common/editor-context';
import { paragraphHref, readerQuery, type ShowMode, type ViewMode } from '@/components/common/view-mode';

type Props = {
  total: number;
  approved: number;
  edited: number;
  /** The paragraph the reader is on (the rows' Tab stop); the search starts after it. */
  current: number;
  /** All paragraphs, or only those left to review; the bar switches between the two. */
  show: ShowMode;
  view: ViewMode;
  swap: boolean;
};

/**
 * Review progress of the whole document (approved paragraphs out of all) and "Next to review": opens the editor on
 * the next paragraph nobody has approved, after the one being edited or last focused, wrapping at the end; on
 * another page, goes there. A link lists only the paragraphs left to review, and back (to the page of the paragraph
 * the reader is on).
 */
export default function ReviewProgress({ total, approved, edited, current, show, view, swap }: Props) {
  const t = useTranslations('reader.review');
  const { editing } = useEditorState();
  const { reviewNext } = useEditorActions();
  if (total === 0) return null;
  const here = editing?.index ?? current;
  const left = total - approved;
  return (
    <section className="review-bar" aria-label={t('label')}>
      <div className="progress-line">
        <progress max={total} value={approved} aria-label={t('label')} />
        <span className="progress-text">
          {t('status', { approved, total })}
          {edited > 0 ? ` · ${t('edited', { count: edited })}` : null}
        </span>
        <button type="button" className="button" onClick={() => reviewNext(here)}>
          {t('next')}
        </button>
        {show === 'review' ? (
          <a
            className="review-filter"
            href={here >= 0 ? paragraphHref(here, { view, swap }) : readerQuery({ view, swap })}
          >
            {t('showAll')}
          </a>
        ) : left > 0 ? (
          <a className="review-filter" href={readerQuery({ view, swap, show: 'review' })}>
            {t('showPending', { count: left })}
          </a>
        ) : null}
      </div>
      {show === 'review' ? <p className="review-note">{t('filtered')}</p> : null}
    </section>
  );
}
