/**
 * Consistency: the same Spanish sentence translated differently in the document, or differently from translation
 * memory (approved beats edited), and the same English given to different Spanish sentences. Sentences are paired through
 * the alignment of each paragraph (a sentence merged with another in its link is compared as the merge).
 */
import type { AlignmentLink } from '../align/types';
import type { Check, CheckDocument, PreparedPair, RawFinding } from './check';
import { normalizeSentenceKey } from '../text/normalize';
import type { Span } from './types';

const MESSAGES = {
  'consistency.source': ['paragraph'],
  'consistency.memory': ['memory'],
  'consistency.target': ['paragraph'],
} as const;

/** One aligned unit of a paragraph: its Spanish and English, and which sentences they are. */
interface Unit {
  pair: PreparedPair;
  link: AlignmentLink;
  source: string;
  target: string;
}

/** Where a unit is in its paragraph (computed only for the units reported). */
function spansOf(unit: Unit): { source: Span[]; target: Span[] } {
  const spans = unit.pair.sentenceSpans();
  return {
    source: unit.link.source.map((i) => spans.source[i]!),
    target: unit.link.target.map((i) => spans.target[i]!),
  };
}

// Sentences shorter than this say too little to be translated one way only ("Sí." → "Yes." / "Right.").
const MIN_WORDS = 3;
const words = (text: string) => text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
/** Case, spacing and final punctuation aside: "Gracias." and "gracias" are one sentence. (Text that enters
 * Paralelo is NFC already: lib/text/normalize.ts.) */
const comparable = (text: string) =>
  text
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[\s.!?…;:,]+$/u, '');

function unitsOf(doc: CheckDocument): Unit[] {
  const units: Unit[] = [];
  for (const pair of doc.pairs) {
    if (!pair.target.trim()) continue;
    const layout = pair.layout();
    for (const link of layout.links) {
      if (link.source.length === 0 || link.target.length === 0) continue;
      units.push({
        pair,
        link,
        source: link.source.map((i) => layout.source[i]).join(' '),
        target: link.target.map((i) => layout.target[i]).join(' '),
      });
    }
  }
  return units;
}

/** Groups units by a key, leaving out the short ones. */
function groupBy(units: Unit[], key: (u: Unit) => string, side: 'source' | 'target'): Map<string, Unit[]> {
  const groups = new Map<string, Unit[]>();
  for (const unit of units) {
    if (words(unit[side]) < MIN_WORDS) continue;
    const k = key(unit);
    const group = groups.get(k);
    if (group) group.push(unit);
    else groups.set(k, [unit]);
  }
  return groups;
}

/**
 * In each group whose other side varies, every unit that differs from the group's most common rendering (the
 * earliest among equals) is reported, with the paragraph of that rendering.
 */
function divergent(groups: Map<string, Unit[]>, other: (u: Unit) => string): Array<{ unit: Unit; reference: Unit }> {
  const out: Array<{ unit: Unit; reference: Unit }> = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const counts = new Map<string, number>();
    for (const u of group) counts.set(other(u), (counts.get(other(u)) ?? 0) + 1);
    if (counts.size < 2) continue;
    let reference = group[0]!;
    for (const u of group) if (counts.get(other(u))! > counts.get(other(reference))!) reference = u;
    for (const u of group) if (other(u) !== other(reference)) out.push({ unit: u, reference });
  }
  return out;
}

function run(doc: CheckDocument): RawFinding[] {
  const units = unitsOf(doc);
  const findings: RawFinding[] = [];
  const base = { check: 'consistency' as const, severity: 'warning' as const };
  // The same Spanish translated otherwise, and the same English for other Spanish.
  const sides = [
    ['consistency.source', (u: Unit) => comparable(u.source), (u: Unit) => comparable(u.target), 'source'],
    ['consistency.target', (u: Unit) => comparable(u.target), (u: Unit) => comparable(u.source), 'target'],
  ] as const;
  for (const [message, key, other, side] of sides) {
    for (const { unit, reference } of divergent(groupBy(units, key, side), other)) {
      findings.push({
        ...base,
        paragraph: unit.pair.index,
        message,
        params: { paragraph: reference.pair.index + 1 },
        ...spansOf(unit),
      });
    }
  }
  const memory = doc.memory?.sentences;
  if (memory && memory.size > 0) {
    for (const unit of units) {
      const remembered = memory.get(normalizeSentenceKey(unit.source));
      if (remembered === undefined || comparable(remembered) === comparable(unit.target)) continue;
      findings.push({
        ...base,
        paragraph: unit.pair.index,
        message: 'consistency.memory',
        params: { memory: remembered },
        ...spansOf(unit),
      });
    }
  }
  return findings;
}

/** Sentences translated in more than one way, or one translation given to different sentences. */
export const consistencyCheck: Check = { id: 'consistency', messages: MESSAGES, run };
