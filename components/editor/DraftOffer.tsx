'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { StoredDraft } from '@/components/common/drafts';

type Props = {
  draft: StoredDraft;
  /** The paragraph's current version: a draft written on another one is said to be older. */
  version: string;
  number: number;
  onRestore: () => void;
  onDiscard: () => void;
};

/** "Unsaved draft from <time>: Restore / Discard", for a draft a reload or a closed editor left behind. */
export default function DraftOffer({ draft, version, number, onRestore, onDiscard }: Props) {
  const t = useTranslations('editor.draft');
  const format = useFormatter();
  const time = format.dateTime(new Date(draft.savedAt), { dateStyle: 'medium', timeStyle: 'short' });
  const id = `draft-offer-${number}`;
  return (
    <div className="draft-offer" role="group" aria-labelledby={id}>
      <p id={id} className="draft-offer-text">
        {draft.version === version ? t('offer', { time }) : t('offerOlder', { time })}
      </p>
      <div className="editor-buttons">
        <button type="button" className="button" onClick={onRestore}>
          {t('restore')}
        </button>
        <button type="button" className="button button-quiet" onClick={onDiscard}>
          {t('discard')}
        </button>
      </div>
    </div>
  );
}
