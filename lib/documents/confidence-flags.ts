/**
 * The "check this sentence" flags of one document (lib/confidence/flags.ts decides which): looked up from the
 * scores kept with the machine translations, and dropped wherever the English shown is no longer the machine's (a
 * saved revision; translation memory, which a page's views know from their origin and the status looks up).
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

// The flagged keys of a parse, per store and per model, once its translation is complete: ranking a book's
// sentences reads every score (Don Quijote: 10,564 keys, about 0.3 s here), and a complete translation's scores no
// longer change (the cache never removes an output, and a translated key is not translated again).
const ranked = new WeakMap<SourceDocument, WeakMap<object, Map<string, { flagged: Set<string>; scored: number }>>>();

async function rankDocument(
  deps: Pick<DocumentDeps, 'modelId' | 'scores' | 'machineScope'>,
  doc: SourceDocument,
  scores: NonNullable<DocumentDeps['scores']>,
): Promise<{ flagged: Set<string>; scored: number }> {
  const scope = deps.machineScope;
  const hit = scope ? ranked.get(doc)?.get(scope)?.get(deps.modelId) : undefined;
  if (hit) return hit;
  const found: Map<string, MachineScore> = await scores(deps.modelId, documentKeys(doc));
  const scored: ScoredKey[] = [...found].map(([key, s]) => ({ key, ...s }));
  const result = { flagged: flagLowest(scored), scored: found.size };
  if (scope) {
    let byScope = ranked.get(doc);
    if (!byScope) ranked.set(doc, (byScope = new WeakMap()));
    let byModel = byScope.get(scope);
    if (!byModel) byScope.set(scope, (byModel = new Map()));
    byModel.set(deps.modelId, result);
  }
  return result;
}

/**
 * Flags of a document whose paragraphs have the latest revisions `latest`, once its machine translation is
 * `complete` (they rank every sentence against the whole document's: null before, and without scores in deps).
 * With `memory`, translation memory is looked up for the flagged paragraphs, whose English is then memory's (the
 * status does; a page's views know their origin already).
 */
export async function documentFlags(
  deps: Pick<DocumentDeps, 'modelId' | 'testModel' | 'scores' | 'revisions' | 'machineScope'>,
  doc: SourceDocument,
  latest: ReadonlyMap<number, RevisionRecord>,
  options: { complete: boolean; memory?: boolean },
): Promise<DocumentFlags | null> {
  if (!deps.scores || !options.complete) return null;
  const { flagged: flaggedKeys, scored } = await rankDocument(deps, doc, deps.scores);
  const candidates =
    flaggedKeys.size === 0
      ? []
      : doc.paragraphs.filter((p) => !latest.has(p.index) && sentenceKeysOf(p).some((k) => flaggedKeys.has(k)));
  const memory: MemoryMatches =
    options.memory && deps.revisions && candidates.length > 0
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
      scored,
      flagged,
      paragraphs: [...byParagraph.keys()],
      fraction: FLAG_FRACTION,
      testModel: deps.testModel,
    },
  };
}

/** The views with their flags: only where the English shown is the machine's. */
export function attachFlags(views: ParagraphView[], flags: DocumentFlags | null): ParagraphView[] {
  if (!flags || flags.byParagraph.size === 0) return views;
  return views.map((view) => {
    const sentences = flags.byParagraph.get(view.index);
    const origin = view.target?.origin;
    // Only the machine's English: memory's (for the paragraph, or some of its sentences) is not what was scored.
    if (!sentences || origin !== 'machine') return view;
    return { ...view, flags: { sourceChanged: false, newSuggestion: null, ...view.flags, checkSentences: sentences } };
  });
}
