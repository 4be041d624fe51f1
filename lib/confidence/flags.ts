/**
 * "Check this sentence": which machine-translated sentences of a document to point a person at, from the scores the
 * model gave its own output (lib/mt TranslationScore, kept with the cached output: lib/store MachineScore).
 *
 * The rule is relative to the document: its distinct scored sentences are ranked by mean token log-probability
 * (lowest first; the minimum breaks ties, then the key), and the lowest FLAG_FRACTION of them, rounded up, are
 * flagged, in documents with at least MIN_SCORED of them (in a shorter one "its lowest tenth" is noise). No
 * absolute floor: without translations judged by people there is no log-probability below which a sentence is
 * known to be wrong, and the figures differ from one model to another. A low score means the model was unsure of
 * its words, not that the translation is bad; a fluent wrong translation can score well.
 */

/** The share of a document's distinct scored sentences flagged: its lowest tenth. */
export const FLAG_FRACTION = 0.1;

/** Fewer distinct scored sentences than this and nothing is flagged. */
export const MIN_SCORED = 5;

/** One distinct sentence of a document with the score of its machine translation. */
export interface ScoredKey {
  key: string;
  meanLogProb: number;
  minLogProb: number;
}

/** How many of `scored` distinct sentences are flagged. */
export function flagCount(scored: number, fraction = FLAG_FRACTION, minimum = MIN_SCORED): number {
  if (scored < Math.max(1, minimum)) return 0;
  return Math.min(scored, Math.ceil(scored * Math.min(1, Math.max(0, fraction))));
}

/**
 * The keys to flag among a document's scored sentences (keys are distinct; a repeated key keeps its first score):
 * the flagCount lowest by mean log-probability. The result does not depend on the order of the input.
 */
export function flagLowest(
  scored: readonly ScoredKey[],
  options: { fraction?: number; minimum?: number } = {},
): Set<string> {
  const byKey = new Map<string, ScoredKey>();
  for (const s of scored) {
    if (!byKey.has(s.key) && Number.isFinite(s.meanLogProb) && Number.isFinite(s.minLogProb)) byKey.set(s.key, s);
  }
  const count = flagCount(byKey.size, options.fraction, options.minimum);
  if (count === 0) return new Set();
  const ranked = [...byKey.values()].sort(
    (a, b) =>
      a.meanLogProb - b.meanLogProb || a.minLogProb - b.minLogProb || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  return new Set(ranked.slice(0, count).map((s) => s.key));
}
