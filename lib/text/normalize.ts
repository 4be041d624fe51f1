/** Unicode NFC, BOM removed, CRLF/CR turned into LF. Applied to every text that enters the product. */
export function normalizeText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .normalize('NFC');
}

/**
 * The key under which a source sentence's machine translation is cached: NFC, whitespace collapsed, trimmed.
 * Case and punctuation are kept because they change the translation.
 */
export function normalizeSentenceKey(sentence: string): string {
  return sentence.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

// What collapsing changes: a run of two or more collapsible spaces, or one that is not a plain space. Spaces, tabs
// and line breaks collapse; no-break spaces (U+00A0, U+202F) stay because they bind "100 km" or "Sr. Pérez".
const SPACES_TO_COLLAPSE = /[^\S\u00A0\u202F]{2,}|[^\S \u00A0\u202F]/gu;

/**
 * Each run of spaces, tabs and line breaks as one space (no-break spaces kept). Only the runs that change are
 * matched: a global replace first collects every match, and replacing each single space of 5 MB of "a. a. a." by
 * itself took half a second and as much again in collection.
 */
export function collapseSpaces(text: string): string {
  return text.replace(SPACES_TO_COLLAPSE, ' ');
}

/** Whether a line holds nothing but collapsible spaces (no-break spaces are content). */
export function isBlankLine(line: string): boolean {
  return !/[\S\u00A0\u202F]/u.test(line);
}
