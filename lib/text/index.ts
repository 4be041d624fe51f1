export { normalizeText, normalizeSentenceKey } from './normalize';
export { parseMarkdown, splitPlainText, countWords, type Block, type BlockKind, type PlainTextOptions } from './blocks';
export { splitSentences } from './sentences';
