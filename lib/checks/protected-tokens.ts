/**
 * What a translation must carry over exactly: URLs, e-mail addresses, @handles, #tags, inline code, link targets,
 * HTML tags and Markdown emphasis marks. Found once per text; the markup check compares both sides, and the other
 * checks skip what lies inside them (the digits of a URL are not a number to translate).
 */
import type { Span } from './types';

export type ProtectedKind = 'url' | 'email' | 'handle' | 'hashtag' | 'code' | 'link' | 'html' | 'emphasis';

/** One token that must appear in the translation as it is. */
export interface ProtectedToken {
  kind: ProtectedKind;
  /** What must be found on the other side (a tag without its translatable attributes). */
  text: string;
  span: Span;
}

// Trailing punctuation after a URL belongs to the sentence ("Visite https://x.es/a."), unless it closes a
// parenthesis the URL opened ("https://es.wikipedia.org/wiki/Río_(desambiguación)").
const URL = /\b(?:https?|ftp):\/\/[^\s<>"«»“”]+|\bwww\.[^\s<>"«»“”]+/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const HANDLE = /(?<![\p{L}\p{N}_@.])@[A-Za-z0-9_]{1,30}(?![\p{L}\p{N}_@])/gu;
const HASHTAG = /(?<![\p{L}\p{N}_#&])#[\p{L}_][\p{L}\p{N}_]*/gu;
const CODE = /`[^`\n]+`/gu;
// [text](target "title"): the text is translated, the target is not.
const LINK = /!?\[[^\]\n]*\]\(([^)\s]+)(?:\s+"[^"\n]*")?\)/gu;
const HTML = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/gu;
// Attributes whose values are text a reader sees, and so are translated.
const TRANSLATED_ATTRIBUTES = /\s(?:alt|title|aria-label|placeholder)\s*=\s*(?:"[^"]*"|'[^']*')/giu;
// An emphasis mark opens before a non-space or closes after one, and is not inside a word (snake_case, 2*3).
const EMPHASIS = /(?<![\p{L}\p{N}\\*_])(?:\*\*|__|\*|_)(?=[^\s*_])|(?<=[^\s*_])(?:\*\*|__|\*|_)(?![\p{L}\p{N}*_])/gu;

function trimUrl(url: string): string {
  let end = url.length;
  while (end > 0) {
    const last = url[end - 1]!;
    if (/[.,;:!?'’]/u.test(last)) end--;
    else if (
      last === ')' &&
      (url.slice(0, end).match(/\(/gu)?.length ?? 0) < (url.slice(0, end).match(/\)/gu)?.length ?? 0)
    )
      end--;
    else break;
  }
  return url.slice(0, end);
}

const overlaps = (a: Span, taken: readonly Span[]) => taken.some((b) => a.start < b.end && a.end > b.start);

/** The protected tokens of a text, in order, none inside another. */
export function findProtected(text: string): ProtectedToken[] {
  const out: ProtectedToken[] = [];
  const taken: Span[] = [];
  const add = (kind: ProtectedKind, tokenText: string, span: Span) => {
    if (overlaps(span, taken)) return;
    taken.push(span);
    out.push({ kind, text: tokenText, span });
  };
  const each = (pattern: RegExp, found: (m: RegExpMatchArray & { index: number }) => void) => {
    for (const m of text.matchAll(pattern)) found(m as RegExpMatchArray & { index: number });
  };
  const whole = (kind: ProtectedKind) => (m: RegExpMatchArray & { index: number }) =>
    add(kind, m[0], { start: m.index, end: m.index + m[0].length });
  // Each pattern only where its mark is: most paragraphs have none, and the e-mail pattern is costly to try.
  const has = (mark: string) => text.includes(mark);
  if (has('`')) each(CODE, whole('code'));
  if (has('](')) {
    each(LINK, (m) => {
      const target = m[1]!;
      const at = m.index + m[0].lastIndexOf(`(${target}`) + 1;
      add('link', target, { start: at, end: at + target.length });
    });
  }
  if (has('://') || has('www.')) {
    each(URL, (m) => {
      const url = trimUrl(m[0]);
      add('url', url, { start: m.index, end: m.index + url.length });
    });
  }
  if (has('@')) {
    each(EMAIL, whole('email'));
    each(HANDLE, whole('handle'));
  }
  if (has('<'))
    each(HTML, (m) =>
      add('html', m[0].replace(TRANSLATED_ATTRIBUTES, ''), { start: m.index, end: m.index + m[0].length }),
    );
  if (has('#')) each(HASHTAG, whole('hashtag'));
  if (has('*') || has('_')) each(EMPHASIS, whole('emphasis'));
  return out.sort((a, b) => a.span.start - b.span.start);
}
