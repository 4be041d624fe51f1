import type { BilingualLabels } from './bilingual-text';

/** Words the front door supplies for exports, in the language chosen for the file (the core holds no UI strings). */
export interface ExportLabels extends BilingualLabels {
  /** The language these labels are written in (a BCP 47 tag), for the lang attributes around them. */
  lang: string;
  /** A sentence saying the English is a test model's output, for notes and comments in TMX and XLIFF. */
  testModelNote: string;
  /** Column headings of the bilingual HTML page and DOCX table. */
  spanish: string;
  english: string;
  /** The heading of an EPUB's table of contents. */
  contents: string;
  /** The bilingual EPUB's title page: how the two languages are laid out. */
  epubLegend: string;
}

/** What an export says about where it came from. */
export interface ExportInfo {
  /** Paralelo's version (package.json). */
  toolVersion: string;
  /** When the file was made. */
  now: Date;
}

/** Plain English labels for tests and scripts that have no catalog at hand. */
export const ENGLISH_LABELS: ExportLabels = {
  lang: 'en',
  untranslated: 'not translated yet',
  testModel: 'test-model output, not a translation',
  testModelNote:
    'The English comes from a generated random-weight test model: it is meaningless and is not a translation.',
  spanish: 'Spanish',
  english: 'English',
  contents: 'Contents',
  epubLegend: 'Each Spanish paragraph is followed by its English translation, indented and set off by a rule.',
};
