'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { ParagraphView } from '@/lib/documents/types';
import { useEditorActions } from '@/components/common/editor-context';

/** A newer machine translation than the one the human text was based on, with Take / Dismiss. */
export default function SuggestionOffer({
  paragraph,
  suggestion,
  targetLang,
}: {
  paragraph: ParagraphView;
  suggestion: string;
  targetLang: string;
}) {
  const t = useTranslations('editor');
  const { quickSave, announce } = useEditorActions();
  const [busy, setBusy] = useState(false);
  const number = paragraph.index + 1;
  const status = paragraph.target?.status === 'approved' ? 'approved' : 'edited';
  const id = `suggestion-${paragraph.index}`;

  async function decide(take: boolean) {
    if (busy) return;
    setBusy(true);
    // Dismissing is a save of the current text marked as an answer to the suggestion.
    const text = take ? suggestion : (paragraph.target?.text ?? '');
    const result = await quickSave(paragraph, { text, status: take ? 'edited' : status, kind: 'suggestion' });
    setBusy(false);
    if (result.kind === 'saved')
      announce(take ? t('announce.suggestionTaken', { number }) : t('announce.suggestionDismissed', { number }));
    else if (result.kind === 'conflict') announce(t('announce.conflict', { number }));
    else announce(t('announce.failed', { number, message: result.message || result.code }));
  }

  return (
    <div className="suggestion" role="group" aria-labelledby={id}>
      <p id={id} className="badge badge-flag">
        {t('suggestion.label')}
      </p>
      <p className="suggestion-text" lang={targetLang}>
        {suggestion}
      </p>
      <div className="editor-buttons">
        <button type="button" className="button" disabled={busy} onClick={() => void decide(true)}>
          {t('suggestion.take')}
        </button>
        <button type="button" className="button button-quiet" disabled={busy} onClick={() => void decide(false)}>
          {t('suggestion.dismiss')}
        </button>
      </div>
    </div>
  );
}
