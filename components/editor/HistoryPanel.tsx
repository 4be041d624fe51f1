'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { RevisionView } from '@/lib/documents/types';
import { listRevisions } from '@/components/common/api';
import IgnoreHistory from './IgnoreHistory';
import WordDiff from './WordDiff';

type Props = {
  slug: string;
  index: number;
  /** Reloads the list whenever the paragraph gets a new version. */
  version: string;
  machineText: string | null;
  targetLang: string;
  busy: boolean;
  onRevert: (revision: RevisionView) => void;
  onLoaded: (count: number) => void;
};

type Load = { state: 'loading' } | { state: 'ok'; revisions: RevisionView[] } | { state: 'failed'; message: string };

/** A paragraph's revisions, newest first, each with word diffs against the machine text and the one before. */
export default function HistoryPanel({
  slug,
  index,
  version,
  machineText,
  targetLang,
  busy,
  onRevert,
  onLoaded,
}: Props) {
  const t = useTranslations('editor');
  const format = useFormatter();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const announced = useRef(false);
  const id = `history-${index}`;

  // A new version reloads the list: a failure gives way to "loading", while a list stays on screen as it reloads
  // (after a revert), so the focus stays where it was.
  const key = `${slug}:${index}:${version}`;
  const [loadedFor, setLoadedFor] = useState(key);
  if (loadedFor !== key) {
    setLoadedFor(key);
    if (load.state === 'failed') setLoad({ state: 'loading' });
  }
  const loaded = useEffectEvent((count: number) => onLoaded(count));

  useEffect(() => {
    let live = true;
    void listRevisions(slug, index).then((result) => {
      if (!live) return;
      if (result.ok) {
        setLoad({ state: 'ok', revisions: result.revisions });
        // Said once when the panel opens; a reload after a revert must not talk over the revert's own message.
        if (!announced.current) loaded(result.revisions.length);
        announced.current = true;
      } else setLoad({ state: 'failed', message: result.message || result.code });
    });
    return () => {
      live = false;
    };
  }, [slug, index, version]);

  return (
    <section className="history" aria-labelledby={id} aria-busy={load.state === 'loading'}>
      <h3 id={id} className="history-title">
        {t('history.title', { number: index + 1 })}
      </h3>
      {load.state === 'loading' ? <p className="editor-note">{t('history.loading')}</p> : null}
      {load.state === 'failed' ? (
        <p className="editor-error">{t('history.failed', { message: load.message })}</p>
      ) : null}
      {load.state === 'ok' && load.revisions.length === 0 ? <p className="editor-note">{t('history.empty')}</p> : null}
      {load.state === 'ok' && load.revisions.length > 0 ? (
        <ol className="history-list">
          {load.revisions.map((revision, i) => {
            const previous = load.revisions[i + 1];
            const machine = revision.machineText ?? machineText;
            const time = format.dateTime(new Date(revision.createdAt), { dateStyle: 'medium', timeStyle: 'short' });
            return (
              <li key={revision.id} className="history-item">
                <p className="history-meta" id={`rev-${revision.id}-meta`}>
                  {i === 0 ? <span className="badge badge-status">{t('history.current')}</span> : null}{' '}
                  {t('history.meta', {
                    author: revision.author || t('profile.anonymous'),
                    time,
                    status: revision.status,
                    kind: revision.kind,
                  })}
                </p>
                <p className="history-text" lang={targetLang}>
                  {revision.text}
                </p>
                <dl className="history-diffs">
                  <dt>{t('history.diffMachine')}</dt>
                  <dd>
                    {machine !== null ? (
                      <WordDiff before={machine} after={revision.text} lang={targetLang} />
                    ) : (
                      t('history.noMachine')
                    )}
                  </dd>
                  <dt>{t('history.diffPrevious')}</dt>
                  <dd>
                    {previous ? (
                      <WordDiff before={previous.text} after={revision.text} lang={targetLang} />
                    ) : (
                      t('history.first')
                    )}
                  </dd>
                </dl>
                {i > 0 ? (
                  <button
                    type="button"
                    className="button"
                    aria-disabled={busy}
                    aria-describedby={`rev-${revision.id}-meta`}
                    onClick={() => onRevert(revision)}
                  >
                    {t('history.revert')}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
      <IgnoreHistory slug={slug} index={index} />
    </section>
  );
}
