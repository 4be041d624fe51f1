'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { ParagraphView } from '@/lib/documents/types';
import WordDiff from './WordDiff';

type Props = {
  theirs: ParagraphView;
  mine: string;
  targetLang: string;
  busy: boolean;
  onKeepMine: () => void;
  onUseTheirs: () => void;
};

/** Someone saved first: their text beside the user's (which stays in the text box until they choose). */
export default function ConflictPanel({ theirs, mine, targetLang, busy, onKeepMine, onUseTheirs }: Props) {
  const t = useTranslations('editor');
  const format = useFormatter();
  const theirText = theirs.target?.text ?? '';
  const revision = theirs.revision;
  const author = revision?.author || t('profile.anonymous');
  const time = revision
    ? format.dateTime(new Date(revision.createdAt), { dateStyle: 'medium', timeStyle: 'short' })
    : '';
  const id = `conflict-${theirs.index}`;
  return (
    <section className="conflict" aria-labelledby={id}>
      <h3 id={id} className="conflict-title">
        {t('conflict.title')}
      </h3>
      <p className="editor-note">{t('conflict.help')}</p>
      <figure className="conflict-theirs">
        <figcaption>{t('conflict.theirs', { author, time })}</figcaption>
        <blockquote lang={targetLang} data-testid="conflict-theirs">
          {theirText}
        </blockquote>
      </figure>
      <figure className="conflict-theirs">
        <figcaption>{t('conflict.diff')}</figcaption>
        <p className="conflict-diff">
          <WordDiff before={theirText} after={mine} lang={targetLang} />
        </p>
      </figure>
      <p className="editor-note">{t('conflict.yours')}</p>
      <div className="editor-buttons">
        <button type="button" className="button button-primary" aria-disabled={busy} onClick={onKeepMine}>
          {t('conflict.keepMine')}
        </button>
        <button type="button" className="button" aria-disabled={busy} onClick={onUseTheirs}>
          {t('conflict.useTheirs')}
        </button>
      </div>
    </section>
  );
}
