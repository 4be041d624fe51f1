/**
 * Evaluates Spanish sentence segmentation against public test sets and prints, per set, the cases passed (exact
 * match of the sentence lists, each sentence trimmed) and boundary precision / recall / F1, for lib/text's
 * splitSentences and for Intl.Segmenter alone.
 *
 *   npm run eval:segmentation -- --data ../shared/data [--show-failures] [--dev-only]
 *
 * pySBD, pragmatic_segmenter and UD Spanish-GSD dev (web text of the same kind as UD-PUD) are dev sets; LanguageTool
 * and UD Spanish-PUD are evaluation sets. --show-failures lists failed cases of the dev sets only: printing the
 * evaluation sets' failures would invite tuning on them. --dev-only leaves the evaluation sets out altogether, for
 * tuning: their figures are for the report once the rules are written.
 *
 * A larger dev check follows the table: news and FLORES lines (one segment each) joined five by five, and how many
 * of the line ends that follow a terminator the segmenter finds again; then, per file, how many lines the segmenter
 * cuts inside (a precision signal: almost every such line is one sentence). --show-failures lists those cuts too.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { splitSentences } from '../lib/text/sentences';

interface Case {
  text: string;
  sentences: string[];
}

interface SetSpec {
  name: string;
  file: string;
  role: 'dev' | 'eval';
}

const SETS: SetSpec[] = [
  { name: 'pySBD (es)', file: 'segmentation/pysbd_spanish_cases.json', role: 'dev' },
  { name: 'pragmatic_segmenter (es)', file: 'segmentation/pragmatic_spanish_cases.json', role: 'dev' },
  { name: 'UD Spanish-GSD dev', file: 'segmentation/ud_gsd_spanish_dev_docs.json', role: 'dev' },
  { name: 'LanguageTool (es)', file: 'segmentation/languagetool_spanish_cases.json', role: 'eval' },
  { name: 'UD Spanish-PUD docs', file: 'segmentation/ud_pud_spanish_docs.json', role: 'eval' },
];

type Segmenter = (text: string) => string[];

const intl = new Intl.Segmenter('es', { granularity: 'sentence' });
const intlAlone: Segmenter = (text) =>
  Array.from(intl.segment(text), (s) => s.segment.trim()).filter((s) => s.length > 0);

/**
 * Sentence ends as offsets in the text with all whitespace removed, so that boundaries compare whatever spacing
 * each side keeps. A sentence is located by searching forward, which tolerates a gold list that dropped characters
 * (pragmatic_segmenter drops a "_____" separator line).
 */
function boundaryOffsets(text: string, sentences: string[]): Set<number> {
  const stream = text.replace(/\s+/gu, '');
  const ends = new Set<number>();
  let cursor = 0;
  for (const sentence of sentences.slice(0, -1)) {
    const compact = sentence.replace(/\s+/gu, '');
    const at = stream.indexOf(compact, cursor);
    cursor = (at >= 0 ? at : cursor) + compact.length;
    ends.add(cursor);
  }
  return ends;
}

interface Score {
  cases: number;
  passed: number;
  truePositives: number;
  predicted: number;
  gold: number;
  failures: Array<{ text: string; expected: string[]; got: string[] }>;
}

function score(cases: Case[], segment: Segmenter): Score {
  const result: Score = { cases: cases.length, passed: 0, truePositives: 0, predicted: 0, gold: 0, failures: [] };
  for (const { text, sentences } of cases) {
    const expected = sentences.map((s) => s.trim()).filter((s) => s.length > 0);
    const got = segment(text).map((s) => s.trim());
    if (got.length === expected.length && got.every((s, i) => s === expected[i])) result.passed++;
    else result.failures.push({ text, expected, got });
    const goldEnds = boundaryOffsets(text, expected);
    const gotEnds = boundaryOffsets(text, got);
    result.gold += goldEnds.size;
    result.predicted += gotEnds.size;
    for (const end of gotEnds) if (goldEnds.has(end)) result.truePositives++;
  }
  return result;
}

function figures(s: Score): string[] {
  const precision = s.predicted === 0 ? 1 : s.truePositives / s.predicted;
  const recall = s.gold === 0 ? 1 : s.truePositives / s.gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const pct = ((100 * s.passed) / Math.max(1, s.cases)).toFixed(1);
  return [`${s.passed}/${s.cases} (${pct}%)`, precision.toFixed(4), recall.toFixed(4), f1.toFixed(4)];
}

/**
 * Gold sentence ends not preceded by terminal punctuation (closing quotes aside) in one-line texts: no rule can find
 * them there (in texts with line breaks, the breaks can).
 */
