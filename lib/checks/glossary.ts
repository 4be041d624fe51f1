/**
 * Glossary: a glossary term in the Spanish whose required English is not in the target, or an English the
 * glossary forbids for it.
 */
import { type Check, type CheckDocument, type PreparedPair, type RawFinding, perPair } from './check';
import type { Span } from './types';

const MESSAGES = {
  'glossary.missing': ['term', 'english'],
  'glossary.forbidden': ['term', 'forbidden'],
} as const;

function checkGlossary(pair: PreparedPair, doc: CheckDocument): RawFinding[] {
  const glossary = doc.glossary;
  if (!glossary || !pair.target.trim()) return [];
  const byEntry = new Map<number, Span[]>();
  for (const { entry, span } of glossary.findInSpanish(pair.source)) {
    const spans = byEntry.get(entry);
    if (spans) spans.push(span);
    else byEntry.set(entry, [span]);
  }
  const findings: RawFinding[] = [];
  const base = { check: 'glossary' as const, paragraph: pair.index, severity: 'error' as const };
  for (const [index, spans] of byEntry) {
    const entry = glossary.entries[index]!;
    const term = pair.source.slice(spans[0]!.start, spans[0]!.end);
    for (const span of glossary.findInEnglish(pair.target, index, 'forbidden')) {
      const forbidden = pair.target.slice(span.start, span.end);
      findings.push({
        ...base,
        message: 'glossary.forbidden',
        params: { term, forbidden },
        source: spans,
        target: [span],
      });
    }
    if (entry.english.length > 0 && glossary.findInEnglish(pair.target, index, 'english').length === 0) {
      findings.push({
        ...base,
        message: 'glossary.missing',
        params: { term, english: entry.english.join(' / ') },
        source: spans,
        target: [],
      });
    }
  }
  return findings;
}

/** Glossary terms of the Spanish translated otherwise than the glossary says. */
export const glossaryCheck: Check = {
  id: 'glossary',
  messages: MESSAGES,
  ...perPair(checkGlossary, (doc) => (doc.glossary ? (doc.glossaryVersion ?? null) : '')),
};
