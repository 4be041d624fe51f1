// Over 300 lines: one banded dynamic programme; its cost terms, back-pointers and link shapes are read together.
/**
 * Sentence and paragraph alignment: a banded dynamic programme over link shapes (1:1, 1:2, 2:1, 2:2, 1:0, 0:1,
 * and for paragraphs also 3:1, 1:3, 4:1, 1:4) whose cost adds a Gale-Church length model, lexical anchors
 * (numbers, names, cognates, punctuation) and, when a machine translation of each source unit is given, the chrF
 * of that translation against the target (Bleualign's bridge).
 */
import type { AlignmentLink } from './types';
import { WordFormsCache, extractAnchors } from './anchors';
import { type Bag, OverlapCounter, Vocabulary, groupTotals, makeBag } from './bags';
import { type Bead, bandedAlign, lengthDiagonal } from './banded-dp';
import { chrFFromStatistics } from './chrf';
import { DEV_LENGTH_VARIANCE, lengthCost, lengthRatio, unitLength } from './length-model';

/** Options for both alignment entry points. */
export interface AlignOptions {
  /** Machine translation of each source unit (same length as the source), used as a bridge to the target. */
  bridge?: readonly string[];
  /** Initial half-width of the search band, in target units; it doubles while the best path runs along its edge. */
  band?: number;
}

interface BeadSpec extends Bead {
  prior: number;
}

// Priors after Gale & Church (1:1 0.89, 2:1/1:2 0.089 together, 2:2 0.011, deletions ~0.01); checked on the
// newstest2012 dev run. Paragraph alignment also needs wider merges: Ormsby's Quijote often joins three or four
// Spanish dialogue paragraphs into one (chapters 1-20, dev).
const SENTENCE_BEADS: readonly BeadSpec[] = [
  { s: 1, t: 1, prior: 0.89 },
  { s: 1, t: 2, prior: 0.045 },
  { s: 2, t: 1, prior: 0.045 },
  { s: 2, t: 2, prior: 0.011 },
  { s: 1, t: 0, prior: 0.005 },
  { s: 0, t: 1, prior: 0.005 },
];
const PARAGRAPH_BEADS: readonly BeadSpec[] = [
  ...SENTENCE_BEADS,
  { s: 3, t: 1, prior: 0.01 },
  { s: 1, t: 3, prior: 0.01 },
  { s: 4, t: 1, prior: 0.003 },
  { s: 1, t: 4, prior: 0.003 },
];

/** Tunable weights of the link cost; the defaults were set on dev data (see bench/eval-align.ts). */
export interface ScoreWeights {
  /** Length-model weight (1 = plain Gale-Church). */
  length: number;
  /** Cost per unit of a link whose anchors do not match at all (scaled by 1 − Dice overlap). */
  anchors: number;
  /** Cost per unit of a link whose bridge does not match at all (scaled by 1 − chrF). */
  bridge: number;
  /** Cost per unit left out (1:0 or 0:1) on top of its prior and of what a typical pair pays for anchors and bridge. */
  skip: number;
  /** Variance per character of the length model. */
  variance: number;
}

export const DEFAULT_WEIGHTS: ScoreWeights = {
  length: 1,
  anchors: 6,
  bridge: 8,
  skip: -1,
  variance: DEV_LENGTH_VARIANCE,
};

/** The length-only baseline (Gale-Church): anchors and bridge switched off. */
export const LENGTH_ONLY_WEIGHTS: ScoreWeights = { ...DEFAULT_WEIGHTS, anchors: 0, bridge: 0 };

// Medians over the 3,003 translation pairs of newstest2012 (dev): anchor Dice 0.35 (0.00 for unrelated pairs), and
// chrF (beta 1) of the bergamot-base-memory output against the reference 0.60 (0.16 for unrelated pairs).
const TYPICAL_DICE = 0.35;
const TYPICAL_CHRF = 0.6;

