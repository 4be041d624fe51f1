export { normalizeText, normalizeSentenceKey } from './normalize';
export { parseMarkdown, splitPlainText, countWords, type Block, type BlockKind } from './blocks';
export { splitSentences } from './sentences';
