/**
 * Numbers: every number of the Spanish appears in the English, in English form, and the English adds none.
 *
 * Numbers are matched by value, not by text, so that "15.000" finds "15,000", "1.500 millones" finds "1.5 billion"
 * and "las 22.00" finds "10 p.m."; a number in words on the other side ("siete años" → "7 years") stands in for one
 * in digits. The order of the numbers does not matter ("5 de mayo de 2012" → "May 5, 2012").
 */
import { type Check, type PreparedPair, type RawFinding, perPair } from './check';
import { englishForm, readNumbers, sameNumber, type Reading, type WrittenNumber } from './number-reading';
import { readNumberWords } from './number-words';

const MESSAGES = {
  'numbers.missing': ['number', 'expected'],
  'numbers.added': ['number'],
  'numbers.form': ['number', 'expected'],
} as const;

interface Match {
  source: WrittenNumber;
  target: WrittenNumber;
  reading: Reading;
}

/** Pairs source numbers with target numbers of the same value: primary readings first, then any reading. */
function matchNumbers(
  source: WrittenNumber[],
  target: WrittenNumber[],
): { matches: Match[]; restSource: WrittenNumber[]; restTarget: WrittenNumber[] } {
  const matches: Match[] = [];
  const usedTarget = new Set<number>();
  const usedSource = new Set<number>();
  const pass = (primaryOnly: boolean) => {
    source.forEach((s, i) => {
      if (usedSource.has(i)) return;
      for (let j = 0; j < target.length; j++) {
        if (usedTarget.has(j)) continue;
        const t = target[j]!;
        const reading = primaryOnly
          ? sameNumber({ ...s, readings: s.readings.slice(0, 1) }, { ...t, readings: t.readings.slice(0, 1) })
          : sameNumber(s, t);
        if (!reading) continue;
        matches.push({ source: s, target: t, reading });
        usedSource.add(i);
        usedTarget.add(j);
        return;
      }
    });
  };
  pass(true);
  pass(false);
  return {
    matches,
    restSource: source.filter((_, i) => !usedSource.has(i)),
    restTarget: target.filter((_, j) => !usedTarget.has(j)),
  };
}

/**
 * "783,562 square kilometres (300,948 sq mi)": English adds the other system's units in parentheses right after a
 * number it translated.
 */
function isConversion(text: string, n: WrittenNumber, matches: readonly Match[]): boolean {
  const open = text.lastIndexOf('(', n.span.start);
  if (open < 0 || text.slice(open, n.span.start).includes(')')) return false;
  return matches.some(({ target }) => target.span.end <= open && open - target.span.end <= 30);
}

const anyMatch = (n: WrittenNumber, among: readonly WrittenNumber[]) =>
  among.some((m) => sameNumber(n, m) !== undefined);

function checkNumbers(pair: PreparedPair): RawFinding[] {
  const guarded = pair.protectedTokens();
  const source = readNumbers(
    pair.source,
    'es',
    guarded.source.map((t) => t.span),
  );
  const target = readNumbers(
    pair.target,
    'en',
    guarded.target.map((t) => t.span),
  );
  if (source.length === 0 && target.length === 0) return [];
  const { matches, restSource, restTarget } = matchNumbers(source, target);
  const findings: RawFinding[] = [];
  const base = { check: 'numbers' as const, paragraph: pair.index };

  for (const { source: s, target: t, reading } of matches) {
    if (!reading.spanishForm) continue;
    findings.push({
      ...base,
      severity: 'error',
      message: 'numbers.form',
      params: { number: t.raw, expected: englishForm(s) },
      source: [s.span],
      target: [t.span],
    });
  }
  if (restSource.length > 0) {
    const words = readNumberWords(pair.target, 'en');
    for (const s of restSource) {
      // Written in words in the English, or already found once (a number the Spanish repeats).
      if (anyMatch(s, words) || anyMatch(s, target)) continue;
      findings.push({
        ...base,
        severity: 'error',
        message: 'numbers.missing',
        params: { number: s.raw, expected: englishForm(s) },
        source: [s.span],
        target: [],
      });
    }
  }
  if (restTarget.length > 0) {
    const words = readNumberWords(pair.source, 'es');
    for (const t of restTarget) {
      if (anyMatch(t, words) || anyMatch(t, source) || isConversion(pair.target, t, matches)) continue;
      findings.push({
        ...base,
        severity: 'warning',
        message: 'numbers.added',
        params: { number: t.raw },
        source: [],
        target: [t.span],
      });
    }
  }
  return findings;
}

/** Numbers of the Spanish missing from the English, added to it, or left in Spanish form. */
export const numbersCheck: Check = { id: 'numbers', messages: MESSAGES, ...perPair(checkNumbers) };
