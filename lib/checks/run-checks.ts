/**
 * Runs the checks over a document and counts what they found, with the document's ignored findings set aside.
 */
import { PreparedPair, type Check, type CheckDocument, type RawFinding } from './check';
import { pairDigest, type PairMemo } from './pair-memo';
import { ALL_CHECKS } from './registry';
import { CHECK_IDS, type CheckCount, type CheckId, type CheckInput, type CheckReport, type Finding } from './types';

/** Which checks to run and which findings the team has ignored. */
export interface RunOptions {
  /** Only these checks (default: all). */
  only?: readonly CheckId[];
  /**
   * Findings ignored per occurrence, as `occurrenceId(finding)` gives them (the store will keep these as events).
   * An ignored finding is still reported, marked, and no longer counts towards `unignoredErrors`.
   */
  ignored?: ReadonlySet<string>;
  /** Reuse the one-pair checks' findings of pairs seen before (and keep this run's): see pair-memo.ts. */
  memo?: PairMemo;
}

/** The id under which an ignore of this finding is recorded: its paragraph and its key. */
export function occurrenceId(finding: Pick<Finding, 'paragraph' | 'key'>): string {
  return `${finding.paragraph}:${finding.key}`;
}

/** Gives each finding its key: the message and parameters, numbered when a paragraph has several identical ones. */
function withKeys(findings: RawFinding[]): Finding[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const params = Object.keys(f.params)
      .sort()
      .map((k) => `${k}=${String(f.params[k])}`)
      .join('&');
    const base = `${f.message}?${params}`;
    const n = seen.get(`${f.paragraph}:${base}`) ?? 0;
    seen.set(`${f.paragraph}:${base}`, n + 1);
    return { ...f, key: n === 0 ? base : `${base}#${n + 1}` };
  });
}

function emptyCounts(): Record<CheckId, CheckCount> {
  return Object.fromEntries(CHECK_IDS.map((id) => [id, { errors: 0, warnings: 0, ignored: 0 }])) as Record<
    CheckId,
    CheckCount
  >;
}

/** Runs the checks over a document's paragraph pairs (those with no English are the caller's to leave out). */
export function runChecks(
  input: CheckInput,
  options: RunOptions = {},
  checks: readonly Check[] = ALL_CHECKS,
): CheckReport {
  const doc: CheckDocument = {
    pairs: input.pairs.map((p) => new PreparedPair(p)),
    style: { quotes: 'curly', ...input.style },
    ...(input.glossary ? { glossary: input.glossary } : {}),
    ...(input.glossaryVersion ? { glossaryVersion: input.glossaryVersion } : {}),
    ...(input.memory ? { memory: input.memory } : {}),
  };
  const wanted = options.only ? new Set(options.only) : null;
  const raw: RawFinding[] = [];
  let digests: string[] | undefined;
  for (const check of checks) {
    if (wanted && !wanted.has(check.id)) continue;
    const { memo } = options;
    const pairCheck = check.pair;
    const context = memo && pairCheck ? pairCheck.context(doc) : null;
    if (!memo || !pairCheck || context === null) {
      // Appended one by one: spreading a book's worth of findings into push() overflows the stack.
      for (const finding of check.run(doc)) raw.push(finding);
      continue;
    }
    const digestOf = (digests ??= input.pairs.map(pairDigest));
    doc.pairs.forEach((prepared, i) => {
      const found = memo.findings(check.id, context, digestOf[i]!, () => pairCheck.check(prepared, doc));
      for (const finding of found) raw.push(finding);
    });
  }
  raw.sort((a, b) => a.paragraph - b.paragraph || CHECK_IDS.indexOf(a.check) - CHECK_IDS.indexOf(b.check));
  const findings = withKeys(raw).map((f) => ({ ...f, ignored: false }));
  return applyIgnores({ findings, paragraphsChecked: input.pairs.length }, options.ignored);
}

/**
 * The report with these occurrences ignored and everything counted again: ignores change without the English
 * changing, so a report kept for that English (lib/documents/checks-cache) is given the ignores in force now.
 */
export function applyIgnores(
  report: Pick<CheckReport, 'findings' | 'paragraphsChecked'>,
  ignored: ReadonlySet<string> = new Set(),
): CheckReport {
  const counts = emptyCounts();
  let unignoredErrors = 0;
  const findings = report.findings.map((f) => {
    const isIgnored = ignored.has(occurrenceId(f));
    const count = counts[f.check];
    if (isIgnored) count.ignored += 1;
    else if (f.severity === 'error') {
      count.errors += 1;
      unignoredErrors += 1;
    } else count.warnings += 1;
    return f.ignored === isIgnored ? f : { ...f, ignored: isIgnored };
  });
  return { findings, counts, unignoredErrors, paragraphsChecked: report.paragraphsChecked };
}
