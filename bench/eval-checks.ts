/**
 * Evaluates the QA checks (lib/checks) on human reference translations: how often they raise a false alarm on a
 * reference, and how often they catch an error injected into one.
 *
 *   npm run eval:checks -- --data ../shared/data [--show numbers|omission|...] [--glossary file.csv] [--eval]
 *
 * Dev sets (tune here): newstest2012 and FLORES-200 dev, sentence-aligned line by line; --eval adds the evaluation
 * sets newstest2013 and FLORES-200 devtest (reported, never shown, to see whether what was tuned holds on text it
 * was not tuned on; their defects are not annotated, so their number alarms include the references' own). Two
 * layouts:
 * - sentences: each line pair is a paragraph, the whole set one document;
 * - paragraphs: three consecutive lines that each end a sentence (. ? ! …) joined into one paragraph, which is how
 *   a sentence can be dropped from the English of a paragraph.
 * Injected errors, each into a copy of the references, detected when the check reports more findings on the
 * paragraph than it did on the clean reference:
 * - numbers altered: the first number of the English that the check matched, one digit changed;
 * - a sentence dropped: one of the three English sentences of a paragraph (the first, second or third in turn),
 *   one paragraph in ten at a time, so that the document's own length ratio stays that of the references;
 * - a term replaced: the English of a glossary term (bench/data/news-glossary.es-en.csv, written for this) by the
 *   wrong English the glossary forbids;
 * - punctuation swapped: the final period for a question mark (and back), Spanish ¿ ¡ put in, quotes turned «».
 * --show lists the false alarms of one check (dev data: reading them is how the checks were tuned).
 *
 * Numbers findings that point at a real defect of the reference (a Spanish number form left in the English, or the
 * two sides disagreeing on a number), each verified by reading both sides and listed in
 * bench/data/reference-defects.json (--defects), are counted apart from the false alarms, with examples.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runChecks, type CheckId, type CheckInput, type CheckPair, type CheckReport } from '../lib/checks';
import { compileGlossary, readGlossary, type GlossaryIndex } from '../lib/glossary';
import { readNumbers } from '../lib/checks/number-reading';
import { defectFor, readReferenceDefects, type ReferenceDefect } from './lib/reference-defects';

interface DevSet {
  name: string;
  /** Dev sets are where the checks were tuned; evaluation sets (--eval) are only reported, never shown. */
  role: 'dev' | 'eval';
  es: string;
  en: string;
  /** Another system's English of the same lines: the machine-translation bridge the reader would have. */
  bridge: string;
}

const SETS: DevSet[] = [
  {
    name: 'newstest2012',
    role: 'dev',
    es: 'parallel/newstest/newstest2012.es',
    en: 'parallel/newstest/newstest2012.en',
    bridge: 'parallel/newstest/system-outputs/newstest2012.bergamot-base-memory.en',
  },
  {
    name: 'FLORES dev',
    role: 'dev',
    es: 'parallel/flores/flores200-dev.spa_Latn.es',
    en: 'parallel/flores/flores200-dev.eng_Latn.en',
    bridge: 'parallel/flores/system-outputs/flores200-dev.bergamot-base-memory.en',
  },
  {
    name: 'newstest2013 (eval)',
    role: 'eval',
    es: 'parallel/newstest/newstest2013.es',
    en: 'parallel/newstest/newstest2013.en',
    bridge: 'parallel/newstest/system-outputs/newstest2013.bergamot-base-memory.en',
  },
  {
    name: 'FLORES devtest (eval)',
    role: 'eval',
    es: 'parallel/flores/flores200-devtest.spa_Latn.es',
    en: 'parallel/flores/flores200-devtest.eng_Latn.en',
    bridge: 'parallel/flores/system-outputs/flores200-devtest.bergamot-base-memory.en',
  },
];

const SENTENCE_CHECKS: CheckId[] = [
  'numbers',
  'markup',
  'untranslated',
  'punctuation',
  'length',
  'consistency',
  'glossary',
];

