/**
 * Punctuation of the English: Spanish ¿ and ¡ left in it, a paragraph ending differently from the Spanish,
 * brackets or quotes left open, Spanish «» where the target style has “” or "", double spaces, and spaces at
 * either end.
 */
import { type Check, type CheckDocument, type PreparedPair, type RawFinding, perPair } from './check';
import type { Span } from './types';

const MESSAGES = {
  'punctuation.inverted': ['mark'],
  'punctuation.final': ['source', 'target'],
  'punctuation.unbalanced': ['open', 'close'],
  'punctuation.guillemets': ['expected'],
  'punctuation.doubleSpace': [],
  'punctuation.edgeSpace': [],
} as const;

// Closing quotes and brackets after the final mark: «...acabó.» / (...acabó).
const TRAILING_CLOSERS = /[\s"'”’»)\]}]+$/u;
const PAIRS: ReadonlyArray<[string, string]> = [
  ['(', ')'],
  ['[', ']'],
  ['{', '}'],
  ['“', '”'],
];

type Ending = 'period' | 'ellipsis' | 'question' | 'exclamation' | 'colon' | 'semicolon' | 'none';

/** How a paragraph ends, closing quotes and brackets aside. */
function endingOf(text: string): { ending: Ending; span: Span } {
  const trimmed = text.replace(TRAILING_CLOSERS, '');
  const end = trimmed.length;
  const ellipsis = /(?:\.\.\.|…)$/u.exec(trimmed);
  if (ellipsis) return { ending: 'ellipsis', span: { start: end - ellipsis[0].length, end } };
  const last = trimmed[end - 1] ?? '';
  const ending: Ending =
    last === '.'
      ? 'period'
      : last === '?'
        ? 'question'
        : last === '!'
          ? 'exclamation'
          : last === ':'
            ? 'colon'
            : last === ';'
              ? 'semicolon'
              : 'none';
  return { ending, span: ending === 'none' ? { start: end, end } : { start: end - 1, end } };
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** Where any of `chars` occurs in `text`. */
function charSpans(text: string, chars: string): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < text.length; i++) if (chars.includes(text[i]!)) spans.push({ start: i, end: i + 1 });
  return spans;
}

function spansOf(text: string, pattern: RegExp): Span[] {
  return Array.from(text.matchAll(pattern), (m) => ({ start: m.index, end: m.index + m[0].length }));
}

function checkPunctuation(pair: PreparedPair, doc: CheckDocument): RawFinding[] {
  const { source, target } = pair;
  const base = { check: 'punctuation' as const, paragraph: pair.index };
  const findings: RawFinding[] = [];
  for (const span of spansOf(target, /[¿¡]/gu)) {
    const mark = target.slice(span.start, span.end);
    findings.push({
      ...base,
      severity: 'error',
      message: 'punctuation.inverted',
      params: { mark },
      source: [],
      target: [span],
    });
  }
  const a = endingOf(source.trim());
  const b = endingOf(target.trim());
  if (a.ending !== b.ending) {
    const offset = (text: string, s: Span) => ({
      start: s.start + text.search(/\S/u),
      end: s.end + text.search(/\S/u),
    });
    findings.push({
      ...base,
      severity: 'warning',
      message: 'punctuation.final',
      params: { source: a.ending, target: b.ending },
      source: [offset(source, a.span)],
      target: [offset(target, b.span)],
    });
  }
  // Only what the Spanish keeps balanced: a paragraph may go on with a quotation opened in the one before, in
  // whichever marks the English uses for it.
  const quotesBalanced =
    count(source, '«') === count(source, '»') &&
    count(source, '“') === count(source, '”') &&
    count(source, '"') % 2 === 0;
  for (const [open, close] of PAIRS) {
    if (open === '“' ? !quotesBalanced : count(source, open) !== count(source, close)) continue;
    if (count(target, open) === count(target, close)) continue;
    const spans = charSpans(target, open + close);
    findings.push({
      ...base,
      severity: 'warning',
      message: 'punctuation.unbalanced',
      params: { open, close },
      source: [],
      target: spans,
    });
  }
  if (quotesBalanced && count(target, '"') % 2 === 1) {
    const spans = charSpans(target, '"');
    findings.push({
      ...base,
      severity: 'warning',
      message: 'punctuation.unbalanced',
      params: { open: '"', close: '"' },
      source: [],
      target: spans,
    });
  }
  const guillemets = spansOf(target, /[«»‹›]/gu);
  if (guillemets.length > 0) {
    const expected = doc.style.quotes === 'curly' ? '“ ”' : '" "';
    findings.push({
      ...base,
      severity: 'warning',
      message: 'punctuation.guillemets',
      params: { expected },
      source: [],
      target: guillemets,
    });
  }
  // Runs of two spaces or more, those at either end aside (reported below).
  const inner = spansOf(target, /[^\S\n]{2,}/gu).filter(
    (s) =>
      s.start > 0 && s.end < target.length && /\S/u.test(target.slice(0, s.start)) && /\S/u.test(target.slice(s.end)),
  );
  if (inner.length > 0)
    findings.push({
      ...base,
      severity: 'warning',
      message: 'punctuation.doubleSpace',
      params: {},
      source: [],
      target: inner,
    });
  const edges = spansOf(target, /^\s+|\s+$/gu);
  if (edges.length > 0)
    findings.push({
      ...base,
      severity: 'warning',
      message: 'punctuation.edgeSpace',
      params: {},
      source: [],
      target: edges,
    });
  return findings;
}

/** Punctuation the English gets wrong or leaves in Spanish form. */
export const punctuationCheck: Check = {
  id: 'punctuation',
  messages: MESSAGES,
  ...perPair(checkPunctuation, (doc) => doc.style.quotes),
};
