/**
 * The "check this sentence" flags of one document (lib/confidence/flags.ts decides which): looked up from the
 * scores kept with the machine translations, and dropped wherever the English shown is no longer the machine's (a
 * saved revision, or translation memory for the paragraph or the sentence).
 */
import type { SourceDocument } from '../content';
import { FLAG_FRACTION, flagLowest, type ScoredKey } from '../confidence/flags';
import type { MachineScore, MemoryMatches, RevisionRecord } from '../store/types';
import type { DocumentDeps } from './open-document';
import type { ParagraphView } from './types';
import { paragraphKeyOfParagraph, sentenceKeysOf } from './paragraph-keys';

/** What a document's flags come to, for `paralelo status` and the API. */
export interface ConfidenceSummary {
  /** Distinct sentences of the document whose machine translation has a score. */
  scored: number;
  /** Flagged sentences in paragraphs that still show the machine's English (a repeated sentence counts each time). */
  flagged: number;
  /** The paragraphs (indices) holding them, in document order. */
  paragraphs: number[];
  /** The share of the scored sentences flagged (FLAG_FRACTION). */
  fraction: number;
  /** The scores come from a random-weight test model: the flags mean nothing. */
  testModel: boolean;
}

/** The flags of a document: source sentence indices by paragraph index, and their summary. */
export interface DocumentFlags {
  byParagraph: Map<number, number[]>;
  summary: ConfidenceSummary;
}

/** The distinct non-blank sentence keys of a document. */
function documentKeys(doc: SourceDocument): string[] {
  const keys = new Set<string>();
  for (const p of doc.paragraphs) for (const k of sentenceKeysOf(p)) if (k !== '') keys.add(k);
  return [...keys];
}

/**
 * Flags of a document whose paragraphs have the latest revisions `latest`; `memory` looks up translation memory for
 * the few flagged paragraphs (their English is then memory's, not the machine's). Null without scores in deps.
 */
export async function documentFlags(
  deps: Pick<DocumentDeps, 'modelId' | 'testModel' | 'scores' | 'revisions'>,
  doc: SourceDocument,
  latest: ReadonlyMap<number, RevisionRecord>,
): Promise<DocumentFlags | null> {
  if (!deps.scores) return null;
  const scores: Map<string, MachineScore> = await deps.scores(deps.modelId, documentKeys(doc));
  const scored: ScoredKey[] = [...scores].map(([key, s]) => ({ key, ...s }));
  const flaggedKeys = flagLowest(scored);
  const candidates = doc.paragraphs.filter(
    (p) => !latest.has(p.index) && sentenceKeysOf(p).some((k) => flaggedKeys.has(k)),
  );
  const memory: MemoryMatches =
    deps.revisions && candidates.length > 0
      ? await deps.revisions.lookupMemory(
          candidates.map(paragraphKeyOfParagraph),
          candidates.flatMap((p) => sentenceKeysOf(p)),
        )
      : { paragraphs: new Map(), sentences: new Map() };
  const byParagraph = new Map<number, number[]>();
  let flagged = 0;
  for (const p of candidates) {
    if (memory.paragraphs.has(paragraphKeyOfParagraph(p))) continue;
    const sentences = sentenceKeysOf(p).flatMap((k, i) => (flaggedKeys.has(k) && !memory.sentences.has(k) ? [i] : []));
    if (sentences.length === 0) continue;
    byParagraph.set(p.index, sentences);
    flagged += sentences.length;
  }
  return {
    byParagraph,
    summary: {
      scored: scores.size,
      flagged,
      paragraphs: [...byParagraph.keys()],
      fraction: FLAG_FRACTION,
      testModel: deps.testModel,
    },
  };
}

/** The views with their flags: only where the English shown is the machine's (or memory's around it). */
export function attachFlags(views: ParagraphView[], flags: DocumentFlags | null): ParagraphView[] {
  if (!flags || flags.byParagraph.size === 0) return views;
  return views.map((view) => {
    const sentences = flags.byParagraph.get(view.index);
    const origin = view.target?.origin;
    if (!sentences || (origin !== 'machine' && origin !== 'memory')) return view;
    return { ...view, flags: { sourceChanged: false, newSuggestion: null, ...view.flags, checkSentences: sentences } };
  });
}
