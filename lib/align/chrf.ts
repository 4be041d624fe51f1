/**
 * chrF (Popović 2015) as SacreBLEU 2 computes it: character n-grams of orders 1..n with whitespace removed, an
 * F-beta score per order, averaged over the orders both texts are long enough to have. Used by the aligner to
 * compare a machine translation of the Spanish side (the "bridge") with the English side, which is Bleualign's
 * idea with a score that does not need tokenization and still works on one short sentence.
 */

export interface ChrFOptions {
  /** Highest character n-gram order (SacreBLEU's default is 6). */
  n?: number;
  /** Weight of recall against precision (SacreBLEU's default is 2). */
  beta?: number;
}

const WHITESPACE = /\s+/gu;

function ngramCounts(text: string, order: number): Map<string, number> {
  const counts = new Map<string, number>();
  // Code points rather than UTF-16 units, so an accented letter outside the BMP is one character.
  const chars = Array.from(text);
  for (let i = 0; i + order <= chars.length; i++) {
    const gram = chars.slice(i, i + order).join('');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** The per-order F-beta average shared by the public chrF and the aligner's precomputed variant. */
export function chrFFromStatistics(
  hypothesisTotals: ArrayLike<number>,
  referenceTotals: ArrayLike<number>,
  matches: ArrayLike<number>,
  beta: number,
): number {
  const factor = beta * beta;
  let score = 0;
  let orders = 0;
  for (let k = 0; k < matches.length; k++) {
    const hyp = hypothesisTotals[k] ?? 0;
    const ref = referenceTotals[k] ?? 0;
    // SacreBLEU averages over the orders both sides reach; a one-letter text still gets a unigram score.
    if (hyp === 0 || ref === 0) continue;
    orders++;
    const match = matches[k] ?? 0;
    const precision = match / hyp;
    const recall = match / ref;
    const denominator = factor * precision + recall;
    if (denominator > 0) score += ((1 + factor) * precision * recall) / denominator;
  }
  return orders === 0 ? 0 : score / orders;
}

/** chrF in [0, 1] of a hypothesis against a reference (character n-grams, whitespace ignored, SacreBLEU 2 style). */
export function chrF(hypothesis: string, reference: string, options: ChrFOptions = {}): number {
  const n = Math.max(1, Math.floor(options.n ?? 6));
  const beta = options.beta ?? 2;
  const hyp = hypothesis.replace(WHITESPACE, '');
  const ref = reference.replace(WHITESPACE, '');
  if (hyp === ref) return hyp === '' ? 0 : 1;
  const hypothesisTotals: number[] = [];
  const referenceTotals: number[] = [];
  const matches: number[] = [];
  for (let order = 1; order <= n; order++) {
    const h = ngramCounts(hyp, order);
    const r = ngramCounts(ref, order);
    let hypTotal = 0;
    let match = 0;
    for (const [gram, count] of h) {
      hypTotal += count;
      match += Math.min(count, r.get(gram) ?? 0);
    }
    let refTotal = 0;
    for (const count of r.values()) refTotal += count;
    hypothesisTotals.push(hypTotal);
    referenceTotals.push(refTotal);
    matches.push(match);
  }
  return chrFFromStatistics(hypothesisTotals, referenceTotals, matches, beta);
}
