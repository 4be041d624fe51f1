'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { listIgnores, setIgnored, type IgnoreEvent } from '@/components/common/api';
import { useChecks } from '@/components/common/checks-context';
import { useEditorActions } from '@/components/common/editor-context';
import { useIdentity } from '@/components/common/identity-context';
import { useFindingWords } from './CheckBadges';

type Load = { state: 'loading' } | { state: 'ok'; events: IgnoreEvent[] } | { state: 'failed'; message: string };

/** A finding's key back as its message and parameters ("numbers.missing?number=40#2"), to word it again. */
export function parseFindingKey(key: string): { check: string; message: string; params: Record<string, string> } {
  const [message = key, rest = ''] = key.replace(/#\d+$/u, '').split('?', 2) as [string?, string?];
  const params: Record<string, string> = {};
  for (const part of rest ? rest.split('&') : []) {
    const eq = part.indexOf('=');
    if (eq > 0) params[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return { check: message.slice(0, message.indexOf('.')), message, params };
}

/**
 * The paragraph's ignored QA findings in its history: who ignored what and when, who took an ignore back, and
 * "Stop ignoring" on each ignore still in force (for those who may).
 */
export default function IgnoreHistory({ slug, index }: { slug: string; index: number }) {
  const t = useTranslations('qa');
  const format = useFormatter();
  const words = useFindingWords();
  const checks = useChecks();
  const { announce } = useEditorActions();
  const mayIgnore = useIdentity().may('ignoreFinding');
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    void listIgnores(slug, index).then((result) => {
      if (!live) return;
      setLoad(
        result.ok
          ? { state: 'ok', events: result.events }
          : { state: 'failed', message: result.message || result.code },
      );
    });
    return () => {
      live = false;
    };
  }, [slug, index, tick]);

  const describe = (key: string) => {
    const parsed = parseFindingKey(key);
    try {
      return words({ check: parsed.check as never, message: parsed.message, params: parsed.params });
    } catch {
      return key;
    }
  };

  async function stopIgnoring(key: string) {
    const done = await setIgnored(slug, { paragraph: index, key }, false);
    if (done !== true) {
      announce(t('ignoreFailed', { message: done.message || done.code }));
      return;
    }
    checks.markIgnored({ paragraph: index, key }, false);
    checks.refresh();
    setTick((n) => n + 1);
    announce(t('unignored', { message: describe(key) }));
  }

  if (load.state === 'loading') return null;
  if (load.state === 'failed') return <p className="editor-error">{t('historyFailed', { message: load.message })}</p>;
  if (load.events.length === 0) return null;
  const latest = new Map<string, number>();
  for (const e of load.events) latest.set(e.findingKey, e.id);
  const titleId = `ignores-${index}`;
  return (
    <section className="ignore-history" aria-labelledby={titleId}>
      <h4 id={titleId} className="history-title">
        {t('historyTitle')}
      </h4>
      <ol className="history-list">
        {[...load.events].reverse().map((e) => {
          const time = format.dateTime(new Date(e.createdAt), { dateStyle: 'medium', timeStyle: 'short' });
          const inForce = e.ignored && latest.get(e.findingKey) === e.id;
          return (
            <li key={e.id} className="history-item">
              <p className="history-meta" id={`ignore-${e.id}`}>
                {t(e.ignored ? 'historyIgnored' : 'historyUnignored', {
                  author: e.author || t('anonymous'),
                  time,
                  message: describe(e.findingKey),
                })}
              </p>
              {inForce && mayIgnore ? (
                <button
                  type="button"
                  className="button"
                  aria-describedby={`ignore-${e.id}`}
                  onClick={() => void stopIgnoring(e.findingKey)}
                >
                  {t('stopIgnoring')}
                </button>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
