'use client';

import { useTranslations } from 'next-intl';

/**
 * The "check this sentence" marker after a machine-translated sentence the model scored among the document's lowest
 * (lib/confidence/flags.ts). A test model's scores mean nothing, and the marker says so.
 */
export default function CheckFlag({ testModel }: { testModel: boolean }) {
  const t = useTranslations('confidence');
  const label = testModel ? t('flagTestModel') : t('flag');
  return (
    <span className={`check-flag${testModel ? ' check-flag-test' : ''}`} role="img" aria-label={label} title={label}>
      ⚑
    </span>
  );
}

/** The source sentence indices of a paragraph flagged "check this sentence" (empty when none). */
export function checkSentencesOf(paragraph: { flags?: { checkSentences?: number[] } }): ReadonlySet<number> {
  return new Set(paragraph.flags?.checkSentences ?? []);
}
