/**
 * What every one-line text field that comes from outside (a title, a name, a file name) may hold. Lone UTF-16
 * surrogates (a JSON "\ud800" or a YAML escape) break React's hydration and every XML export; NUL and the other
 * controls are never text; bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) can make a title
 * or an author's name read as something else ("Trojan Source"). They are stripped, not refused: a title found in a
 * file should not make its import fail. Paragraph text is validated on its own (save-input.ts).
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/gu;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Bidi embeddings, overrides and isolates: formatting that reorders what is shown. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/gu;

/** A one-line field as stored: NFC, without lone surrogates, controls or bidi overrides, spaces collapsed, trimmed. */
export function cleanLine(text: string): string {
  return text
    .replace(LONE_SURROGATES, '')
    .normalize('NFC')
    .replace(BIDI_CONTROLS, '')
    .replace(CONTROLS, ' ')
    .replace(/[^\S\u00a0\u202f]+/gu, ' ')
    .trim();
}

/** The first `max` UTF-16 code units of a text, never cutting a surrogate pair in two. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return text.slice(0, end);
}
