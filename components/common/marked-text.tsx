import { locateSentences, type TextSpan } from '@/lib/text/locate-sentences';

/** A piece of a sentence, inside a span to mark or not. */
export interface Piece {
  text: string;
  marked: boolean;
}

function isSpace(c: string): boolean {
  return /\s/u.test(c);
}

/**
 * Each sentence of a paragraph cut into pieces where spans of the paragraph's text begin and end. The sentences may
 * have their whitespace collapsed (hard-wrapped lines joined), so characters are matched with whitespace skipped.
 */
export function markSentences(text: string, sentences: readonly string[], marks: readonly TextSpan[]): Piece[][] {
  if (marks.length === 0) return sentences.map((s) => [{ text: s, marked: false }]);
  const located = locateSentences(text, sentences);
  return sentences.map((sentence, i) => {
    let at = located[i]?.start ?? 0;
    const pieces: Piece[] = [];
    for (const c of sentence) {
      if (!isSpace(c)) while (at < text.length && isSpace(text[at]!)) at++;
      const marked = marks.some((m) => at >= m.start && at < m.end);
      const last = pieces.at(-1);
      if (last && last.marked === marked) last.text += c;
      else pieces.push({ text: c, marked });
      if (!isSpace(c) || isSpace(text[at] ?? '')) at += c.length;
    }
    return pieces;
  });
}

/** One sentence's pieces, the marked ones in <mark>. */
export function MarkedPieces({ pieces }: { pieces: readonly Piece[] }) {
  return pieces.map((p, i) => {
    if (!p.marked) return p.text;
    return (
      <mark key={i} className="check-mark">
        {p.text}
      </mark>
    );
  });
}
