/**
 * Sentence and paragraph alignment against public parallel text: `npm run eval:align -- --data ../shared/data`.
 *
 * (a) UD-PUD (dev for sentence alignment): each document's sides joined into one paragraph and re-segmented with
 *     lib/text splitSentences; gold links are mapped onto the re-segmented sentences by character offsets.
 * (b) newstest2012 (dev): paragraphs of 3-8 lines, English lines merged with the next (10%) or dropped (5%) with a
 *     seeded generator; without and with a machine-translation bridge (a stored system output).
 * (c) Don Quijote chapters 1-20 (dev): paragraph alignment per chapter (no gold: link shapes and whether the last
 *     paragraphs pair up), and the time and peak memory of aligning the whole book's paragraphs at once.
 *
 * Options: --data DIR (default ../shared/data), --only a,b,c, --bridge-system NAME, and weight overrides for
 * tuning on dev data: --anchors X --bridge X --skip X --variance X --length X.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_WEIGHTS, LENGTH_ONLY_WEIGHTS, type ScoreWeights, alignUnits } from '../lib/align/aligner';
import type { AlignmentLink } from '../lib/documents/types';
import { splitSentences } from '../lib/text';
import { mulberry32 } from '../tests/helpers/tiny-model/prng';

interface Args {
  data: string;
  only: Set<string>;
  bridgeSystem: string;
  weights: ScoreWeights;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string): string | undefined => {
    const k = argv.indexOf(`--${name}`);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  const weights = { ...DEFAULT_WEIGHTS };
  for (const key of Object.keys(weights) as (keyof ScoreWeights)[]) {
    const v = value(key);
    if (v !== undefined) weights[key] = Number(v);
  }
  return {
    data: value('data') ?? '../shared/data',
    only: new Set((value('only') ?? 'a,b,c').split(',')),
    bridgeSystem: value('bridge-system') ?? 'bergamot-base-memory',
    weights,
  };
}

type Link = Pick<AlignmentLink, 'source' | 'target'>;

interface Tally {
  gold: number;
  predicted: number;
  correct: number;
  goldPairs: number;
  predictedPairs: number;
  correctPairs: number;
  // Confidence calibration: per tenth of confidence, links and correct links.
  bins: { links: number; correct: number }[];
}

const newTally = (): Tally => ({
  gold: 0,
  predicted: 0,
  correct: 0,
  goldPairs: 0,
  predictedPairs: 0,
  correctPairs: 0,
  bins: Array.from({ length: 10 }, () => ({ links: 0, correct: 0 })),
});

const linkKey = (l: Link): string => `${l.source.join(',')}|${l.target.join(',')}`;

function pairs(links: readonly Link[]): Set<string> {
  const out = new Set<string>();
  for (const l of links) for (const s of l.source) for (const t of l.target) out.add(`${s}|${t}`);
  return out;
}

function score(tally: Tally, gold: readonly Link[], predicted: readonly AlignmentLink[]): void {
  const goldKeys = new Set(gold.map(linkKey));
  tally.gold += gold.length;
  tally.predicted += predicted.length;
  for (const link of predicted) {
    const ok = goldKeys.has(linkKey(link));
    if (ok) tally.correct++;
    const bin = tally.bins[Math.min(9, Math.floor(link.confidence * 10))]!;
    bin.links++;
    if (ok) bin.correct++;
  }
  const gp = pairs(gold);
  const pp = pairs(predicted);
  tally.goldPairs += gp.size;
  tally.predictedPairs += pp.size;
  for (const p of pp) if (gp.has(p)) tally.correctPairs++;
}

function prf(correct: number, predicted: number, gold: number): string {
  const p = predicted ? correct / predicted : 0;
  const r = gold ? correct / gold : 0;
  const f = p + r ? (2 * p * r) / (p + r) : 0;
  return `${p.toFixed(4)}  ${r.toFixed(4)}  ${f.toFixed(4)}`;
}

function row(name: string, t: Tally): string {
  return `${name.padEnd(44)} ${prf(t.correct, t.predicted, t.gold)}   ${prf(t.correctPairs, t.predictedPairs, t.goldPairs)}`;
}

function calibration(name: string, t: Tally): string {
  const cells = t.bins
    .map((b, k) => (b.links ? `${(k / 10).toFixed(1)}:${(b.correct / b.links).toFixed(2)}(${b.links})` : ''))
    .filter(Boolean);
  return `  calibration ${name}: confidence bin: share correct (links)  ${cells.join(' ')}`;
}

// mulberry32 (the test-model generator's): the merges and drops are the same on every run.
const random = mulberry32;

const readLines = (path: string): string[] => readFileSync(path, 'utf8').replace(/\n$/u, '').split('\n');

// ---------------------------------------------------------------------------------------------------------------
// (a) UD-PUD

interface PudDocument {
  doc_id: string;
  es_sentences: string[];
  en_sentences: string[];
}

/** Character spans of `pieces` inside `text`, found in order (whitespace-insensitive fallback never needed here). */
function spans(text: string, pieces: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  let cursor = 0;
  for (const piece of pieces) {
    let start = text.indexOf(piece, cursor);
    if (start < 0) {
      // splitSentences collapses line breaks inside a sentence; fall back to the next non-space character.
      start = cursor;
      while (start < text.length && /\s/u.test(text[start]!)) start++;
    }
    const end = Math.min(text.length, start + piece.length);
    out.push([start, end]);
    cursor = end;
  }
  return out;
}

