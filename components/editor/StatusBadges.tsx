'use client';

import { useTranslations } from 'next-intl';
import type { ParagraphView } from '@/lib/documents/types';

/** Review status, origin and flags of a paragraph's English, as text badges (never colour alone). */
export default function StatusBadges({ paragraph, hasDraft }: { paragraph: ParagraphView; hasDraft: boolean }) {
  const t = useTranslations('editor');
  const tr = useTranslations('reader');
  const target = paragraph.target;
  // Human text is never test-model output, whatever model was configured when it was saved.
  const testOutput = Boolean(target?.testModel && target.origin !== 'human');
  const sourceChanged = paragraph.flags?.sourceChanged ?? false;
  if (!target && !hasDraft && !sourceChanged) return null;
  return (
    <div className="badges">
      {target ? (
        <span className={`badge badge-status status-${target.status}`}>
          <span className="sr-only">{t('statusLabel')}: </span>
          {t(`status.${target.status}`)}
        </span>
      ) : null}
      {target?.origin === 'memory' ? <span className="badge badge-memory">{t('memory')}</span> : null}
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