const NGRAM_ORDER = 6;
// Precision and recall weigh the same here: with SacreBLEU's recall-heavy beta = 2, a bridge that also covers an
// extra (deleted) source sentence would hardly lose score, and the aligner would merge instead of leaving it out.
const CHRF_BETA = 1;
const WHITESPACE = /\s+/gu;

function ngramBag(vocabulary: Vocabulary, text: string): Bag {
  const chars = Array.from(text.replace(WHITESPACE, ''));
  const features: { key: string; weight: number; category: number }[] = [];
  for (let order = 1; order <= NGRAM_ORDER; order++) {
    for (let k = 0; k + order <= chars.length; k++) {
      features.push({ key: chars.slice(k, k + order).join(''), weight: 1, category: order - 1 });
    }
  }
  return makeBag(vocabulary, features);
}

function prefixSums(values: readonly number[]): Float64Array {
  const sums = new Float64Array(values.length + 1);
  values.forEach((v, k) => (sums[k + 1] = sums[k]! + v));
  return sums;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

// Confidence of a link: a logistic regression on its evidence, fitted on newstest2012 (dev): paragraphs of 3-8
// lines with merges and drops, links labelled correct or wrong, plus as many links from aligning each paragraph
// with an unrelated paragraph's English (all wrong), so the scale means "probability this link is right" when
// related and unrelated input are equally likely. Features: −log p(length) (capped at 20), anchor Dice, anchor
// weight on both sides / 10 (capped at 4: many anchors and none shared is strong evidence of unrelated text),
// their product, and with a bridge the chrF of the machine translation against the target.
const NO_BRIDGE_CONFIDENCE = { bias: 1.483, length: -0.647, dice: 9.181, total: -1.188, diceTotal: 3.771, chrF: 0 };
const BRIDGE_CONFIDENCE = { bias: -3.473, length: -0.223, dice: 5.131, total: -1.733, diceTotal: 1.252, chrF: 23.184 };
// A 1:0 or 0:1 link: the unit may as well belong to a neighbour, or be a real omission.
const SKIP_CONFIDENCE = 0.1;
// Whole-input check: unrelated text shares almost no anchors overall (newstest2012 dev: Dice of all linked anchors
// about 0.35 for translations, under 0.03 for unrelated paragraphs). When the links carry enough anchors and they
// barely overlap, every confidence is scaled down, so one lucky sentence pair does not look trustworthy.
const GLOBAL_MIN_ANCHOR_WEIGHT = 15;
const GLOBAL_DICE_FLOOR = 0.04;
const GLOBAL_DICE_FULL = 0.16;

interface Prepared {
  n: number;
  m: number;
  sLen: Float64Array;
  tLen: Float64Array;
  sAnchors: Bag[];
  tAnchors: Bag[];
  anchorCounter: OverlapCounter;
  bridge: { source: Bag[]; target: Bag[]; counter: OverlapCounter } | null;
  ratio: number;
}

function prepare(source: readonly string[], target: readonly string[], bridge?: readonly string[]): Prepared {
  const sLens = source.map(unitLength);
  const tLens = target.map(unitLength);
  const anchorVocabulary = new Vocabulary(1);
  // Anchors are all of category 0 (makeBag's default), and both sides share their words' anchors.
  const words = new WordFormsCache();
  const toBag = (text: string): Bag => makeBag(anchorVocabulary, extractAnchors(text, words));
  const sAnchors = source.map(toBag);
  const tAnchors = target.map(toBag);
  let bridgeBags: Prepared['bridge'] = null;
  if (bridge && bridge.length !== source.length) {
    throw new RangeError(`align: the bridge has ${bridge.length} units but the source has ${source.length}`);
  }
  if (bridge && target.length > 0) {
    const vocabulary = new Vocabulary(NGRAM_ORDER);
    const sourceBags = bridge.map((text) => ngramBag(vocabulary, text));
    const targetBags = target.map((text) => ngramBag(vocabulary, text));
    bridgeBags = { source: sourceBags, target: targetBags, counter: new OverlapCounter(vocabulary) };
  }
  const sTotal = sLens.reduce((a, b) => a + b, 0);
  const tTotal = tLens.reduce((a, b) => a + b, 0);
  return {
    n: source.length,
    m: target.length,
    sLen: prefixSums(sLens),
    tLen: prefixSums(tLens),
    sAnchors,
    tAnchors,
    anchorCounter: new OverlapCounter(anchorVocabulary),
    bridge: bridgeBags,
    ratio: lengthRatio(sTotal, tTotal),
  };
}

/** The evidence for one candidate link, shared by the search (as a cost) and the confidence. */
interface Evidence {
  lengthCost: number;
  dice: number;
  anchorTotal: number;
  chrF: number;
}

function makeEvidence(p: Prepared, weights: ScoreWeights) {
  const matched = new Float64Array(1);
  const aTotals = new Float64Array(1);
  const bTotals = new Float64Array(1);
  const gramMatches = new Float64Array(NGRAM_ORDER);
  const hypTotals = new Float64Array(NGRAM_ORDER);
  const refTotals = new Float64Array(NGRAM_ORDER);
  const useBridge = p.bridge !== null && weights.bridge > 0;
  return (i: number, s: number, j: number, t: number, out: Evidence): void => {
    const ls = p.sLen[i + s]! - p.sLen[i]!;
    const lt = p.tLen[j + t]! - p.tLen[j]!;
    out.lengthCost = lengthCost(ls, lt, p.ratio, weights.variance);
    out.dice = 0;
    out.anchorTotal = 0;
    out.chrF = 0;
    // Anchors are always measured: the confidence uses them even when the search does not.
    groupTotals(p.sAnchors, i, i + s, aTotals);
    groupTotals(p.tAnchors, j, j + t, bTotals);
    out.anchorTotal = aTotals[0]! + bTotals[0]!;
    if (out.anchorTotal > 0) {
      p.anchorCounter.overlap(p.sAnchors, i, i + s, p.tAnchors, j, j + t, matched);
      out.dice = (2 * matched[0]!) / out.anchorTotal;
    }
    if (useBridge && p.bridge) {
      const { source, target, counter } = p.bridge;
      groupTotals(source, i, i + s, hypTotals);
      groupTotals(target, j, j + t, refTotals);
      counter.overlap(source, i, i + s, target, j, j + t, gramMatches);
      out.chrF = chrFFromStatistics(hypTotals, refTotals, gramMatches, CHRF_BETA);
    }
  };
}

function align(
  source: readonly string[],
  target: readonly string[],
  options: AlignOptions,
  beads: readonly BeadSpec[],
  weights: ScoreWeights,
  defaultBand: number,
): AlignmentLink[] {
  const n = source.length;
  const m = target.length;
  if (n === 0 && m === 0) return [];
  const p = prepare(source, target, options.bridge);
  const evidence = makeEvidence(p, weights);
  const scratch: Evidence = { lengthCost: 0, dice: 0, anchorTotal: 0, chrF: 0 };
  const priorCost = beads.map((b) => -Math.log(b.prior));
  // The anchor and bridge costs grow with the product of the link's sides, as in Vecalign: bag-of-features
  // similarity only rises when texts are concatenated (neighbouring news sentences share topic words), so with a
  // cost per unit (s + t) / 2 the search merged correct 1:1 pairs into 2:2 links (newstest2012 dev: F1 0.85 → 0.99
  // with the bridge). Left-out units count as one.
  const sizes = beads.map((b) => Math.max(b.s, 1) * Math.max(b.t, 1));
  const bridged = p.bridge !== null && weights.bridge > 0;
  const skipUnitCost =
    weights.skip + weights.anchors * (1 - TYPICAL_DICE) + (bridged ? weights.bridge * (1 - TYPICAL_CHRF) : 0);
  const cost = (i: number, j: number, b: number): number => {
    const bead = beads[b]!;
    const size = sizes[b]!;
    let c = priorCost[b]!;
    if (bead.s === 0 || bead.t === 0) {
      // A left-out unit pays what a typical translation pair would for its anchors and bridge, plus `skip`, and no
      // length cost: a deleted sentence of any length is equally plausible.
      return c + skipUnitCost * size;
    }
    evidence(i, bead.s, j, bead.t, scratch);
    c += weights.length * scratch.lengthCost;
    if (scratch.anchorTotal > 0) c += weights.anchors * (1 - scratch.dice) * size;
    else c += weights.anchors * 0.5 * size;
    if (bridged) c += weights.bridge * (1 - scratch.chrF) * size;
    return c;
  };
  const sLens = range(0, n).map((k) => p.sLen[k + 1]! - p.sLen[k]!);
  const tLens = range(0, m).map((k) => p.tLen[k + 1]! - p.tLen[k]!);
  const center = lengthDiagonal(sLens, tLens);
  const halfWidth = Math.max(1, Math.floor(options.band ?? defaultBand));
  const steps = bandedAlign(n, m, beads, cost, center, halfWidth);
  const model = bridged ? BRIDGE_CONFIDENCE : NO_BRIDGE_CONFIDENCE;
  let matchedWeight = 0;
  let totalWeight = 0;
  const links = steps.map(({ bead: b, i, j }) => {
    const bead = beads[b]!;
    const link: AlignmentLink = { source: range(i, i + bead.s), target: range(j, j + bead.t), confidence: 0 };
    if (bead.s === 0 || bead.t === 0) {
      link.confidence = SKIP_CONFIDENCE;
      return link;
    }
    evidence(i, bead.s, j, bead.t, scratch);
    matchedWeight += (scratch.dice * scratch.anchorTotal) / 2;
    totalWeight += scratch.anchorTotal;
    const total = Math.min(scratch.anchorTotal, 40) / 10;
    const x =
      model.bias +
      model.length * Math.min(scratch.lengthCost, 20) +
      model.dice * scratch.dice +
      model.total * total +
      model.diceTotal * scratch.dice * total +
      model.chrF * scratch.chrF;
    link.confidence = sigmoid(x);
    return link;
  });
  const globalDice = totalWeight > 0 ? (2 * matchedWeight) / totalWeight : 0;
  const scale =
    totalWeight < GLOBAL_MIN_ANCHOR_WEIGHT
      ? 1
      : Math.min(1, Math.max(0, (globalDice - GLOBAL_DICE_FLOOR) / (GLOBAL_DICE_FULL - GLOBAL_DICE_FLOOR)));
  for (const link of links) {
    const scaled = link.source.length && link.target.length ? link.confidence * scale : link.confidence;
    link.confidence = Math.round(scaled * 1000) / 1000;
  }
  return links;
}

/** Internal entry point with explicit weights, for the evaluation script and tests. */
export function alignUnits(
  source: readonly string[],
  target: readonly string[],
  options: AlignOptions & { unit: 'sentence' | 'paragraph'; weights?: ScoreWeights },
): AlignmentLink[] {
  const paragraphs = options.unit === 'paragraph';
  return align(
    source,
    target,
    options,
    paragraphs ? PARAGRAPH_BEADS : SENTENCE_BEADS,
    options.weights ?? DEFAULT_WEIGHTS,
    paragraphs ? 64 : 32,
  );
}

/** Aligns Spanish sentences with English sentences (1:1, 1:2, 2:1, 2:2, 1:0, 0:1), in order, every index once. */
export function alignSentences(
  source: readonly string[],
  target: readonly string[],
  options: AlignOptions = {},
): AlignmentLink[] {
  return alignUnits(source, target, { ...options, unit: 'sentence' });
}

/** Aligns the paragraphs of two versions of a document whose paragraph counts may differ (up to 4:1 merges). */
export function alignParagraphs(
  source: readonly string[],
  target: readonly string[],
  options: AlignOptions = {},
): AlignmentLink[] {
  return alignUnits(source, target, { ...options, unit: 'paragraph' });
}
