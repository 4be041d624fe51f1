/**
 * The vocabulary of QA checks: a paragraph pair goes in, findings come out. Findings carry a message key and its
 * parameters, never worded text, so the reader, the editor and the CLI word them in the interface language
 * (messages/{es,en}.json, under "checks").
 */
import type { AlignmentLink } from '../align/types';
import type { GlossaryIndex } from '../glossary/types';

/** An error makes `paralelo check` exit 1; a warning is worth a look. */
export type Severity = 'error' | 'warning';

/** Every check, in the order reports list them. */
export const CHECK_IDS = [
  'numbers',
  'markup',
  'untranslated',
  'punctuation',
  'length',
  'omission',
  'consistency',
  'glossary',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** A stretch of a paragraph's text in UTF-16 code units, [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** Parameters of a finding's message (ICU arguments). */
export type FindingParams = Record<string, string | number>;

/** One problem found in one paragraph. */
export interface Finding {
  check: CheckId;
  severity: Severity;
  /** Catalog key under "checks.", e.g. "numbers.missing". */
  message: string;
  params: FindingParams;
  /** Index of the paragraph in the document. */
  paragraph: number;
  /** What to highlight in the Spanish and in the English (may be empty on one side). */
  source: Span[];
  target: Span[];
  /**
   * Identifies this occurrence within its paragraph across runs: the check, the message, its parameters and which
   * of several identical findings it is. Edits elsewhere leave it unchanged, so an ignore recorded against it holds.
   */
  key: string;
}

/** One paragraph to check: the Spanish and the current English. */
export interface CheckPair {
  /** Index of the paragraph in the document. */
  index: number;
  source: string;
  target: string;
  /** The sentences and their links when the caller has them (the reader's paragraph views do); computed otherwise. */
  sourceSentences?: readonly string[];
  targetSentences?: readonly string[];
  alignment?: readonly AlignmentLink[];
  /** The machine translation of each Spanish sentence, a bridge for aligning them when no alignment is given. */
  bridge?: readonly string[];
}

/** How the English is meant to be written. */
export interface TargetStyle {
  /** Quotation marks of the English: curly “…” (default) or straight "…". Spanish «…» is flagged either way. */
  quotes: 'curly' | 'straight';
}

/** Translations already settled elsewhere (translation memory, approved first), by normalized source key. */
export interface MemoryReference {
  sentences: ReadonlyMap<string, string>;
  paragraphs?: ReadonlyMap<string, string>;
}

/** A document to check. */
export interface CheckInput {
  pairs: readonly CheckPair[];
  glossary?: GlossaryIndex;
  /** Changes whenever the glossary's entries do: without it, glossary findings are never reused (pair-memo.ts). */
  glossaryVersion?: string;
  memory?: MemoryReference;
  style?: Partial<TargetStyle>;
}

/** A finding once the document's ignores are applied. */
export interface ReportedFinding extends Finding {
  ignored: boolean;
}

/** Findings of one check, counted. */
export interface CheckCount {
  errors: number;
  warnings: number;
  ignored: number;
}

/** What running the checks over a document gives. */
export interface CheckReport {
  findings: ReportedFinding[];
  counts: Record<CheckId, CheckCount>;
  /** Errors not ignored: `paralelo check` exits 1 when there is any. */
  unignoredErrors: number;
  paragraphsChecked: number;
}
