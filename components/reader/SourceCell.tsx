'use client';

import { useChecks } from '@/components/common/checks-context';
import { MarkedPieces, markSentences } from '@/components/common/marked-text';
import type { ParagraphView } from '@/lib/documents/types';

/** The Spanish side of a row: the paragraph (or heading) in sentence spans the highlighting and arrow keys use. */
export default function SourceCell({ paragraph, lang }: { paragraph: ParagraphView; lang: string }) {
  const headingTag = `h${Math.min(6, (paragraph.level ?? 1) + 1)}` as 'h2';
  const Tag = paragraph.kind === 'heading' ? headingTag : 'p';
  // What the QA checks found in the Spanish (the term, the number the English lacks) is marked.
  const marks = useChecks()
    .findingsOf(paragraph.index)
    .flatMap((f) => f.source);
  const pieces = markSentences(paragraph.source, paragraph.sentences, marks);
  return (
    <div className="cell cell-es" lang={lang}>
      <Tag className="text">
        {paragraph.sentences.map((s, i) => (
          <span key={i} className="sentence" data-sentence={i} tabIndex={-1}>
            <MarkedPieces pieces={pieces[i] ?? [{ text: s, marked: false }]} />{' '}
          </span>
        ))}
      </Tag>
    </div>
  );
}
