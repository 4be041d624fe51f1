import type { ContentProblem } from '../content';

/** Which source sentences go with which target sentences, with a confidence in [0, 1]. */
export interface AlignmentLink {
  source: number[];
  target: number[];
  confidence: number;
}

/** The English side of a paragraph, as stored. */
export interface TargetView {
  text: string;
  sentences: string[];
  origin: 'machine';
  modelId: string;
  /** Output of a generated random-weight model: never a translation, always labelled as such. */
  testModel: boolean;
  alignment: AlignmentLink[];
}

export interface ParagraphView {
  index: number;
  kind: 'heading' | 'paragraph';
  level?: number;
  source: string;
  sentences: string[];
  target: TargetView | null;
}

export type TranslationStatus = 'none' | 'partial' | 'complete' | 'running' | 'failed' | 'cancelled';

/** How far a document's machine translation has come, in paragraphs. */
export interface TranslationSummary {
  modelId: string;
  testModel: boolean;
  status: TranslationStatus;
  done: number;
  total: number;
  error?: { code: string; message: string };
}

export interface DocumentView {
  slug: string;
  title: string;
  source: string | null;
  fileName: string;
  sourceLang: string;
  targetLang: string;
  words: number;
  paragraphs: ParagraphView[];
  translation: TranslationSummary;
}

export type LibraryEntry =
  | {
      ok: true;
      slug: string;
      title: string;
      fileName: string;
      source: string | null;
      words: number;
      paragraphs: number;
      translation: TranslationSummary;
    }
  | ({ ok: false } & ContentProblem);

/** A failure a user can fix, as a value (DESIGN.md: errors are values at boundaries). */
export interface UseCaseError {
  ok: false;
  code: 'not_found' | 'invalid_slug' | 'unprocessable' | 'too_large';
  message: string;
  problem?: ContentProblem;
}