function unpunctuatedBoundaries(cases: Case[]): { total: number; unpunctuated: number } {
  let total = 0;
  let unpunctuated = 0;
  for (const { text, sentences } of cases) {
    if (/[\n\r]/u.test(text)) continue;
    for (const sentence of sentences.slice(0, -1)) {
      total++;
      if (!/[.?!…][)\]»”’"']*$/u.test(sentence.trim())) unpunctuated++;
    }
  }
  return { total, unpunctuated };
}

/** Dev text of one segment per line (news and FLORES dev), joined LINES_PER_TEXT at a time. */
const LINE_FILES = ['parallel/newstest/newstest2012.es', 'parallel/flores/flores200-dev.spa_Latn.es'];
const LINES_PER_TEXT = 5;

interface LineEnds {
  /** Line ends inside the joined texts (not the last line's). */
  ends: number;
  /** Those after a terminator (. ? ! …, maybe followed by closing quotes or brackets): a segmenter can find them. */
  punctuated: number;
  found: number;
  missed: string[];
}

/** How many of the punctuated line ends of the dev files `segment` finds again once the lines are joined. */
function lineEnds(files: string[], segment: Segmenter): LineEnds {
  const result: LineEnds = { ends: 0, punctuated: 0, found: 0, missed: [] };
  for (const file of files) {
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    for (let i = 0; i + LINES_PER_TEXT <= lines.length; i += LINES_PER_TEXT) {
      const group = lines.slice(i, i + LINES_PER_TEXT);
      const text = group.join(' ');
      const predicted = boundaryOffsets(text, segment(text));
      let offset = 0;
      group.slice(0, -1).forEach((line, k) => {
        offset += line.replace(/\s+/gu, '').length;
        result.ends += 1;
        if (!/[.?!…]["'»”’)\]]*$/u.test(line)) return;
        result.punctuated += 1;
        if (predicted.has(offset)) result.found += 1;
        else result.missed.push(`${line.slice(-60)} | ${group[k + 1]!.slice(0, 40)}`);
      });
    }
  }
  return result;
}

/** What ends the sentence before a cut, which says how suspect the cut is. */
type CutKind = 'word' | 'question' | 'ellipsis' | 'other';
const CUT_KIND_LABELS: Record<CutKind, string> = {
  word: 'a word of 4+ letters and a period',
  question: '? or !',
  ellipsis: 'an ellipsis',
  other: 'anything else (an abbreviation, an initial, a number: the most suspect)',
};

function cutKind(sentence: string): CutKind {
  // Closing quotes and brackets around the final stop do not change its kind: 'ocurrió".', 'ganar».'
  const last = (sentence.split(/\s+/u).pop() ?? '').replace(/["'»”’)\]]+(\.?)$/u, '$1');
  if (/(?:\.\.\.|…)$/u.test(last)) return 'ellipsis';
  if (/[?!]$/u.test(last)) return 'question';
  if (/^[^\p{L}\p{N}]*\p{L}{4,}\.$/u.test(last)) return 'word';
  return 'other';
}

interface InsideCuts {
  file: string;
  lines: number;
  /** Lines the segmenter cut into more than one sentence. */
  cutLines: number;
  /** Boundaries placed inside lines: a line cut into three sentences counts two. */
  cuts: number;
  kinds: Record<CutKind, number>;
  shown: string[];
}

/**
 * Splits INSIDE a line of a one-segment-a-line dev file. Almost every line of news and FLORES is one sentence, so a
 * cut inside one is either one of the few lines a translator wrote as two sentences or a false split (an
 * abbreviation, an initial, a number...): a precision signal that UD-GSD dev, with no false splits left, no longer
 * gives. The cuts are counted by what ends the sentence before them, and told apart by reading them.
 */
function insideCuts(file: string, segment: Segmenter): InsideCuts {
  const kinds: Record<CutKind, number> = { word: 0, question: 0, ellipsis: 0, other: 0 };
  const result: InsideCuts = { file: path.basename(file), lines: 0, cutLines: 0, cuts: 0, kinds, shown: [] };
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    result.lines++;
    const sentences = segment(line);
    if (sentences.length < 2) continue;
    result.cutLines++;
    result.cuts += sentences.length - 1;
    for (const sentence of sentences.slice(0, -1)) kinds[cutKind(sentence)]++;
    result.shown.push(sentences.join(' ‖ '));
  }
  return result;
}

function parseArgs(argv: string[]): { data: string; showFailures: boolean; devOnly: boolean } {
  let data = '../shared/data';
  let showFailures = false;
  let devOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data') {
      const value = argv[++i];
      if (!value) throw new Error('eval-segmentation: --data needs a path, for example --data ../shared/data');
      data = value;
    } else if (arg?.startsWith('--data=')) data = arg.slice('--data='.length);
    else if (arg === '--show-failures') showFailures = true;
    else if (arg === '--dev-only') devOnly = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run eval:segmentation -- [--data ../shared/data] [--show-failures] [--dev-only]');
      process.exit(0);
    }
  }
  return { data, showFailures, devOnly };
}

