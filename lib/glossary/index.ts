export { compileGlossary } from './match';
export { readGlossary } from './read-glossary';
export { readGlossaryCsv, writeGlossaryCsv } from './csv';
export { readGlossaryTbx, writeGlossaryTbx } from './tbx';
export * from './entries';
export type { GlossaryEntry, GlossaryIndex, TermOccurrence } from './types';
