/**
 * Length: an English paragraph far shorter or longer than the document's other paragraphs would make it, given
 * its Spanish. The log of the length ratio is compared with the document's own median, in units of a spread that
 * narrows as paragraphs grow (short texts vary more: "Sí." / "Yes, of course."), scaled to the document's own.
 */
import type { Check, CheckDocument, PreparedPair, RawFinding } from './check';

const MESSAGES = {
  'length.short': ['percent'],
  'length.long': ['percent'],
} as const;

// Fitted on the reference translations of newstest2012 and FLORES dev (dev sets): the median log ratio of English
// to Spanish characters is about -0.1, and its spread (MAD × 1.4826) falls from 0.16 for 30-character sentences to
// 0.09 for 300-character ones, which sqrt(A + B / (length + 10)) follows.
const PRIOR_CENTER = -0.1;
const SPREAD_A = 0.0064;
const SPREAD_B = 0.6;
const SMOOTHING = 10;
/** Below this many pairs a document's own distribution is too thin to trust: the prior is used. */
const MIN_PAIRS = 20;
/** How many spreads from the center a pair must be to be flagged (about 1% of the dev references are). */
const THRESHOLD = 3.5;
/** Shorter Spanish than this is too short to judge by length. */
const MIN_SOURCE = 12;

const logRatio = (source: number, target: number) => Math.log((target + SMOOTHING) / (source + SMOOTHING));
const spread = (source: number) => Math.sqrt(SPREAD_A + SPREAD_B / (source + SMOOTHING));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A document's own length ratio: its center, and how much looser or tighter than the dev sets' it is. */
export interface LengthModel {
  center: number;
  scale: number;
}

const models = new WeakMap<CheckDocument, LengthModel>();

const eligible = (p: PreparedPair) => p.source.trim().length >= MIN_SOURCE && p.target.trim().length > 0;

/** The document's length model (the dev sets' when it has too few pairs), computed once per run. */
export function lengthModelOf(doc: CheckDocument): LengthModel {
  const known = models.get(doc);
  if (known) return known;
  const pairs = doc.pairs.filter(eligible);
  let model: LengthModel = { center: PRIOR_CENTER, scale: 1 };
  if (pairs.length >= MIN_PAIRS) {
    const x = pairs.map((p) => logRatio(p.source.trim().length, p.target.trim().length));
    const center = median(x);
    const deviations = pairs.map((p, i) => Math.abs(x[i]! - center) / spread(p.source.trim().length));
    // Kept within bounds so that a very uniform or very loose document does not flag everything or nothing.
    model = { center, scale: Math.min(2, Math.max(0.8, 1.4826 * median(deviations))) };
  }
  models.set(doc, model);
  return model;
}

/** How many spreads a pair's length ratio lies from the model's center (negative: the English is short). */
export function lengthZ(sourceLength: number, targetLength: number, model: LengthModel = PRIOR): number {
  return (logRatio(sourceLength, targetLength) - model.center) / (spread(sourceLength) * model.scale);
}
const PRIOR: LengthModel = { center: PRIOR_CENTER, scale: 1 };

function run(doc: CheckDocument): RawFinding[] {
  const model = lengthModelOf(doc);
  const findings: RawFinding[] = [];
  for (const pair of doc.pairs) {
    if (!eligible(pair)) continue;
    const source = pair.source.trim().length;
    const target = pair.target.trim().length;
    const z = lengthZ(source, target, model);
    if (Math.abs(z) <= THRESHOLD) continue;
    // How long the English is against what the document's typical ratio would make it.
    const percent = Math.round(100 * Math.exp(logRatio(source, target) - model.center));
    findings.push({
      check: 'length',
      severity: 'warning',
      message: z < 0 ? 'length.short' : 'length.long',
      params: { percent },
      paragraph: pair.index,
      source: [],
      target: [],
    });
  }
  return findings;
}

/** Paragraphs whose English is far shorter or longer than the document's own ratio would make it. */
export const lengthCheck: Check = { id: 'length', messages: MESSAGES, run };
