import type { ParagraphView } from '@/lib/documents/types';

/** The Spanish side of a row: the paragraph (or heading) in sentence spans the highlighting and arrow keys use. */
export default function SourceCell({ paragraph, lang }: { paragraph: ParagraphView; lang: string }) {
  const headingTag = `h${Math.min(6, (paragraph.level ?? 1) + 1)}` as 'h2';
  const Tag = paragraph.kind === 'heading' ? headingTag : 'p';
  return (
    <div className="cell cell-es" lang={lang}>
      <Tag className="text">
        {paragraph.sentences.map((s, i) => (
          <span key={i} className="sentence" data-sentence={i} tabIndex={-1}>
            {s}{' '}
          </span>
        ))}
      </Tag>
    </div>
  );
}