function loadCases(file: string): Case[] {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(raw)) throw new Error(`eval-segmentation: ${file} is not a JSON array of {text, sentences}`);
  return raw.map((item: { text?: unknown; sentences?: unknown }, index) => {
    if (typeof item.text !== 'string' || !Array.isArray(item.sentences)) {
      throw new Error(`eval-segmentation: ${file}, item ${index} has no "text" string and "sentences" array`);
    }
    return { text: item.text, sentences: item.sentences.map(String) };
  });
}

function main(): void {
  const { data, showFailures, devOnly } = parseArgs(process.argv.slice(2));
  const root = path.resolve(data);
  const sets = SETS.filter((s) => !devOnly || s.role === 'dev');
  const missing = sets.map((s) => path.join(root, s.file)).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    console.error(
      `eval-segmentation: data not found under ${root}:\n  ${missing.join('\n  ')}\n` +
        'Pass the shared data folder: npm run eval:segmentation -- --data ../shared/data',
    );
    process.exit(2);
  }

  const header = ['set', 'role', 'segmenter', 'cases passed', 'precision', 'recall', 'F1'];
  const rows: string[][] = [];
  const ceilings: string[] = [];
  const devFailures: Array<{ set: string; failures: Score['failures'] }> = [];
  for (const set of sets) {
    const cases = loadCases(path.join(root, set.file));
    const baseline = score(cases, intlAlone);
    const ours = score(cases, splitSentences);
    rows.push([set.name, set.role, 'Intl.Segmenter', ...figures(baseline)]);
    rows.push(['', '', 'lib/text', ...figures(ours)]);
    if (set.role === 'dev') devFailures.push({ set: set.name, failures: ours.failures });
    const { total, unpunctuated } = unpunctuatedBoundaries(cases);
    if (unpunctuated > 0) {
      const recall = (total - unpunctuated) / total;
      ceilings.push(
        `${set.name}: ${unpunctuated} of ${total} gold boundaries in one-line texts follow no . ? ! or … (best F1 of a splitter ` +
          `that splits only after those: ${((2 * recall) / (1 + recall)).toFixed(4)})`,
      );
    }
  }

  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('\nCases passed: exact match of the trimmed sentence lists. Boundaries: sentence ends compared in the');
  console.log(
    "text with whitespace removed. UD-PUD: each document's gold sentences joined by one space (as the file gives).",
  );

  if (ceilings.length > 0) console.log(`\n${ceilings.join('\n')}`);

  const lineFiles = LINE_FILES.map((f) => path.join(root, f)).filter((f) => existsSync(f));
  let lineMisses: string[] = [];
  if (lineFiles.length > 0) {
    const ours = lineEnds(lineFiles, splitSentences);
    const theirs = lineEnds(lineFiles, intlAlone);
    const pct = (r: LineEnds) => `${((100 * r.found) / Math.max(1, r.punctuated)).toFixed(1)}%`;
    console.log(
      `\nDev, ${LINE_FILES.map((f) => path.basename(f)).join(' + ')} (one segment a line), joined ${LINES_PER_TEXT} ` +
        `lines at a time: ${ours.ends} line ends, ${ours.punctuated} after a terminator. Found again: lib/text ` +
        `${ours.found} (${pct(ours)}), Intl.Segmenter ${theirs.found} (${pct(theirs)}).`,
    );
    lineMisses = ours.missed;
  }

  const cutReports: InsideCuts[] = [];
  for (const file of lineFiles) {
    const ours = insideCuts(file, splitSentences);
    const theirs = insideCuts(file, intlAlone);
    cutReports.push(ours);
    console.log(
      `Dev, ${ours.file}: splits inside a line (a line cut into more than one sentence): lib/text ${ours.cuts} in ` +
        `${ours.cutLines} of ${ours.lines} lines, Intl.Segmenter ${theirs.cuts} in ${theirs.cutLines} lines.`,
    );
    const kinds = (Object.keys(CUT_KIND_LABELS) as CutKind[]).map((k) => `${CUT_KIND_LABELS[k]} ${ours.kinds[k]}`);
    console.log(`  lib/text's cuts, by what ends the sentence before them: ${kinds.join(', ')}.`);
  }

  if (showFailures) {
    for (const miss of lineMisses) console.log(`\n[line ends] missed: ${miss}`);
    for (const report of cutReports) for (const cut of report.shown) console.log(`\n[${report.file}] cut: ${cut}`);
    for (const { set, failures } of devFailures) {
      for (const f of failures) {
        console.log(
          `\n[${set}] ${JSON.stringify(f.text)}\n  expected ${JSON.stringify(f.expected)}\n  got      ${JSON.stringify(f.got)}`,
        );
      }
    }
  }
}

main();
