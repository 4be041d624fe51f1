'use client';

import { useTranslations } from 'next-intl';
import { useEditorActions, useEditorState } from '@/components/editor/editor-context';
import { nextPending, type IndexRanges } from '@/lib/documents/review';
import { paragraphHref, type ViewMode } from './view-mode';

type Props = {
  total: number;
  approved: number;
  edited: number;
  /** The whole document's pending paragraphs as the server counted them when the page was built. */
  pending: IndexRanges;
  /** This page's paragraphs: true when not approved (what the page knows now, after its own saves). */
  local: ReadonlyMap<number, boolean>;
  /** The paragraph the reader is on (the rows' Tab stop); the search starts after it. */
  current: number;
  view: ViewMode;
  swap: boolean;
};

/**
 * Review progress of the whole document (approved paragraphs out of all) and "Next to review": opens the editor on
 * the next paragraph nobody has approved, after the one being edited or last focused, wrapping at the end; on
 * another page, goes there.
 */
export default function ReviewProgress({ total, approved, edited, pending, local, current, view, swap }: Props) {
  const t = useTranslations('reader.review');
  const { editing } = useEditorState();
  const { open, announce } = useEditorActions();
  if (total === 0) return null;
  const goNext = () => {
    const next = nextPending(pending, editing?.index ?? current, local);
    if (next === null) {
      announce(t('allApproved'));
      return;
    }
    if (local.has(next)) {
      open(next);
      return;
    }
    window.location.assign(paragraphHref(next, { view, swap }));
  };
  return (
    <section className="review-bar" aria-label={t('label')}>
      <div className="progress-line">
        <progress max={total} value={approved} aria-label={t('label')} />
        <span className="progress-text">
          {t('status', { approved, total })}
          {edited > 0 ? ` · ${t('edited', { count: edited })}` : null}
        </span>
        <button type="button" className="button" onClick={goNext}>
          {t('next')}
        </button>
      </div>
    </section>
  );
}
