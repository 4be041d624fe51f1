'use client';

import { useTranslations } from 'next-intl';
import type { TranslationSummary } from '@/lib/documents/types';

type Props = {
  progress: Pick<TranslationSummary, 'status' | 'done' | 'total' | 'error'>;
  lost: boolean;
  onCancel: () => void;
  onStart: () => void;
};

const FETCH_COMMAND = 'npx paralelo model fetch';

type Messages = ReturnType<typeof useTranslations<'reader'>>;

function messageOf(t: Messages, { status, done, total, error }: Props['progress'], lost: boolean): string | null {
  if (lost && status === 'running') return t('progress.connectionLost');
  if (error?.code === 'model_missing' || error?.code === 'model_corrupt')
    return t('modelMissing', { command: FETCH_COMMAND });
  if (status === 'failed') return t('progress.failed', { message: error?.message ?? '' });
  if (status === 'cancelled') return t('progress.cancelled', { done, total });
  if (status === 'complete') return t('progress.complete', { total });
  return null;
}

/** Progress bar (n of N paragraphs) and the cancel/translate buttons, in the reader's toolbar panel. */
export default function TranslationProgress({ progress, onCancel, onStart }: Omit<Props, 'lost'>) {
  const t = useTranslations('reader');
  const { status, done, total } = progress;
  const running = status === 'running';
  return (
    <section className="translation-bar" aria-label={t('progress.label')}>
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
    </section>
  );
}

/**
 * What the reader must know about the translation (the model is missing and the command that installs it, the job
 * failed or was cancelled, the connection was lost): outside the folding toolbar, so it shows at every width.
 */
export function TranslationMessage({ progress, lost }: Pick<Props, 'progress' | 'lost'>) {
  const t = useTranslations('reader');
  return (
    <p className={`status-message${progress.status === 'failed' ? ' error' : ''}`} role="status" aria-live="polite">
      {messageOf(t, progress, lost)}
    </p>
  );
}