/**
 * Gold links on re-segmented sentences: a re-segmented sentence belongs to every gold pair whose text it overlaps
 * (by character offsets in the joined paragraph); pairs that share a re-segmented sentence on either side merge into
 * one link (connected components), and each link holds the re-segmented sentences of its pairs on both sides.
 */
function goldOnResegmented(doc: PudDocument, es: string[], en: string[]): Link[] {
  const pairsCount = doc.es_sentences.length;
  const parent = Array.from({ length: pairsCount }, (_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k]!)));
  const owners = (goldSpans: [number, number][], segSpans: [number, number][]): number[][] =>
    segSpans.map(([a, b]) =>
      goldSpans.flatMap(([c, d], k) => (Math.min(b, d) > Math.max(a, c) ? [k] : [])).filter((k) => k >= 0),
    );
  const esText = doc.es_sentences.join(' ');
  const enText = doc.en_sentences.join(' ');
  const esOwners = owners(spans(esText, doc.es_sentences), spans(esText, es));
  const enOwners = owners(spans(enText, doc.en_sentences), spans(enText, en));
  for (const list of [...esOwners, ...enOwners]) {
    for (const k of list.slice(1)) parent[find(k)] = find(list[0]!);
  }
  const links = new Map<number, Link>();
  const linkOf = (k: number): Link => {
    const root = find(k);
    let link = links.get(root);
    if (!link) links.set(root, (link = { source: [], target: [] }));
    return link;
  };
  esOwners.forEach((list, s) => list[0] !== undefined && linkOf(list[0]).source.push(s));
  enOwners.forEach((list, t) => list[0] !== undefined && linkOf(list[0]).target.push(t));
  return [...links.values()]
    .filter((l) => l.source.length + l.target.length > 0)
    .sort((x, y) => (x.source[0] ?? x.target[0]! - 0.5) - (y.source[0] ?? y.target[0]! - 0.5));
}

function evalPud(args: Args): void {
  const docs = JSON.parse(readFileSync(join(args.data, 'parallel/ud-pud/pud_documents.json'), 'utf8')) as PudDocument[];
  const full = newTally();
  const base = newTally();
  let nonOneToOne = 0;
  for (const doc of docs) {
    const es = splitSentences(doc.es_sentences.join(' '));
    const en = splitSentences(doc.en_sentences.join(' '));
    const gold = goldOnResegmented(doc, es, en);
    nonOneToOne += gold.filter((l) => l.source.length !== 1 || l.target.length !== 1).length;
    score(full, gold, alignUnits(es, en, { unit: 'sentence', weights: args.weights }));
    score(base, gold, alignUnits(es, en, { unit: 'sentence', weights: LENGTH_ONLY_WEIGHTS }));
  }
  console.log(`\n(a) UD-PUD: ${docs.length} documents re-segmented, ${full.gold} gold links (${nonOneToOne} not 1:1)`);
  console.log(row('  Gale-Church only (length model)', base));
  console.log(row('  length + anchors', full));
  console.log(calibration('length + anchors', full));
}

