/**
 * Monotone alignment by dynamic programming, restricted to a band around an expected path so that time and
 * memory are O(n·band) instead of O(n·m). The band is widened (doubled) and the search redone whenever the best
 * path runs along its edge, since the true path might then lie outside it.
 */

/** A link shape: how many source and how many target units it takes. */
export interface Bead {
  s: number;
  t: number;
}

/** One step of the best path: the bead index and where it starts. */
export interface PathStep {
  bead: number;
  i: number;
  j: number;
}

/** Cost of the bead `bead` starting at source unit i and target unit j (it always fits inside n × m). */
export type BeadCost = (i: number, j: number, bead: number) => number;

/**
 * The expected path: for each source prefix i, the target prefix with the same share of the total length.
 * Lengths track each other through a translation far better than counts do, so the band can stay narrow.
 */
export function lengthDiagonal(sourceLengths: readonly number[], targetLengths: readonly number[]): Int32Array {
  const n = sourceLengths.length;
  const m = targetLengths.length;
  const center = new Int32Array(n + 1);
  const sTotal = sourceLengths.reduce((a, b) => a + b, 0);
  const tTotal = targetLengths.reduce((a, b) => a + b, 0);
  if (sTotal === 0 || tTotal === 0) {
    for (let i = 0; i <= n; i++) center[i] = n === 0 ? m : Math.round((i * m) / n);
    return center;
  }
  let j = 0;
  let tPrefix = 0;
  let sPrefix = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) sPrefix += sourceLengths[i - 1]!;
    const goal = (sPrefix / sTotal) * tTotal;
    // Advance while the next target prefix is closer to the goal than the current one.
    while (j < m && Math.abs(tPrefix + targetLengths[j]! - goal) <= Math.abs(tPrefix - goal)) {
      tPrefix += targetLengths[j]!;
      j++;
    }
    center[i] = j;
  }
  center[n] = m;
  return center;
}

interface BandResult {
  steps: PathStep[] | null;
  touchesEdge: boolean;
}

function searchBand(
  n: number,
  m: number,
  beads: readonly Bead[],
  cost: BeadCost,
  center: Int32Array,
  halfWidth: number,
): BandResult {
  const lo = new Int32Array(n + 1);
  const hi = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) {
    lo[i] = Math.max(0, center[i]! - halfWidth);
    hi[i] = Math.min(m, center[i]! + halfWidth);
  }
  // The corners must be inside the band even when the expected path starts or ends away from them.
  lo[0] = 0;
  hi[n] = m;
  let width = 1;
  for (let i = 0; i <= n; i++) width = Math.max(width, hi[i]! - lo[i]! + 1);
  const total = new Float64Array((n + 1) * width).fill(Infinity);
  const back = new Uint8Array((n + 1) * width);
  total[0] = 0;
  for (let i = 0; i <= n; i++) {
    const rowLo = lo[i]!;
    const rowHi = hi[i]!;
    for (let j = rowLo; j <= rowHi; j++) {
      if (i === 0 && j === 0) continue;
      let best = Infinity;
      let bestBead = 0;
      for (let b = 0; b < beads.length; b++) {
        const bead = beads[b]!;
        const pi = i - bead.s;
        const pj = j - bead.t;
        if (pi < 0 || pj < 0) continue;
        if (pj < lo[pi]! || pj > hi[pi]!) continue;
        const before = total[pi * width + (pj - lo[pi]!)]!;
        if (before === Infinity) continue;
        const candidate = before + cost(pi, pj, b);
        if (candidate < best) {
          best = candidate;
          bestBead = b;
        }
      }
      total[i * width + (j - rowLo)] = best;
      back[i * width + (j - rowLo)] = bestBead;
    }
  }
  if (total[n * width + (m - lo[n]!)] === Infinity) return { steps: null, touchesEdge: true };
  const steps: PathStep[] = [];
  let touchesEdge = false;
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if ((j === lo[i] && j > 0) || (j === hi[i] && j < m)) touchesEdge = true;
    const b = back[i * width + (j - lo[i]!)]!;
    const bead = beads[b]!;
    i -= bead.s;
    j -= bead.t;
    steps.push({ bead: b, i, j });
  }
  steps.reverse();
  return { steps, touchesEdge };
}

/**
 * The cheapest monotone path from (0, 0) to (n, m) made of the given beads, searched in a band of ±halfWidth
 * target units around `center`. Beads must include 1:0 and 0:1 so that a path always exists.
 */
export function bandedAlign(
  n: number,
  m: number,
  beads: readonly Bead[],
  cost: BeadCost,
  center: Int32Array,
  halfWidth: number,
): PathStep[] {
  let width = Math.max(1, Math.floor(halfWidth));
  for (;;) {
    const full = width >= m;
    const { steps, touchesEdge } = searchBand(n, m, beads, cost, center, Math.min(width, Math.max(m, 1)));
    if (steps && (!touchesEdge || full)) return steps;
    width *= 2;
  }
}
