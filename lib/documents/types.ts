import type { AlignmentLink } from '../align/types';
import type { ContentProblem } from '../content';
import type { RevisionKind, RevisionStatusValue } from '../store/types';
import type { ConfidenceSummary } from './confidence-flags';
import type { ReviewSummary } from './review';

export type { AlignmentLink };

/** Links below this confidence are shown as "check alignment". */
export const LOW_CONFIDENCE = 0.5;

/** Review state of a paragraph's English: no human revision yet ('machine'), or the latest revision's status. */
export type RevisionStatus = 'machine' | RevisionStatusValue;

/** The current English of a paragraph: latest revision, else a translation-memory match, else machine output. */
export interface TargetView {
  text: string;
  sentences: string[];
  /** Where the current text comes from ('imported': a published translation, see importTranslation). */
  origin: 'machine' | 'human' | 'memory' | 'imported';
  status: RevisionStatus;
  modelId: string;
  /** Output of a generated random-weight model: never a translation, always labelled as such. */
  testModel: boolean;
  alignment: AlignmentLink[];
}

/** One saved revision of a paragraph's English (append-only). */
export interface RevisionView {
  id: number;
  text: string;
  status: RevisionStatusValue;
  author: string | null;
  /** Milliseconds since the epoch. */
  createdAt: number;
  baseRevisionId: number | null;
  kind: RevisionKind;
  /** The machine translation current when it was saved (for diffs), if any. */
  machineText: string | null;
}

export interface ParagraphView {
  index: number;
  kind: 'heading' | 'paragraph';
  level?: number;
  source: string;
  sentences: string[];
  target: TargetView | null;
  /** The sentence links of the current English (the same as target.alignment; null when there is no English). */
  alignment?: AlignmentLink[] | null;
  /** The raw machine translation, kept for comparison even when a human revision is current. */
  machine?: { text: string; sentences: string[]; modelId: string; testModel: boolean } | null;
  /** Latest revision, or null when nobody has saved this paragraph. */
  revision?: RevisionView | null;
  /** Opaque version to send back as If-Match when saving ("0" before the first revision). */
  version?: string;
  /** Human work is never overwritten: these flag what changed under it. */
  flags?: {
    sourceChanged: boolean;
    newSuggestion: string | null;
    /** Imported or re-aligned English with a sentence link below LOW_CONFIDENCE (or none at all): check it. */
    lowConfidence?: boolean;
    /**
     * "Check this sentence": the source sentences (indices) whose machine translation scored among the document's
     * lowest (lib/confidence/flags.ts); only while the English shown is the machine's.
     */
    checkSentences?: number[];
  };
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
  /** Review progress of the whole document (also when `paragraphs` is one page). */
  review: ReviewSummary;
  /** The "check this sentence" flags of the whole document, when the store keeps scores. */
  confidence?: ConfidenceSummary;
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
      review: Pick<ReviewSummary, 'approved' | 'edited' | 'total'>;
    }
  | ({ ok: false } & ContentProblem);

/** A failure a user can fix, as a value (DESIGN.md: errors are values at boundaries). */
export interface UseCaseError {
  ok: false;
  code: 'not_found' | 'invalid_slug' | 'unprocessable' | 'too_large';
  message: string;
  problem?: ContentProblem;
}