// ---------------------------------------------------------------------------------------------------------------
// (b) newstest2012 paragraphs with merges and drops

interface Paragraph {
  source: string[];
  target: string[];
  bridge: string[];
  gold: Link[];
}

function newsParagraphs(args: Args): Paragraph[] {
  const dir = join(args.data, 'parallel/newstest');
  const es = readLines(join(dir, 'newstest2012.es'));
  const en = readLines(join(dir, 'newstest2012.en'));
  const mt = readLines(join(dir, `system-outputs/newstest2012.${args.bridgeSystem}.en`));
  const rand = random(2012);
  const out: Paragraph[] = [];
  let k = 0;
  while (k < es.length) {
    const size = Math.min(es.length - k, 3 + Math.floor(rand() * 6));
    const p: Paragraph = { source: [], target: [], bridge: [], gold: [] };
    for (let s = 0; s < size; s++) {
      p.source.push(es[k + s]!);
      p.bridge.push(mt[k + s]!);
    }
    for (let s = 0; s < size; s++) {
      const r = rand();
      if (r < 0.1 && s + 1 < size) {
        p.gold.push({ source: [s, s + 1], target: [p.target.length] });
        p.target.push(`${en[k + s]!} ${en[k + s + 1]!}`);
        s++;
      } else if (r < 0.15) {
        p.gold.push({ source: [s], target: [] });
      } else {
        p.gold.push({ source: [s], target: [p.target.length] });
        p.target.push(en[k + s]!);
      }
    }
    out.push(p);
    k += size;
  }
  return out;
}

function evalNews(args: Args): void {
  const paragraphs = newsParagraphs(args);
  const base = newTally();
  const full = newTally();
  const bridged = newTally();
  const baseBridged = newTally();
  for (const p of paragraphs) {
    score(base, p.gold, alignUnits(p.source, p.target, { unit: 'sentence', weights: LENGTH_ONLY_WEIGHTS }));
    score(full, p.gold, alignUnits(p.source, p.target, { unit: 'sentence', weights: args.weights }));
    const bridgeOnly = { ...LENGTH_ONLY_WEIGHTS, bridge: args.weights.bridge };
    score(
      baseBridged,
      p.gold,
      alignUnits(p.source, p.target, { unit: 'sentence', weights: bridgeOnly, bridge: p.bridge }),
    );
    score(
      bridged,
      p.gold,
      alignUnits(p.source, p.target, { unit: 'sentence', weights: args.weights, bridge: p.bridge }),
    );
  }
  const shapes = new Map<string, number>();
  for (const p of paragraphs) for (const l of p.gold) shapes.set(shape(l), (shapes.get(shape(l)) ?? 0) + 1);
  console.log(
    `\n(b) newstest2012: ${paragraphs.length} paragraphs of 3-8 lines, ${full.gold} gold links ` +
      `(${[...shapes].map(([s, c]) => `${s} ${c}`).join(', ')}); bridge = ${args.bridgeSystem}`,
  );
  console.log(row('  Gale-Church only (length model)', base));
  console.log(row('  length + anchors (no bridge)', full));
  console.log(row('  length + bridge chrF', baseBridged));
  console.log(row('  length + anchors + bridge chrF', bridged));
  console.log(calibration('no bridge', full));
  console.log(calibration('bridge', bridged));
}

// ---------------------------------------------------------------------------------------------------------------
// (c) Don Quijote

interface Chapter {
  part: string;
  chapter: number;
  es_paragraphs: string[];
  en_paragraphs: string[];
}

const shape = (l: Link): string => `${l.source.length}:${l.target.length}`;
const SHAPES = ['1:1', '1:2', '2:1', '2:2', '1:0', '0:1'];

