import { runChecks, type CheckId, type CheckInput, type CheckPair, type ReportedFinding } from '../../../lib/checks';

/** The findings of one check on one Spanish/English pair. */
export function findingsOf(
  check: CheckId,
  source: string,
  target: string,
  input: Partial<CheckInput> = {},
): ReportedFinding[] {
  return runChecks({ pairs: [{ index: 0, source, target }], ...input }, { only: [check] }).findings;
}

/** The message keys one check reports on a pair, in order. */
export function messagesOf(check: CheckId, source: string, target: string, input: Partial<CheckInput> = {}): string[] {
  return findingsOf(check, source, target, input).map((f) => f.message);
}

/** Pairs from Spanish/English tuples, indexed in order. */
export function pairsOf(rows: ReadonlyArray<readonly [string, string]>): CheckPair[] {
  return rows.map(([source, target], index) => ({ index, source, target }));
}

/** The text a span covers. */
export const spanText = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);
