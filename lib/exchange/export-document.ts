/**
 * The document every export format renders: chapters of paragraphs, each with its Spanish and its current English
 * (where that English comes from, how far it is reviewed, whether a test model made it). The use case builds it
 * (lib/documents/export-document.ts); the renderers here never see the reader's views or the store.
 */
import type { RevisionStatusValue } from '../store/types';

/** Review state of an exported English paragraph: nobody has corrected it yet ('machine'), or a person's status. */
export type ExportStatus = 'machine' | RevisionStatusValue;

/** Where the English comes from: a person's revision, a published translation, translation memory, the model. */
export type ExportOrigin = 'machine' | 'human' | 'memory' | 'imported';

/** Which source sentences go with which target sentences. */
export interface ExportLink {
  source: readonly number[];
  target: readonly number[];
}

/** A paragraph's current English. */
export interface ExportTarget {
  text: string;
  sentences: readonly string[];
  origin: ExportOrigin;
  status: ExportStatus;
  /** Output of a generated random-weight model: never a translation, always labelled as such. */
  testModel: boolean;
  alignment: readonly ExportLink[];
  /** Who saved it, for a person's revision (origin 'human'); null otherwise. */
  author: string | null;
  /** When that revision was saved, in milliseconds since the epoch; null otherwise. */
  changedAt: number | null;
}

/** One paragraph or heading, with its index in the whole document. */
export interface ExportParagraph {
  index: number;
  kind: 'heading' | 'paragraph';
  /** Headings only, 1-6. */
  level?: number;
  source: string;
  sentences: readonly string[];
  /** Null when the paragraph has no English yet. */
  target: ExportTarget | null;
}

/** A chapter: from a heading (or the start) up to the next heading that follows some text. */
export interface ExportChapter {
  /** The chapter's first heading, or null for text before any heading. */
  title: string | null;
  paragraphs: readonly ExportParagraph[];
}

/** A document as the exports see it. */
export interface ExportDocument {
  slug: string;
  title: string;
  /** Its file in content/ (XLIFF names it as the original). */
  fileName: string;
  sourceLang: string;
  targetLang: string;
  /** The engine translating it is a generated test model: every format says so at the top. */
  testModel: boolean;
  chapters: readonly ExportChapter[];
}

/** Every paragraph of the document in reading order. */
export function exportParagraphs(doc: Pick<ExportDocument, 'chapters'>): ExportParagraph[] {
  return doc.chapters.flatMap((c) => c.paragraphs);
}

/**
 * Cuts paragraphs into chapters: a heading starts a new chapter unless the current one has no text yet (so
 * "Primera parte" and "Capítulo I" open one chapter together).
 */
export function chaptersOf(paragraphs: readonly ExportParagraph[]): ExportChapter[] {
  const chapters: { title: string | null; paragraphs: ExportParagraph[] }[] = [];
  let current: { title: string | null; paragraphs: ExportParagraph[] } | null = null;
  for (const p of paragraphs) {
    const hasText = current?.paragraphs.some((q) => q.kind !== 'heading') ?? false;
    if (!current || (p.kind === 'heading' && hasText)) {
      current = { title: null, paragraphs: [] };
      chapters.push(current);
    }
    if (p.kind === 'heading') current.title ??= p.source;
    current.paragraphs.push(p);
  }
  return chapters;
}
