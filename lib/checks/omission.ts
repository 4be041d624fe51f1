/**
 * Omission: a Spanish sentence with no English. The sentences of both sides are aligned (lib/align: length, names,
 * numbers and cognates, and the machine translation as a bridge when the caller has it); a Spanish sentence the
 * alignment leaves without a counterpart was left out (an error), and so, probably, was one whose merged link or
 * whole paragraph is far too short in English, or one merged into an English that the other sentences account for
 * and that has none of its numbers, names and cognates (warnings). An empty English leaves out all of the Spanish.
 */
import { extractAnchors } from '../align/anchors';
import { type Check, type CheckDocument, type PreparedPair, type RawFinding, perPair } from './check';
import { lengthModelOf, lengthZ, type LengthModel } from './length';

const MESSAGES = {
  'omission.empty': [],
  'omission.sentence': ['sentence'],
} as const;

function checkOmission(pair: PreparedPair, doc: CheckDocument): RawFinding[] {
  const base = { check: 'omission' as const, paragraph: pair.index };
  if (!/[\p{L}\p{N}]/u.test(pair.source)) return [];
  if (pair.target.trim().length === 0) {
    return [
      {
        ...base,
        severity: 'error',
        message: 'omission.empty',
        params: {},
        source: [{ start: 0, end: pair.source.length }],
        target: [],
      },
    ];
  }
  const layout = pair.layout();
  if (layout.source.length < 2) return [];
  const model = lengthModelOf(doc);
  const z = lengthZ(pair.source.trim().length, pair.target.trim().length, model);
  // Fewer English sentences and a short English overall: a merge in the alignment hides a sentence left out.
  const short = layout.target.length < layout.source.length && z < PARAGRAPH_THRESHOLD;
  const omitted = new Map<number, 'error' | 'warning'>();
  for (const link of layout.links) {
    if (link.source.length === 0) continue;
    if (link.target.length === 0) for (const s of link.source) omitted.set(s, 'error');
    else {
      // A sentence whose names and numbers the English lacks is the likelier one left out of a merge; else length.
      const unexplained = unaccounted(link, layout.source, layout.target, model);
      const threshold = short ? Infinity : MERGE_THRESHOLD;
      const merged =
        unexplained.length > 0 ? unexplained : shortMerge(link, layout.source, layout.target, threshold, model);
      for (const s of merged) omitted.set(s, 'warning');
    }
  }
  // Far too short however the sentences pair up: the least certain link is where a sentence went missing. With as
  // many English sentences as Spanish ones, the English must be shorter still (FLORES dev's concise references: every
  // sentence there, a third shorter than the Spanish, has its English).
  if (omitted.size === 0 && z < (layout.target.length < layout.source.length ? FAR_SHORT : FAR_SHORT_SAME_COUNT)) {
    const weakest = [...layout.links].filter((l) => l.source.length > 0).sort((a, b) => a.confidence - b.confidence)[0];
    if (weakest) omitted.set(weakest.source[weakest.source.length - 1]!, 'warning');
  }
  const findings: RawFinding[] = [];
  for (const [s, severity] of [...omitted].sort((a, b) => a[0] - b[0])) {
    if (!/[\p{L}\p{N}]/u.test(layout.source[s] ?? '')) continue;
    findings.push({
      ...base,
      severity,
      message: 'omission.sentence',
      params: { sentence: s + 1 },
      source: [pair.sentenceSpans().source[s]!],
      target: [],
    });
  }
  return findings;
}

// Spread units (see length.ts) below which English is too short for its Spanish: for one merged link alone, and for
// the whole paragraph once the English has fewer sentences. Set on newstest2012 and FLORES dev paragraphs of three
// reference sentences with one dropped (npm run eval:checks).
const MERGE_THRESHOLD = -2.5;
const PARAGRAPH_THRESHOLD = -1.5;
const FAR_SHORT = -2.75;
const FAR_SHORT_SAME_COUNT = -3.5;

