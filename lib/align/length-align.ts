/**
 * Sentence alignment by length alone (Gale & Church 1993): a sentence and its translation have proportional
 * lengths in characters, with a spread that grows with length. Good enough to re-align a paragraph after a human
 * edit, when the sentences no longer correspond one to one; a later aligner will also look at the words.
 */
import type { AlignmentLink } from '../documents/types';

/** English characters per Spanish character (English runs about 10% shorter) and the variance per character. */
const RATIO = 0.9;
const VARIANCE = 6.8;

/** The link shapes this aligner knows, as [source sentences, target sentences], with their prior probability. */
const BEADS: readonly { s: number; t: number; prior: number }[] = [
  { s: 1, t: 1, prior: 0.89 },
  { s: 1, t: 2, prior: 0.045 },
  { s: 2, t: 1, prior: 0.045 },
  { s: 1, t: 0, prior: 0.01 },
  { s: 0, t: 1, prior: 0.01 },
];
const BEST_PRIOR = 0.89;

/** Standard normal cumulative distribution (Abramowitz & Stegun 7.1.26, error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Probability that lengths this far apart are translations of each other (two-tailed), never exactly 0. */
function lengthProbability(sourceLength: number, targetLength: number): number {
  if (sourceLength === 0 && targetLength === 0) return 1;
  const mean = (sourceLength + targetLength / RATIO) / 2;
  const z = (RATIO * sourceLength - targetLength) / Math.sqrt(VARIANCE * mean);
  return Math.max(2 * (1 - normalCdf(Math.abs(z))), 1e-12);
}

const lengthOf = (sentence: string) => sentence.trim().length;

/**
 * Aligns source sentences with target sentences using 1:1, 1:2, 2:1, 1:0 and 0:1 links. The links cover every
 * index of both sides exactly once, in order; confidence is the link's length probability weighed by how usual
 * its shape is (1 for a 1:1 pair of exactly the expected lengths).
 */
export function alignSentences(source: string[], target: string[]): AlignmentLink[] {
  const n = source.length;
  const m = target.length;
  const sLen = source.map(lengthOf);
  const tLen = target.map(lengthOf);
  // cost[i][j]: the cheapest alignment of the first i source and j target sentences (negative log probability).
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(Infinity));
  const step: (number | undefined)[][] = Array.from({ length: n + 1 }, () => new Array<number | undefined>(m + 1));
  cost[0]![0] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      const here = cost[i]![j]!;
      if (here === Infinity) continue;
      BEADS.forEach((bead, b) => {
        const ni = i + bead.s;
        const nj = j + bead.t;
        if (ni > n || nj > m) return;
        let ls = 0;
        for (let k = i; k < ni; k++) ls += sLen[k]!;
        let lt = 0;
        for (let k = j; k < nj; k++) lt += tLen[k]!;
        const c = here - Math.log(lengthProbability(ls, lt)) - Math.log(bead.prior);
        if (c < cost[ni]![nj]!) {
          cost[ni]![nj] = c;
          step[ni]![nj] = b;
        }
      });
    }
  }
  const links: AlignmentLink[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const bead = BEADS[step[i]![j]!]!;
    const si = i - bead.s;
    const tj = j - bead.t;
    let ls = 0;
    for (let k = si; k < i; k++) ls += sLen[k]!;
    let lt = 0;
    for (let k = tj; k < j; k++) lt += tLen[k]!;
    const confidence = Math.min(1, (lengthProbability(ls, lt) * bead.prior) / BEST_PRIOR);
    links.push({
      source: range(si, i),
      target: range(tj, j),
      confidence: Math.round(confidence * 1000) / 1000,
    });
    i = si;
    j = tj;
  }
  return links.reverse();
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}
