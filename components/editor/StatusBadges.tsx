'use client';

import { useTranslations } from 'next-intl';
import type { ParagraphView } from '@/lib/documents/types';

/** Review status, origin and flags of a paragraph's English, as text badges (never colour alone). */
export default function StatusBadges({ paragraph, hasDraft }: { paragraph: ParagraphView; hasDraft: boolean }) {
  const t = useTranslations('editor');
  const tr = useTranslations('reader');
  const ta = useTranslations('alignment');
  const lowConfidence = paragraph.flags?.lowConfidence ?? false;
  const target = paragraph.target;
  // Human text is never test-model output, whatever model was configured when it was saved.
  const testOutput = Boolean(target?.testModel && target.origin !== 'human');
  const sourceChanged = paragraph.flags?.sourceChanged ?? false;
  if (!target && !hasDraft && !sourceChanged && !lowConfidence) return null;
  return (
    <div className="badges">
      {target ? (
        <span className={`badge badge-status status-${target.status}`}>
          <span className="sr-only">{t('statusLabel')}: </span>
          {t(`status.${target.status}`)}
        </span>
      ) : null}
      {target?.origin === 'memory' ? <span className="badge badge-memory">{t('memory')}</span> : null}
      {target?.origin === 'imported' ? <span className="badge badge-memory">{ta('imported')}</span> : null}
      {lowConfidence ? (
        <span className="badge badge-flag badge-align" title={ta('lowConfidenceHelp')}>
          {ta('lowConfidence')}
          <span className="sr-only">: {ta('lowConfidenceHelp')}</span>
        </span>
      ) : null}
      {testOutput ? <span className="badge badge-test">{tr('testModelBadge')}</span> : null}
      {sourceChanged ? (
        <span className="badge badge-flag" title={t('sourceChangedHelp')}>
          {t('sourceChanged')}
          <span className="sr-only">: {t('sourceChangedHelp')}</span>
        </span>
      ) : null}
      {hasDraft ? <span className="badge badge-draft">{t('draftBadge')}</span> : null}
    </div>
  );
}
