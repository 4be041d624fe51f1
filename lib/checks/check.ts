/**
 * What every check is given and gives back. A check sees the whole document (the length and consistency checks
 * compare paragraphs with each other); most look at one pair at a time through `perPair`. What several checks need
 * of a pair (its sentences and their links, its URLs and markup) is computed once, when first asked for.
 */
import { alignSentences } from '../align';
import type { AlignmentLink } from '../align/types';
import type { GlossaryIndex } from '../glossary/types';
import { splitSentences } from '../text/sentences';
import { findProtected, type ProtectedToken } from './protected-tokens';
import type { CheckId, CheckPair, Finding, MemoryReference, Span, TargetStyle } from './types';

/** A finding before the runner numbers identical ones to give each its key. */
export type RawFinding = Omit<Finding, 'key'>;

/** A pair's sentences and which go with which. */
export interface SentenceLayout {
  source: readonly string[];
  target: readonly string[];
  links: readonly AlignmentLink[];
}

/** A pair with what checks derive from it, each computed on first use. */
export class PreparedPair {
  readonly index: number;
  readonly source: string;
  readonly target: string;
  #input: CheckPair;
  #layout: SentenceLayout | undefined;
  #protected: { source: ProtectedToken[]; target: ProtectedToken[] } | undefined;
  #spans: { source: Span[]; target: Span[] } | undefined;

  constructor(input: CheckPair) {
    this.#input = input;
    this.index = input.index;
    this.source = input.source;
    this.target = input.target;
  }

  /** Sentences of both sides and their alignment (the caller's when given, else segmented and aligned here). */
  layout(): SentenceLayout {
    if (this.#layout) return this.#layout;
    const { sourceSentences, targetSentences, alignment, bridge } = this.#input;
    const source = sourceSentences ?? splitSentences(this.source);
    const target = targetSentences ?? splitSentences(this.target);
    let links = alignment;
    if (!links || !sourceSentences || !targetSentences) {
      const single = source.length === 1 && target.length === 1;
      const bridged = bridge && bridge.length === source.length ? { bridge } : {};
      links = single ? [{ source: [0], target: [0], confidence: 1 }] : alignSentences(source, target, bridged);
    }
    this.#layout = { source, target, links };
    return this.#layout;
  }

  /** Where each sentence of the layout is in the texts (asked for only by checks that found something). */
  sentenceSpans(): { source: Span[]; target: Span[] } {
    const { source, target } = this.layout();
    this.#spans ??= { source: locateSentences(this.source, source), target: locateSentences(this.target, target) };
    return this.#spans;
  }

  /** URLs, e-mail addresses, handles, tags and markup of both sides, which must stay exactly as they are. */
  protectedTokens(): { source: ProtectedToken[]; target: ProtectedToken[] } {
    this.#protected ??= { source: findProtected(this.source), target: findProtected(this.target) };
    return this.#protected;
  }
}

/** The document as the checks see it. */
export interface CheckDocument {
  pairs: readonly PreparedPair[];
  glossary?: GlossaryIndex;
  memory?: MemoryReference;
  style: TargetStyle;
}

/** One QA check. */
export interface Check {
  id: CheckId;
  /** Message keys it emits (under "checks.") with their parameters: the catalog test holds both languages to them. */
  messages: Readonly<Record<string, readonly string[]>>;
  run(doc: CheckDocument): RawFinding[];
}

/** Runs a check of one pair at a time over every pair of the document. */
export function perPair(check: (pair: PreparedPair, doc: CheckDocument) => RawFinding[]): Check['run'] {
  return (doc) => doc.pairs.flatMap((pair) => check(pair, doc));
}

/**
 * Where each sentence is in the text it was cut from. Segmentation joins hard-wrapped lines with a space, so the
 * sentences are matched character by character with whitespace skipped on both sides.
 */
export function locateSentences(text: string, sentences: readonly string[]): Span[] {
  const spans: Span[] = [];
  let i = 0;
  for (const sentence of sentences) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const start = i;
    let ok = true;
    for (let k = 0; k < sentence.length && ok; k++) {
      const c = sentence.charCodeAt(k);
      if (isSpace(c)) continue;
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === c) i++;
      else ok = false;
    }
    if (ok) spans.push({ start, end: i });
    else {
      // Not a piece of this text (the caller's sentences came from elsewhere): fall back to a plain search.
      const trimmed = sentence.trim();
      const at = text.indexOf(trimmed, start);
      i = at >= 0 ? at + trimmed.length : start;
      spans.push({ start: at >= 0 ? at : start, end: i });
    }
  }
  return spans;
}

/** What \s matches, by code unit (a regular expression per character costs more than the whole check). */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
