/**
 * How long the QA checks take on a whole book: Don Quijote's 4,958 Spanish paragraphs, each with its share of
 * Ormsby's English translation (paragraphs aligned chapter by chapter with lib/align, the English sentences of an
 * n:m link shared out by length).
 *
 *   npm run bench:checks -- --data ../shared/data [--rounds 3]
 *
 * Runs, interleaved round by round on the same machine (medians printed):
 * - views: the pairs carry their sentences and alignment, as the reader's paragraph views do (what `paralelo
 *   check` runs);
 * - views + glossary: the same with the 40-entry evaluation glossary, and with a 20,000-entry one (the largest
 *   accepted) made of the book's own words;
 * - raw: the checks segment and align every pair themselves.
 * Setting the book up (alignment, segmentation) is not timed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { alignParagraphs, alignSentences } from '../lib/align';
import { runChecks, type CheckInput, type CheckPair } from '../lib/checks';
import { compileGlossary, readGlossary, type GlossaryEntry } from '../lib/glossary';
import { splitSentences } from '../lib/text/sentences';

interface Chapter {
  es_paragraphs: string[];
  en_paragraphs: string[];
}

function parseArgs(argv: string[]): { data: string; rounds: number } {
  let data = '../shared/data';
  let rounds = 3;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data') data = argv[++i] ?? data;
    else if (argv[i] === '--rounds') rounds = Math.max(1, Number(argv[++i]) || rounds);
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('usage: npm run bench:checks -- [--data ../shared/data] [--rounds 3]');
      process.exit(0);
    }
  }
  return { data, rounds };
}

/** One pair per Spanish paragraph: the English of its link, its sentences shared out by the Spanish lengths. */
function bookPairs(chapters: Chapter[]): CheckPair[] {
  const pairs: CheckPair[] = [];
  for (const chapter of chapters) {
    for (const link of alignParagraphs(chapter.es_paragraphs, chapter.en_paragraphs)) {
      const spanish = link.source.map((i) => chapter.es_paragraphs[i]!);
      const english = splitSentences(link.target.map((i) => chapter.en_paragraphs[i]!).join('\n\n'));
      const total = spanish.reduce((sum, s) => sum + s.length, 0) || 1;
      let taken = 0;
      let seen = 0;
      spanish.forEach((source, k) => {
        seen += source.length;
        const upTo = k === spanish.length - 1 ? english.length : Math.round((english.length * seen) / total);
        pairs.push({ index: pairs.length, source, target: english.slice(taken, upTo).join(' ') });
        taken = upTo;
      });
    }
  }
  return pairs;
}

/** The pairs as the reader's views carry them: sentences and their alignment, computed beforehand. */
function withLayout(pairs: CheckPair[]): CheckPair[] {
  return pairs.map((p) => {
    const sourceSentences = splitSentences(p.source);
    const targetSentences = splitSentences(p.target);
    return { ...p, sourceSentences, targetSentences, alignment: alignSentences(sourceSentences, targetSentences) };
  });
}

/** A glossary of the largest accepted size, from the book's own words (so that terms do occur). */
function bigGlossary(pairs: CheckPair[], size: number): GlossaryEntry[] {
  const words = new Set<string>();
  for (const p of pairs) {
    for (const w of p.source.toLowerCase().match(/\p{L}{4,}/gu) ?? []) {
      words.add(w);
      if (words.size >= size) break;
    }
    if (words.size >= size) break;
  }
  return [...words].map((term) => ({ term, forms: [], english: [term], forbidden: [] }));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

function main(): void {
  const { data, rounds } = parseArgs(process.argv.slice(2));
  const root = path.resolve(data);
  const chapters = JSON.parse(
    readFileSync(path.join(root, 'longtext/quijote/quijote_chapters_es_en.json'), 'utf8'),
  ) as Chapter[];
  const setupStart = performance.now();
  const raw = bookPairs(chapters);
  const views = withLayout(raw);
  const evalGlossaryFile = path.join(import.meta.dirname, 'data', 'news-glossary.es-en.csv');
  const read = readGlossary(readFileSync(evalGlossaryFile), evalGlossaryFile);
  if (!read.ok) throw new Error(read.message);
  const small = compileGlossary(read.entries);
  const bigEntries = bigGlossary(raw, 20_000);
  const compileStart = performance.now();
  const big = compileGlossary(bigEntries);
  const compileMs = performance.now() - compileStart;
  console.log(
    `Don Quijote: ${raw.length} paragraph pairs (${raw.reduce((n, p) => n + p.source.length, 0).toLocaleString('en-US')} Spanish characters); ` +
      `set up in ${((performance.now() - setupStart) / 1000).toFixed(1)} s (not timed below).`,
  );
  console.log(
    `Glossaries: ${read.entries.length} entries, and ${bigEntries.length} (compiled in ${compileMs.toFixed(0)} ms).\n`,
  );

  const variants: Array<[string, CheckInput]> = [
    ['views', { pairs: views }],
    ['views + glossary (40)', { pairs: views, glossary: small }],
    [`views + glossary (${bigEntries.length})`, { pairs: views, glossary: big }],
    ['raw (segment and align here)', { pairs: raw }],
  ];
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  let findings = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    findings = new Map();
    for (const [name, input] of variants) {
      const start = performance.now();
      const report = runChecks(input);
      times.get(name)!.push(performance.now() - start);
      findings.set(name, report.findings.length);
    }
  }
  const base = median(times.get('views')!);
  console.log(`median of ${rounds} interleaved rounds:`);
  for (const [name] of variants) {
    const ms = median(times.get(name)!);
    console.log(
      `  ${name.padEnd(32)} ${ms.toFixed(0).padStart(6)} ms  ${((1000 * ms) / raw.length).toFixed(0).padStart(5)} µs/paragraph  ` +
        `×${(ms / base).toFixed(2)} of views  (${findings.get(name)} findings)`,
    );
  }
}

main();