/**
 * The aligner may join a Spanish sentence that has no English to a neighbour's link (2:1) rather than leave it out:
 * when the English is too short for both Spanish sentences (below `threshold`) and fits one of them better, the
 * other was left out.
 */
function shortMerge(
  link: { source: number[]; target: number[] },
  source: readonly string[],
  target: readonly string[],
  threshold: number,
  model: LengthModel,
): number[] {
  if (link.source.length < 2 || link.target.length !== 1) return [];
  const length = (i: number) => (source[i] ?? '').trim().length;
  const english = (target[link.target[0]!] ?? '').trim().length;
  const together = link.source.reduce((sum, i) => sum + length(i) + 1, -1);
  const zTogether = lengthZ(together, english, model);
  if (zTogether > threshold) return [];
  // The sentence left out is the one without which the rest fits the English best.
  let best = -1;
  let bestZ = Infinity;
  for (const i of link.source) {
    const z = Math.abs(lengthZ(together - length(i) - 1, english, model));
    if (z < bestZ) {
      best = i;
      bestZ = z;
    }
  }
  return best >= 0 && bestZ < Math.abs(zTogether) ? [best] : [];
}

// A merged Spanish sentence is unaccounted for when at most this share of its anchors (numbers, names, cognates) is
// in the English, and the other sentences of the link alone are no more than UNACCOUNTED_FIT spreads too short for
// that English (so it needs nothing more), and the link as a whole is not long in English. Set on newstest2012 and
// FLORES dev paragraphs of three reference sentences with one dropped (npm run eval:checks); a translator's own merge
// keeps the anchors of both sentences and the length of both.
const UNACCOUNTED_COVERAGE = 0.3;
const UNACCOUNTED_FIT = 3;
const UNACCOUNTED_LINK = 0.5;

/** Anchor weight of `text` (punctuation aside), and how much of it `english` has too, each anchor matched once. */
function anchorCoverage(text: string, english: Map<string, number>): { total: number; found: number } {
  const left = new Map(english);
  let total = 0;
  let found = 0;
  for (const { key, weight } of extractAnchors(text)) {
    if (key.startsWith('p:')) continue;
    total += weight;
    const count = left.get(key) ?? 0;
    if (count > 0) {
      found += weight;
      left.set(key, count - 1);
    }
  }
  return { total, found };
}

/**
 * A 2:1 link whose English the other Spanish sentences explain, in length, and which has almost none of one
 * sentence's numbers, names and cognates: that sentence was left out (newstest2012 dev: "Pensé, no, tiene 19." merged
 * with '"Es de Texas", dice.' into '"He's from Texas," she says.').
 */
function unaccounted(
  link: { source: number[]; target: number[] },
  source: readonly string[],
  target: readonly string[],
  model: LengthModel,
): number[] {
  if (link.source.length < 2 || link.target.length !== 1) return [];
  const english = (target[link.target[0]!] ?? '').trim();
  const length = (i: number) => (source[i] ?? '').trim().length;
  const together = link.source.reduce((sum, i) => sum + length(i) + 1, -1);
  if (lengthZ(together, english.length, model) >= UNACCOUNTED_LINK) return [];
  const anchors = new Map<string, number>();
  for (const { key } of extractAnchors(english)) anchors.set(key, (anchors.get(key) ?? 0) + 1);
  let best = -1;
  let bestFit = Infinity;
  for (const i of link.source) {
    const { total, found } = anchorCoverage(source[i] ?? '', anchors);
    if (total === 0 || found > UNACCOUNTED_COVERAGE * total) continue;
    const fit = lengthZ(together - length(i) - 1, english.length, model);
    if (fit < UNACCOUNTED_FIT && Math.abs(fit) < bestFit) {
      best = i;
      bestFit = Math.abs(fit);
    }
  }
  return best >= 0 ? [best] : [];
}

/** Spanish sentences the English leaves out. */
export const omissionCheck: Check = {
  id: 'omission',
  messages: MESSAGES,
  ...perPair(checkOmission, (doc) => JSON.stringify(lengthModelOf(doc))),
};
