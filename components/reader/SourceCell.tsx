'use client';

import { useLocale, useTranslations } from 'next-intl';
import { Fragment } from 'react';
import { useChecks } from '@/components/common/checks-context';
import { MarkedPieces, markSentences } from '@/components/common/marked-text';
import { useTerms, type TermsValue } from '@/components/common/terms-context';
import type { PageTermEntry } from '@/lib/documents/page-terms';
import type { ParagraphView } from '@/lib/documents/types';

/**
 * The Spanish side of a row: the paragraph (or heading) in sentence spans the highlighting and arrow keys use, what
 * the checks found marked, and the glossary's terms underlined. A sentence with terms is described by a tip that
 * says their English: shown on hover and on focus, and heard by a screen reader on focus (no Tab stop per term).
 */
export default function SourceCell({ paragraph, lang }: { paragraph: ParagraphView; lang: string }) {
  const headingTag = `h${Math.min(6, (paragraph.level ?? 1) + 1)}` as 'h2';
  const Tag = paragraph.kind === 'heading' ? headingTag : 'p';
  // What the QA checks found in the Spanish (the term, the number the English lacks) is marked.
  const marks = useChecks()
    .findingsOf(paragraph.index)
    .flatMap((f) => f.source);
  const terms = useTerms();
  const pieces = markSentences(paragraph.source, paragraph.sentences, marks, terms.spansOf(paragraph.index));
  return (
    <div className="cell cell-es" lang={lang}>
      <Tag className="text">
        {paragraph.sentences.map((s, i) => {
          const own = pieces[i] ?? [{ text: s, marked: false }];
          const met = [...new Set(own.flatMap((p) => (p.term === undefined ? [] : [p.term])))];
          const tipId = `terms-${paragraph.index}-${i}`;
          return (
            <Fragment key={i}>
              <span
                className="sentence"
                data-sentence={i}
                tabIndex={-1}
                aria-describedby={met.length > 0 ? tipId : undefined}
              >
                <MarkedPieces pieces={own} />{' '}
              </span>
              {met.length > 0 ? <TermTip id={tipId} terms={terms} met={met} /> : null}
            </Fragment>
          );
        })}
      </Tag>
    </div>
  );
}

/** The English of the terms of one sentence, short: "Glossary: tribunal: court; not: law court". */
function TermTip({ id, terms, met }: { id: string; terms: TermsValue; met: readonly number[] }) {
  const t = useTranslations('terms');
  const locale = useLocale();
  const line = (entry: PageTermEntry) => {
    const parts = [
      entry.english.length > 0 ? t('item', { term: entry.term, english: entry.english.join(' / ') }) : entry.term,
    ];
    if (entry.forbidden.length > 0) parts.push(t('not', { forbidden: entry.forbidden.join(' / ') }));
    if (entry.note) parts.push(entry.note);
    return parts.join('; ');
  };
  return (
    <span id={id} className="term-tip" lang={locale}>
      {t('tip', { items: met.flatMap((m) => (terms.entries[m] ? [line(terms.entries[m])] : [])).join(' · ') })}
    </span>
  );
}
