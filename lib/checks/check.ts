/**
 * What every check is given and gives back. A check sees the whole document (the length and consistency checks
 * compare paragraphs with each other); most look at one pair at a time through `perPair`. What several checks need
 * of a pair (its sentences and their links, its URLs and markup) is computed once, when first asked for.
 */
import { alignSentences } from '../align';
import type { AlignmentLink } from '../align/types';
import type { GlossaryIndex } from '../glossary/types';
import { splitSentences } from '../text/sentences';
import { locateSentences } from '../text/locate-sentences';
import { findProtected, type ProtectedToken } from './protected-tokens';
import type { CheckId, CheckPair, Finding, MemoryReference, Span, TargetStyle } from './types';

export { locateSentences };

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
  /** Changes whenever the glossary's entries do (what a kept glossary finding of a pair depends on). */
  glossaryVersion?: string;
  memory?: MemoryReference;
  style: TargetStyle;
}

/** One QA check. */
export interface Check {
  id: CheckId;
  /** Message keys it emits (under "checks.") with their parameters: the catalog test holds both languages to them. */
  messages: Readonly<Record<string, readonly string[]>>;
  run(doc: CheckDocument): RawFinding[];
  /**
   * A check of one pair at a time: that check, and what of the document besides the pair it reads, as a string
   * that changes whenever that does (null: it cannot say, do not reuse), so a pair's findings can be kept and
   * given again while the pair and that context are the same (PairMemo).
   */
  pair?: PairCheck;
}

/** One pair's check, and the document-wide context its findings depend on. */
export interface PairCheck {
  check: (pair: PreparedPair, doc: CheckDocument) => RawFinding[];
  context: (doc: CheckDocument) => string | null;
}

/** A check of one pair at a time over every pair of the document; `context` as in Check.pair (default: none). */
export function perPair(
  check: PairCheck['check'],
  context: PairCheck['context'] = () => '',
): Pick<Check, 'run' | 'pair'> {
  return { run: (doc) => doc.pairs.flatMap((pair) => check(pair, doc)), pair: { check, context } };
}