function parseArgs(argv: string[]): {
  data: string;
  show?: CheckId;
  glossary: string;
  defects: string;
  withEval: boolean;
} {
  let data = '../shared/data';
  let withEval = false;
  let show: CheckId | undefined;
  let glossary = path.join(import.meta.dirname, 'data', 'news-glossary.es-en.csv');
  let defects = path.join(import.meta.dirname, 'data', 'reference-defects.json');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v) throw new Error(`eval-checks: ${arg} needs a value`);
      return v;
    };
    if (arg === '--data') data = value();
    else if (arg === '--show') show = value() as CheckId;
    else if (arg === '--glossary') glossary = value();
    else if (arg === '--defects') defects = value();
    else if (arg === '--eval') withEval = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: npm run eval:checks -- [--data ../shared/data] [--show <check>] [--glossary file.csv] [--defects file.json] [--eval]',
      );
      process.exit(0);
    } else throw new Error(`eval-checks: unknown option ${arg}`);
  }
  return { data, glossary, defects, withEval, ...(show ? { show } : {}) };
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n');
const ENDS_SENTENCE = /[.?!…]["'»”’)\]]*$/u;

/** Findings of one check per paragraph. */
function perParagraph(report: CheckReport, check: CheckId): Map<number, number> {
  const counts = new Map<number, number>();
  for (const f of report.findings) if (f.check === check) counts.set(f.paragraph, (counts.get(f.paragraph) ?? 0) + 1);
  return counts;
}

interface Recall {
  injected: number;
  detected: number;
}

/** Recall of `check` on the corrupted pairs (same indices as the clean ones they come from). */
function recallOf(clean: CheckReport, corrupted: CheckReport, check: CheckId, indices: Iterable<number>): Recall {
  const before = perParagraph(clean, check);
  const after = perParagraph(corrupted, check);
  let injected = 0;
  let detected = 0;
  for (const i of indices) {
    injected += 1;
    if ((after.get(i) ?? 0) > (before.get(i) ?? 0)) detected += 1;
  }
  return { injected, detected };
}

const pct = (n: number, d: number) => (d === 0 ? '  n/a' : `${((100 * n) / d).toFixed(2)}%`);

/** The English with its first matched number changed by one digit, or null when it has none. */
function alterNumber(pair: CheckPair, clean: CheckReport): string | null {
  const flagged = new Set(
    clean.findings
      .filter((f) => f.paragraph === pair.index && f.check === 'numbers')
      .flatMap((f) => f.target.map((s) => s.start)),
  );
  const target = readNumbers(pair.target, 'en').find((n) => !flagged.has(n.span.start) && /\d/u.test(n.raw));
  if (!target || readNumbers(pair.source, 'es').length === 0) return null;
  const digits = [...pair.target.slice(target.span.start, target.span.end)];
  const last = digits.findLastIndex((c) => /\d/u.test(c));
  digits[last] = String((Number(digits[last]) + 3) % 10);
  return pair.target.slice(0, target.span.start) + digits.join('') + pair.target.slice(target.span.end);
}

/** Punctuation errors a translator makes, each as a function of the English (null where it does not apply). */
const PUNCTUATION_ERRORS: Record<string, (target: string) => string | null> = {
  'final . → ?': (t) => (/\.$/u.test(t.trim()) ? t.trim().replace(/\.$/u, '?') : null),
  'final ? → .': (t) => (/\?$/u.test(t.trim()) ? t.trim().replace(/\?$/u, '.') : null),
  '¿ ¡ left in': (t) => (/[?!]$/u.test(t.trim()) ? (t.trim().endsWith('?') ? '¿' : '¡') + t.trim() : null),
  'quotes → «»': (t) =>
    /"[^"]+"|“[^”]+”/u.test(t) ? t.replace(/"([^"]+)"|“([^”]+)”/u, (_, a, b) => `«${a ?? b}»`) : null,
};

function main(): void {
  const {
    data,
    show: showDev,
    glossary: glossaryFile,
    defects: defectsFile,
    withEval,
  } = parseArgs(process.argv.slice(2));
  const sets = SETS.filter((s) => withEval || s.role === 'dev');
  let defects: ReferenceDefect[];
  try {
    defects = readReferenceDefects(defectsFile);
  } catch (error) {
    console.error(`eval-checks: ${(error as Error).message}`);
    process.exit(2);
  }
  const defectsFlagged = new Map<ReferenceDefect, string>();
  const root = path.resolve(data);
  const missing = sets
    .flatMap((s) => [s.es, s.en])
    .map((f) => path.join(root, f))
    .filter((f) => !existsSync(f));
  if (missing.length > 0) {
    console.error(
      `eval-checks: data not found:\n  ${missing.join('\n  ')}\nPass the shared data folder: --data ../shared/data`,
    );
    process.exit(2);
  }
  const read = readGlossary(readFileSync(glossaryFile), glossaryFile);
  if (!read.ok) {
    console.error(`eval-checks: ${glossaryFile}: ${read.message}`);
    process.exit(2);
  }
  const glossary: GlossaryIndex = compileGlossary(read.entries);
  console.log(`Glossary: ${read.entries.length} entries from ${path.relative(process.cwd(), glossaryFile)}.\n`);

  const alarmRows: string[][] = [];
  const recallRows: string[][] = [];
  for (const set of sets) {
    // Reading an evaluation set's findings would invite tuning on it.
    const show = set.role === 'dev' ? showDev : undefined;
    const es = lines(path.join(root, set.es));
    const en = lines(path.join(root, set.en));
    const bridgeLines = existsSync(path.join(root, set.bridge)) ? lines(path.join(root, set.bridge)) : [];
    const pairs: CheckPair[] = [];
    const lineOf: number[] = [];
    es.forEach((source, i) => {
      if (!source.trim()) return;
      pairs.push({ index: pairs.length, source, target: en[i] ?? '' });
      lineOf.push(i + 1);
    });

    // False alarms, one line a paragraph.
    const started = performance.now();
    const clean = runChecks({ pairs, glossary }, { only: SENTENCE_CHECKS });
    const ms = performance.now() - started;
    for (const check of SENTENCE_CHECKS) {
      const flagged = perParagraph(clean, check);
      const errors = new Set(
        clean.findings.filter((f) => f.check === check && f.severity === 'error').map((f) => f.paragraph),
      );
      alarmRows.push([
        set.name,
        'sentences',
        check,
        `${flagged.size}/${pairs.length}`,
        pct(flagged.size, pairs.length),
        pct(errors.size, pairs.length),
      ]);
    }
    // The numbers check two ways: numbers missing or added (what the translation says), and Spanish forms left in
    // the English ("3,5 %"), which the newstest references, translated from other languages, often keep.
    for (const [label, keys] of [
      ['numbers: missing/added', ['numbers.missing', 'numbers.added']],
      ['numbers: Spanish form', ['numbers.form']],
    ] as const) {
      const hit = new Set(
        clean.findings.filter((f) => (keys as readonly string[]).includes(f.message)).map((f) => f.paragraph),
      );
      const errors = new Set(
        clean.findings
          .filter((f) => (keys as readonly string[]).includes(f.message) && f.severity === 'error')
          .map((f) => f.paragraph),
      );
      alarmRows.push([
        set.name,
        'sentences',
        label,
        `${hit.size}/${pairs.length}`,
        pct(hit.size, pairs.length),
        pct(errors.size, pairs.length),
      ]);
    }
    // The numbers check's false alarms, once the findings that point at a verified defect of the reference are set
    // apart.
    const explained = new Map<(typeof clean.findings)[number], ReferenceDefect>();
    for (const f of clean.findings) {
      if (f.check !== 'numbers') continue;
      const line = lineOf[f.paragraph]!;
      const defect = defectFor(
        f,
        defects.filter((d) => d.set === set.name && d.line === line),
      );
      if (!defect) continue;
      explained.set(f, defect);
      defectsFlagged.set(defect, `${f.message} ${String(f.params.number)}`);
    }
    const numberFindings = clean.findings.filter((f) => f.check === 'numbers');
    const falseAlarms = new Set(numberFindings.filter((f) => !explained.has(f)).map((f) => f.paragraph));
    const defective = new Set([...explained.keys()].map((f) => f.paragraph));
    alarmRows.push(
      [
        set.name,
        'sentences',
        'numbers: false alarms',
        `${falseAlarms.size}/${pairs.length}`,
        pct(falseAlarms.size, pairs.length),
      ],
      [
        set.name,
        'sentences',
        'numbers: defects of the reference',
        `${defective.size}/${pairs.length}`,
        pct(defective.size, pairs.length),
      ],
    );
    if (show) {
      for (const f of clean.findings.filter((x) => x.check === show)) {
        const p = pairs[f.paragraph]!;
        const defect = explained.get(f);
        const label =
          show === 'numbers' ? (defect ? ` [defect of the reference: ${defect.kind}]` : ' [false alarm]') : '';
        console.log(
          `[${set.name}] line ${lineOf[f.paragraph]}${label} ${f.message} ${JSON.stringify(f.params)}\n  es: ${p.source}\n  en: ${p.target}`,
        );
      }
    }

    // Paragraphs of three sentences: false alarms of the omission and length checks, and recall on a dropped sentence.
    const paragraphs: Array<CheckPair & { lines: string[] }> = [];
    for (let i = 0; i + 3 <= es.length; i += 3) {
      const group = [0, 1, 2].map((k) => ({ es: es[i + k] ?? '', en: en[i + k] ?? '', mt: bridgeLines[i + k] }));
      if (!group.every((g) => ENDS_SENTENCE.test(g.es.trim()) && ENDS_SENTENCE.test(g.en.trim()))) continue;
      const bridge = group.every((g) => g.mt !== undefined) ? group.map((g) => g.mt!) : undefined;
      paragraphs.push({
        index: paragraphs.length,
        source: group.map((g) => g.es.trim()).join(' '),
        target: group.map((g) => g.en.trim()).join(' '),
        lines: group.map((g) => g.en.trim()),
        ...(bridge ? { bridge } : {}),
      });
    }
    for (const bridged of [false, true]) {
      const input = paragraphs.map(({ lines: _lines, bridge, ...p }) => (bridged && bridge ? { ...p, bridge } : p));
      const cleanParagraphs = runChecks({ pairs: input }, { only: ['omission', 'length'] });
      const label = bridged ? 'paragraphs + MT bridge' : 'paragraphs';
      for (const check of ['omission', 'length'] as const) {
        const flagged = perParagraph(cleanParagraphs, check);
        const sentences = [...flagged.values()].reduce((a, b) => a + b, 0);
        alarmRows.push([
          set.name,
          label,
          check,
          `${flagged.size}/${paragraphs.length}`,
          pct(flagged.size, paragraphs.length),
          `${pct(sentences, 3 * paragraphs.length)} of sentences`,
        ]);
      }
      if (show === 'omission' && !bridged) {
        for (const f of cleanParagraphs.findings.filter((x) => x.check === 'omission')) {
          console.log(
            `[${set.name}] ${f.message} ${JSON.stringify(f.params)}\n  es: ${paragraphs[f.paragraph]!.source}\n  en: ${paragraphs[f.paragraph]!.target}`,
          );
        }
      }
      // One paragraph in ten has a sentence dropped, so that the document's length ratio stays the references'.
      const total: Record<'omission' | 'length' | 'either', Recall> = {
        omission: { injected: 0, detected: 0 },
        length: { injected: 0, detected: 0 },
        either: { injected: 0, detected: 0 },
      };
      for (let offset = 0; offset < 10; offset++) {
        const broken = new Set(input.filter((p) => p.index % 10 === offset).map((p) => p.index));
        const corrupted = input.map((p) =>
          broken.has(p.index)
            ? { ...p, target: paragraphs[p.index]!.lines.filter((_, k) => k !== p.index % 3).join(' ') }
            : p,
        );
        const report = runChecks({ pairs: corrupted }, { only: ['omission', 'length'] });
        for (const check of ['omission', 'length'] as const) {
          const r = recallOf(cleanParagraphs, report, check, broken);
          total[check].injected += r.injected;
          total[check].detected += r.detected;
        }
        const o = perParagraph(report, 'omission');
        const l = perParagraph(report, 'length');
        const o0 = perParagraph(cleanParagraphs, 'omission');
        const l0 = perParagraph(cleanParagraphs, 'length');
        for (const i of broken) {
          total.either.injected += 1;
          if ((o.get(i) ?? 0) > (o0.get(i) ?? 0) || (l.get(i) ?? 0) > (l0.get(i) ?? 0)) total.either.detected += 1;
        }
      }
      for (const [check, r] of Object.entries(total)) {
        recallRows.push([
          set.name,
          `sentence dropped${bridged ? ' (MT bridge)' : ''}`,
          check,
          `${r.detected}/${r.injected}`,
          pct(r.detected, r.injected),
        ]);
      }
    }

    // Errors injected into the English of the pairs, one kind at a time.
    const inject = (
      label: string,
      check: CheckId,
      corrupt: (pair: CheckPair) => string | null,
      extra: Partial<CheckInput> = {},
    ) => {
      const corrupted: CheckPair[] = [];
      for (const pair of pairs) {
        const target = corrupt(pair);
        if (target !== null && target !== pair.target) corrupted.push({ ...pair, target });
      }
      const report = runChecks({ pairs: corrupted, ...extra }, { only: [check] });
      const before = runChecks({ pairs: corrupted.map((p) => pairs[p.index]!), ...extra }, { only: [check] });
      const r = recallOf(
        before,
        report,
        check,
        corrupted.map((p) => p.index),
      );
      recallRows.push([set.name, label, check, `${r.detected}/${r.injected}`, pct(r.detected, r.injected)]);
    };
    inject('number altered', 'numbers', (pair) => alterNumber(pair, clean));
    // A term replaced by the English the glossary forbids for it.
    inject(
      'term replaced',
      'glossary',
      (pair) => {
        for (const { entry } of glossary.findInSpanish(pair.source)) {
          const spans = glossary.findInEnglish(pair.target, entry, 'english');
          const wrong = glossary.entries[entry]!.forbidden[0];
          if (spans.length > 0 && wrong)
            return spans.reduceRight((t, s) => t.slice(0, s.start) + wrong + t.slice(s.end), pair.target);
        }
        return null;
      },
      { glossary },
    );
    for (const [name, corrupt] of Object.entries(PUNCTUATION_ERRORS)) {
      inject(`punctuation: ${name}`, 'punctuation', (pair) => corrupt(pair.target));
    }
    console.log(
      `${set.name}: ${pairs.length} pairs, ${paragraphs.length} paragraphs of three sentences; all checks on the pairs in ${ms.toFixed(0)} ms`,
    );
  }

  const table = (header: string[], rows: string[][]) => {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
    const line = (cells: string[]) =>
      cells
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd();
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of rows) console.log(line(row));
  };
  console.log('\nFalse alarms on the human references (target: at most 1% for numbers and omission)\n');
  table(['set', 'layout', 'check', 'flagged', 'rate', 'errors only'], alarmRows);
  console.log('\nRecall on errors injected into the references (target: at least 95% each)\n');
  table(['set', 'error injected', 'check', 'detected', 'recall'], recallRows);
  printDefects(defects, defectsFlagged, path.relative(process.cwd(), defectsFile));
}

