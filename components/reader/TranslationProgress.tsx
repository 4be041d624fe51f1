'use client';

import { useTranslations } from 'next-intl';
import type { TranslationSummary } from '@/lib/documents/types';

type Props = {
  progress: Pick<TranslationSummary, 'status' | 'done' | 'total' | 'error'>;
  lost: boolean;
  testModel: boolean;
  modelId: string;
  onCancel: () => void;
  onStart: () => void;
};

const FETCH_COMMAND = 'npx paralelo model fetch';

/** Progress bar (n of N paragraphs), cancel/translate buttons and the messages a reader must see about the model. */
export default function TranslationProgress({ progress, lost, testModel, modelId, onCancel, onStart }: Props) {
  const t = useTranslations('reader');
  const { status, done, total, error } = progress;
  const running = status === 'running';
  let message: string | null = null;
  if (error?.code === 'model_missing' || error?.code === 'model_corrupt')
    message = t('modelMissing', { command: FETCH_COMMAND });
  else if (status === 'failed') message = t('progress.failed', { message: error?.message ?? '' });
  else if (status === 'cancelled') message = t('progress.cancelled', { done, total });
  else if (status === 'complete') message = t('progress.complete', { total });
  if (lost && running) message = t('progress.connectionLost');
  return (
    <section className="translation-bar" aria-label={t('progress.label')}>
      {testModel ? (
        <p className="notice notice-test" role="note">
          {t('testModelNotice', { model: modelId })}
        </p>
      ) : null}
      {total > 0 ? (
        <div className="progress-line">
          <progress max={total} value={done} aria-label={t('progress.label')} />
          <span className="progress-text">{t('progress.value', { done, total })}</span>
          {running ? (
            <button type="button" className="button" onClick={onCancel}>
              {t('progress.cancel')}
            </button>
          ) : status !== 'complete' ? (
            <button type="button" className="button" onClick={onStart}>
              {t('progress.resume')}
            </button>
          ) : null}
        </div>
      ) : null}
      <p className={`status-message${status === 'failed' ? ' error' : ''}`} role="status" aria-live="polite">
        {message}
      </p>
    </section>
  );
}
