'use client';

import { useTranslations } from 'next-intl';
import { useEditorActions, useEditorState } from '@/components/editor/editor-context';

type Props = {
  total: number;
  approved: number;
  edited: number;
  /** The paragraph the reader is on (the rows' Tab stop); the search starts after it. */
  current: number;
};

/**
 * Review progress of the whole document (approved paragraphs out of all) and "Next to review": opens the editor on
 * the next paragraph nobody has approved, after the one being edited or last focused, wrapping at the end; on
 * another page, goes there.
 */
export default function ReviewProgress({ total, approved, edited, current }: Props) {
  const t = useTranslations('reader.review');
  const { editing } = useEditorState();
  const { reviewNext } = useEditorActions();
  if (total === 0) return null;
  return (
    <section className="review-bar" aria-label={t('label')}>
      <div className="progress-line">
        <progress max={total} value={approved} aria-label={t('label')} />
        <span className="progress-text">
          {t('status', { approved, total })}
          {edited > 0 ? ` · ${t('edited', { count: edited })}` : null}
        </span>
        <button type="button" className="button" onClick={() => reviewNext(editing?.index ?? current)}>
          {t('next')}
        </button>
      </div>
    </section>
  );
}
