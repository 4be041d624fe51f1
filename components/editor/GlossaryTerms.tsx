'use client';

import { useTranslations } from 'next-intl';
import { useChecks } from '@/components/common/checks-context';
import { entriesIn, useTerms } from '@/components/common/terms-context';
import type { ParagraphView } from '@/lib/documents/types';
import { termStatus, type TermStatus } from './term-status';

/**
 * In the editor: the glossary terms found in the paragraph's Spanish, each with the English it must (and must not)
 * be translated with, its note, and whether the saved English follows it (the glossary check's answer).
 */
export default function GlossaryTerms({
  paragraph,
  sourceLang,
  targetLang,
}: {
  paragraph: ParagraphView;
  sourceLang: string;
  targetLang: string;
}) {
  const t = useTranslations('terms');
  const terms = useTerms();
  const checks = useChecks();
  const met = entriesIn(terms, paragraph.index);
  if (met.length === 0) return null;
  const spans = terms.spansOf(paragraph.index);
  const findings = checks.allFindingsOf(paragraph.index);
  const state = { hasEnglish: Boolean(paragraph.target?.text.trim()), checks: checks.status };
  const labelId = `editor-terms-${paragraph.index}`;
  const statusText = (status: TermStatus) =>
    status.kind === 'forbiddenUsed'
      ? t('status.forbiddenUsed', { forbidden: status.forbidden })
      : t(`status.${status.kind}`);
  return (
    <section className="editor-terms" aria-labelledby={labelId}>
      <h3 id={labelId} className="editor-terms-title">
        {t('editorHeading')}
      </h3>
      <ul>
        {met.map((m) => {
          const entry = terms.entries[m];
          if (!entry) return null;
          const status = termStatus(
            entry,
            spans.filter((s) => s.entry === m),
            findings,
            state,
          );
          const good = status.kind === 'uses' || status.kind === 'onlyForbidden';
          return (
            <li key={m}>
              <strong lang={sourceLang}>{entry.term}</strong>
              <Field label={t('english')} value={entry.english.join(' / ')} lang={targetLang} />
              <Field label={t('forbidden')} value={entry.forbidden.join(' / ')} lang={targetLang} />
              <Field label={t('note')} value={entry.note ?? ''} />{' '}
              <span className={`term-status term-status-${good ? 'good' : status.kind}`}>{statusText(status)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** " · English: court" after the term, or nothing when the entry has no such value. */
function Field({ label, value, lang }: { label: string; value: string; lang?: string }) {
  if (!value) return null;
  return (
    <span>
      {' · '}
      {label}: <span lang={lang}>{value}</span>
    </span>
  );
}
