'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { setIgnored, type CheckFinding } from '@/components/common/api';
import { useChecks } from '@/components/common/checks-context';
import { cellId, useEditorActions, useEditorState } from '@/components/common/editor-context';
import { useIdentity } from '@/components/common/identity-context';

/** A finding worded in the interface language: "Numbers: 40 is not in the English (in English: 40)." */
export function useFindingWords(): (f: Pick<CheckFinding, 'check' | 'message' | 'params'>) => string {
  const t = useTranslations('checks');
  // The message keys come from the server's report (lib/checks registers them, tests/unit/messages checks both
  // catalogs hold them): not a literal the types can follow.
  const word = t as unknown as (key: string, params?: Record<string, string | number>) => string;
  return (f) => `${word(`names.${f.check}`)}: ${word(f.message, f.params)}`;
}

/**
 * The QA findings of a paragraph's English, one badge each (severity in words, never colour alone), with Ignore
 * for those who may (translators, reviewers, admins); an ignore is recorded on the server, and the badge goes.
 */
export default function CheckBadges({ index }: { index: number }) {
  const t = useTranslations('qa');
  const ts = useTranslations('checks');
  const words = useFindingWords();
  const { slug } = useEditorState();
  const { announce } = useEditorActions();
  const checks = useChecks();
  const mayIgnore = useIdentity().may('ignoreFinding');
  const [busy, setBusy] = useState<string | null>(null);
  const findings = checks.findingsOf(index);
  if (findings.length === 0) return null;

  async function ignore(f: CheckFinding) {
    if (busy) return;
    setBusy(f.key);
    const done = await setIgnored(slug, f, true);
    setBusy(null);
    if (done !== true) {
      announce(t('ignoreFailed', { message: done.message || done.code }));
      return;
    }
    checks.markIgnored(f, true);
    checks.refresh();
    announce(t('ignored', { message: words(f) }));
    // The button is gone with its badge: the focus goes back to the paragraph.
    document.getElementById(cellId(index))?.focus();
  }

  return (
    // A group, not a list: the row is an item of the rows' list, and its findings are not rows of it.
    <div
      role="group"
      className="check-badges"
      aria-label={t('rowLabel', { number: index + 1, count: findings.length })}
    >
      {findings.map((f) => (
        <p key={f.key} className={`check-badge severity-${f.severity}`}>
          <span className="check-severity">{ts(`severity.${f.severity}`)}</span> <span>{words(f)}</span>
          {mayIgnore ? (
            <button
              type="button"
              className="button button-quiet button-small"
              aria-label={t('ignoreLabel', { message: words(f) })}
              aria-disabled={busy !== null}
              onClick={() => void ignore(f)}
            >
              {t('ignore')}
            </button>
          ) : null}
        </p>
      ))}
    </div>
  );
}