function evalQuijote(args: Args): void {
  const chapters = JSON.parse(
    readFileSync(join(args.data, 'longtext/quijote/quijote_chapters_es_en.json'), 'utf8'),
  ) as Chapter[];
  const dev = chapters.slice(0, 20);
  const counts = new Map<string, number>();
  let lastPaired = 0;
  let lowConfidence = 0;
  let links = 0;
  for (const ch of dev) {
    const result = alignUnits(ch.es_paragraphs, ch.en_paragraphs, { unit: 'paragraph', weights: args.weights });
    const last = result[result.length - 1];
    if (
      last &&
      last.source.includes(ch.es_paragraphs.length - 1) &&
      last.target.includes(ch.en_paragraphs.length - 1)
    ) {
      lastPaired++;
    }
    for (const l of result) {
      const s = SHAPES.includes(shape(l)) ? shape(l) : 'other';
      counts.set(s, (counts.get(s) ?? 0) + 1);
      links++;
      if (l.confidence < 0.5) lowConfidence++;
    }
  }
  const esCount = dev.reduce((a, c) => a + c.es_paragraphs.length, 0);
  const enCount = dev.reduce((a, c) => a + c.en_paragraphs.length, 0);
  console.log(`\n(c) Don Quijote chapters 1-20 (dev): ${esCount} ES / ${enCount} EN paragraphs, ${links} links`);
  console.log(
    `  chapters whose last paragraphs pair up: ${lastPaired}/${dev.length} (${((100 * lastPaired) / dev.length).toFixed(0)}%)`,
  );
  console.log(`  link shapes: ${[...SHAPES, 'other'].map((s) => `${s} ${counts.get(s) ?? 0}`).join(', ')}`);
  console.log(`  links with confidence < 0.5: ${lowConfidence}`);

  // The whole book at once: chapter boundaries are not given to the aligner, so whether a link boundary falls
  // exactly on each chapter boundary is a check of the long-range path (reported, not tuned on for ch. 21+).
  const es: string[] = [];
  const en: string[] = [];
  const boundaries: [number, number][] = [];
  for (const ch of chapters) {
    boundaries.push([es.length, en.length]);
    es.push(...ch.es_paragraphs);
    en.push(...ch.en_paragraphs);
  }
  const before = process.memoryUsage();
  const start = performance.now();
  const book = alignUnits(es, en, { unit: 'paragraph', weights: args.weights });
  const seconds = (performance.now() - start) / 1000;
  const after = process.memoryUsage();
  const cuts = new Set<string>();
  for (const l of book) cuts.add(`${l.source[0] ?? -1}|${l.target[0] ?? -1}`);
  const cutAt = new Set<string>();
  let si = 0;
  let ti = 0;
  for (const l of book) {
    cutAt.add(`${si}|${ti}`);
    si += l.source.length;
    ti += l.target.length;
  }
  const hit = (from: number, to: number) =>
    boundaries.slice(from, to).filter(([s, t]) => cutAt.has(`${s}|${t}`)).length;
  console.log(
    `  whole book (126 chapters concatenated): ${es.length} ES / ${en.length} EN paragraphs aligned in ` +
      `${seconds.toFixed(2)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB ` +
      `(heap ${(before.heapUsed / 2 ** 20).toFixed(0)} → ${(after.heapUsed / 2 ** 20).toFixed(0)} MB)`,
  );
  console.log(
    `  chapter boundaries recovered by the book-level path: ch. 2-20 ${hit(1, 20)}/19 (dev), ` +
      `ch. 21-126 ${hit(20, 126)}/106 (evaluation, reported only)`,
  );
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  console.log('Link precision / recall / F1. Strict: a predicted link is correct when its source and target index');
  console.log('sets both equal a gold link (1:0 and 0:1 links included). Lenient: over the (source, target) pairs');
  console.log('the links imply (deletions add no pairs).');
  console.log(`weights: ${JSON.stringify(args.weights)}`);
  console.log(`${''.padEnd(44)} strict P  R       F1       lenient P  R      F1`);
  if (args.only.has('a')) evalPud(args);
  if (args.only.has('b')) evalNews(args);
  if (args.only.has('c')) evalQuijote(args);
}

main();
