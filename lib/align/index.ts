export { alignSentences, alignParagraphs, type AlignOptions } from './aligner';
export { chrF, type ChrFOptions } from './chrf';
export type { AlignmentLink } from './types';
