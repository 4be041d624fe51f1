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
