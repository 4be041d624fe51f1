/**
 * Where each sentence of a paragraph is in its text, for marking spans of the text inside the sentences the reader
 * shows (pure and dependency-free: the browser's bundle takes it too).
 */

/** A stretch of a text in UTF-16 code units, [start, end). */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Where each sentence is in the text it was cut from. Segmentation joins hard-wrapped lines with a space, so the
 * sentences are matched character by character with whitespace skipped on both sides.
 */
export function locateSentences(text: string, sentences: readonly string[]): TextSpan[] {
  const spans: TextSpan[] = [];
  let i = 0;
  for (const sentence of sentences) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const start = i;
    let ok = true;
    for (let k = 0; k < sentence.length && ok; k++) {
      const c = sentence.charCodeAt(k);
      if (isSpace(c)) continue;
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === c) i++;
      else ok = false;
    }
    if (ok) spans.push({ start, end: i });
    else {
      // Not a piece of this text (the caller's sentences came from elsewhere): fall back to a plain search.
      const trimmed = sentence.trim();
      const at = text.indexOf(trimmed, start);
      i = at >= 0 ? at + trimmed.length : start;
      spans.push({ start: at >= 0 ? at : start, end: i });
    }
  }
  return spans;
}

/** What \s matches, by code unit (a regular expression per character costs more than the whole check). */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