/** The verified defects of the references the numbers check flags, by kind, with examples; and any it no longer flags. */
function printDefects(
  defects: readonly ReferenceDefect[],
  flagged: ReadonlyMap<ReferenceDefect, string>,
  file: string,
) {
  console.log(`\nDefects of the references the numbers check flags (verified by reading both sides; ${file}):`);
  for (const kind of ['form', 'differs', 'english-lacks', 'spanish-lacks'] as const) {
    const found = defects.filter((d) => d.kind === kind && flagged.has(d));
    console.log(`  ${kind}: ${found.length} sentences`);
    // Examples that differ in more than their numbers first ("decimal comma", "a dot for thousands").
    const shape = (d: ReferenceDefect) => d.note.replace(/[\d.,]+/gu, '');
    const distinct = found.filter((d, i) => found.findIndex((e) => shape(e) === shape(d)) === i);
    const examples = [...distinct, ...found].slice(0, 3);
    for (const d of new Set(examples)) console.log(`    ${d.set} line ${d.line} (${flagged.get(d)}): ${d.note}`);
  }
  const missed = defects.filter((d) => !flagged.has(d));
  if (missed.length > 0) {
    console.log(`  no longer flagged (${missed.length}):`);
    for (const d of missed) console.log(`    ${d.set} line ${d.line} ${d.kind}: ${d.note}`);
  }
}

main();
