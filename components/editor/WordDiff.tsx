'use client';

import { diffWords } from 'diff';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';

/**
 * Word-level changes from `before` to `after`. Insertions and deletions are <ins>/<del> (underlined / struck
 * through, not colour alone), each opened by a hidden word for screen readers that do not announce them.
 */
export default function WordDiff({ before, after, lang }: { before: string; after: string; lang: string }) {
  const t = useTranslations('editor.history');
  const parts = useMemo(() => diffWords(before, after), [before, after]);
  if (!parts.some((part) => part.added || part.removed)) return <span className="diff-same">{t('same')}</span>;
  return (
    <span className="diff" lang={lang}>
      {parts.map((part, i) => {
        if (!part.added && !part.removed) return <span key={i}>{part.value}</span>;
        const Mark = part.added ? 'ins' : 'del';
        return (
          <Mark key={i}>
            <span className="sr-only">{part.added ? t('inserted') : t('deleted')} </span>
            {part.value}
            <span className="sr-only"> {t('end')}</span>
          </Mark>
        );
      })}
    </span>
  );
}
