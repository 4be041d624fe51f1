import type { ReactNode } from 'react';
import { locateSentences, type TextSpan } from '@/lib/text/locate-sentences';

/** A piece of a sentence, inside a span to mark or not, and inside a glossary term or not. */
export interface Piece {
  text: string;
  marked: boolean;
  /** The glossary term (its place in the page's terms) the piece is part of. */
  term?: number;
}

/** A glossary term's place in the paragraph's text. */
export interface TermSpan extends TextSpan {
  entry: number;
}

function isSpace(c: string): boolean {
  return /\s/u.test(c);
}

/**
 * Each sentence of a paragraph cut into pieces where spans of the paragraph's text begin and end (the checks' marks
 * and the glossary's terms). The sentences may have their whitespace collapsed (hard-wrapped lines joined), so
 * characters are matched with whitespace skipped.
 */
export function markSentences(
  text: string,
  sentences: readonly string[],
  marks: readonly TextSpan[],
  terms: readonly TermSpan[] = [],
): Piece[][] {
  if (marks.length === 0 && terms.length === 0) return sentences.map((s) => [{ text: s, marked: false }]);
  const located = locateSentences(text, sentences);
  return sentences.map((sentence, i) => {
    let at = located[i]?.start ?? 0;
    const pieces: Piece[] = [];
    for (const c of sentence) {
      if (!isSpace(c)) while (at < text.length && isSpace(text[at]!)) at++;
      const marked = marks.some((m) => at >= m.start && at < m.end);
      const term = terms.find((m) => at >= m.start && at < m.end)?.entry;
      const last = pieces.at(-1);
      if (last && last.marked === marked && last.term === term) last.text += c;
      else pieces.push(term === undefined ? { text: c, marked } : { text: c, marked, term });
      if (!isSpace(c) || isSpace(text[at] ?? '')) at += c.length;
    }
    return pieces;
  });
}

/** One sentence's pieces: the marked ones in <mark>, a glossary term's in an underline around them. */
export function MarkedPieces({ pieces }: { pieces: readonly Piece[] }) {
  const out: ReactNode[] = [];
  // A term split by a mark's edge stays one underline: consecutive pieces of one term share its span.
  for (let i = 0; i < pieces.length;) {
    const term = pieces[i]!.term;
    if (term === undefined) {
      out.push(markedOf(pieces[i]!, i));
      i++;
      continue;
    }
    const inner: ReactNode[] = [];
    const first = i;
    for (; i < pieces.length && pieces[i]!.term === term; i++) inner.push(markedOf(pieces[i]!, i));
    out.push(
      <span key={`t${first}`} className="term" data-term={term}>
        {inner}
      </span>,
    );
  }
  return out;
}

function markedOf(p: Piece, key: number): ReactNode {
  if (!p.marked) return p.text;
  return (
    <mark key={key} className="check-mark">
      {p.text}
    </mark>
  );
}
