/** Sentences joined the way the reader shows them: one space between, none around. */
export const joinSentences = (sentences: readonly string[]) => sentences.join(' ').trim();
