/**
 * Untranslated: the English is the Spanish as it was, or carries a long run of it ("the minister said que no hay
 * acuerdo entre las partes").
 */
import { type Check, type PreparedPair, type RawFinding, perPair } from './check';
import { countSpanishMarkers, isSpanishMarker, wordsOf } from './spanish-words';

const MESSAGES = {
  'untranslated.same': [],
  'untranslated.run': ['words'],
} as const;

/** Words in a row copied from the Spanish, at least this many, with at least two that only Spanish has. */
const MIN_RUN = 4;
const MIN_MARKERS = 2;

const comparable = (text: string) => text.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();

function checkUntranslated(pair: PreparedPair): RawFinding[] {
  const base = { check: 'untranslated' as const, paragraph: pair.index };
  // Only a text about as long as the Spanish can be the Spanish itself: most pairs skip the comparison.
  const close = Math.abs(pair.source.trim().length - pair.target.trim().length) <= 4;
  if (close && comparable(pair.source) === comparable(pair.target)) {
    // Names, numbers and codes stay the same in both languages: only Spanish words make a copy a mistake.
    if (!wordsOf(pair.source).some((w) => isSpanishMarker(w.word))) return [];
    const whole = (text: string) => [{ start: 0, end: text.length }];
    return [
      {
        ...base,
        severity: 'error',
        message: 'untranslated.same',
        params: {},
        source: whole(pair.source),
        target: whole(pair.target),
      },
    ];
  }
  // English seldom has two Spanish function words in it: most pairs stop here.
  if (countSpanishMarkers(pair.target, MIN_MARKERS) < MIN_MARKERS) return [];
  const targetWords = wordsOf(pair.target);
  const inSource = new Set(wordsOf(pair.source).map((w) => w.word.toLowerCase()));
  const findings: RawFinding[] = [];
  let runStart = 0;
  const flush = (end: number) => {
    const run = targetWords.slice(runStart, end);
    if (run.length >= MIN_RUN && run.filter((w) => isSpanishMarker(w.word)).length >= MIN_MARKERS) {
      const span = { start: run[0]!.start, end: run[run.length - 1]!.end };
      const copied = pair.target.slice(span.start, span.end);
      const at = pair.source.toLowerCase().indexOf(copied.toLowerCase());
      findings.push({
        ...base,
        severity: 'warning',
        message: 'untranslated.run',
        params: { words: run.length },
        source: at >= 0 ? [{ start: at, end: at + copied.length }] : [],
        target: [span],
      });
    }
  };
  targetWords.forEach((w, i) => {
    if (!inSource.has(w.word.toLowerCase())) {
      flush(i);
      runStart = i + 1;
    }
  });
  flush(targetWords.length);
  return findings;
}

/** English that is the Spanish left as it was, whole or in long runs. */
export const untranslatedCheck: Check = { id: 'untranslated', messages: MESSAGES, ...perPair(checkUntranslated) };
