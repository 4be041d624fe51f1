'use client';

import { useTranslations } from 'next-intl';
import type { RevisionStatusValue } from '@/lib/store/types';

type Then = 'close' | 'next' | 'stay' | 'review';

type Props = {
  busy: boolean;
  /** The last save failed: the first button retries it. */
  failed: boolean;
  mayApprove: boolean;
  /** The text is approved and unchanged: the approve button takes the approval back. */
  approvedAsIs: boolean;
  /** The status a plain save keeps (an approval survives only while the text is unchanged). */
  saveStatus: RevisionStatusValue;
  historyOpen: boolean;
  onSave: (status: RevisionStatusValue, then?: Then) => void;
  onCancel: () => void;
  onToggleHistory: () => void;
};

/** Save, save and next, approve (or take the approval back), approve and next, cancel, history. */
export default function EditorButtons({
  busy,
  failed,
  mayApprove,
  approvedAsIs,
  saveStatus,
  historyOpen,
  onSave,
  onCancel,
  onToggleHistory,
}: Props) {
  const t = useTranslations('editor');
  return (
    <div className="editor-buttons">
      <button type="button" className="button button-primary" aria-disabled={busy} onClick={() => onSave(saveStatus)}>
        {busy ? t('form.saving') : failed ? t('form.retry') : t('form.save')}
      </button>
      <button type="button" className="button" aria-disabled={busy} onClick={() => onSave(saveStatus, 'next')}>
        {t('form.saveNext')}
      </button>
      {!mayApprove ? null : approvedAsIs ? (
        <button type="button" className="button" aria-disabled={busy} onClick={() => onSave('edited', 'stay')}>
          {t('form.unapprove')}
        </button>
      ) : (
        <button type="button" className="button" aria-disabled={busy} onClick={() => onSave('approved', 'stay')}>
          {t('form.approve')}
        </button>
      )}
      {mayApprove ? (
        <button
          type="button"
          className="button"
          aria-disabled={busy}
          aria-keyshortcuts="Alt+Enter"
          onClick={() => onSave('approved', 'review')}
        >
          {t('form.approveNext')}
        </button>
      ) : null}
      <button type="button" className="button button-quiet" onClick={onCancel}>
        {t('form.cancel')}
      </button>
      <button type="button" className="button button-quiet" aria-expanded={historyOpen} onClick={onToggleHistory}>
        {t('form.history')}
      </button>
    </div>
  );
}
