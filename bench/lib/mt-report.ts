/** bench:mt's report: the figures of bench/lib/mt-measure.ts, counted the same way for every path and worded. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobDocument } from '../../lib/documents/translation-job';
import { windowLimit } from '../../lib/documents/translation-job-plan';
import { loopCost } from '../../lib/mt/decoder/greedy-decode';
import { maxNewTokensFor } from '../../lib/mt/translate/split-long';
import { normalizeSentenceKey } from '../../lib/text/normalize';
import { fmt, mib, paddingSummary, planDocumentBatches, seconds, table } from './mt-bench-doc';
import type { DocRun, NaiveRun, Phase, StartedEngine } from './mt-measure';
import { SCREEN_PARAGRAPHS, SETTLE_MS } from './mt-measure';
import { NEWSTEST, ROOT, type Options } from './mt-options';

/** The distinct sentence keys of a document, as the jobs translate them. */
export const distinctKeys = (d: JobDocument): string[] =>
  [...new Set(d.paragraphs.flatMap((p) => p.sentences.map(normalizeSentenceKey)))].filter(Boolean);

/** The document path and the naive path in one mode of budgets (each sentence's 2n + 16, or its reference length). */
export interface ModeResults {
  /** Each sentence's budget of new tokens in this mode. */
  budget: Map<string, number>;
  engine: StartedEngine;
  doc: { run: DocRun; phase: Phase };
  /** The first paragraph's slowest sentence alone on the same warm engine. */
  floorMs: number;
  naive: NaiveRun;
}

export interface BenchResults {
  opts: Options;
  modelId: string;
  lines: number;
  doc: JobDocument;
  variantDoc: JobDocument;
  measure: (text: string) => number;
  limit: number;
  maxPositions: number;
  /** Whether the engine decodes with its greedy loop (else transformers.js' generate()). */
  greedyLoop: boolean;
  loadAtStart: number[];
  startedMs: number;
  budgetMode: ModeResults & {
    cacheRun: DocRun;
    idleRun: DocRun;
    idleMs: number;
    variantRuns: { run: DocRun; phase: Phase }[];
    peakRssAfterEngine: number;
    rssBefore: number;
  };
  realistic: ModeResults | null;
  pipeLoadMs: number;
  ceiling: { batch: number; tokens: number; ms: number }[];
  ceilingNewTokens: number;
  peakRssAtEnd: number;
  scores: { plainMs: number; scoredMs: number; rounds: number; sentences: number; calls: number } | null;
}

/** Raw and useful (capped at each sentence's own budget) output tokens over `keys`, re-tokenized with the model's. */
function counter(measure: (text: string) => number, budget: Map<string, number>) {
  return (outputs: Map<string, string>, keys: readonly string[]) => {
    let raw = 0;
    let useful = 0;
    for (const key of keys) {
      const n = measure(outputs.get(key) ?? '');
      raw += n;
      useful += Math.min(n, budget.get(key) ?? n);
    }
    return { raw, useful };
  };
}

const HEADER = [
  'path',
  'calls',
  'wall',
  'out tokens',
  'tok/s',
  'useful tok/s',
  'vs (a)',
  'useful/CPU-s',
  '1st para',
  'pad waste',
];

function describePhase(p: Phase): string {
  return `CPU ${seconds(p.cpuMs, 0)} = ${fmt(p.cpuMs / p.wallMs, 2)} cores busy, load avg ${fmt(p.load, 1)} at end`;
}

function pkgVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '?';
  } catch {
    return '?';
  }
}

/** The rows of the throughput table for one mode, and what the lines below it need. */
function modeTable(r: BenchResults, mode: ModeResults, label: string) {
  const keys = distinctKeys(r.doc);
  const count = counter(r.measure, mode.budget);
  const naive = count(mode.naive.outputs, keys);
  const naiveMs = mode.naive.phase.wallMs;
  const naiveRate = naive.useful / (naiveMs / 1000);
  const rowFor = (run: DocRun, ph: Phase, runDoc: JobDocument, baseRate: number) => {
    const t = count(run.outputs, distinctKeys(runDoc));
    const usefulRate = t.useful / (run.wallMs / 1000);
    const batches = planDocumentBatches(runDoc, r.measure, {
      batchSize: run.batchSize,
      windowSentences: run.windowSentences,
      maxPositions: r.maxPositions,
      threads: r.opts.threads,
    });
    const plan = paddingSummary(batches, { loop: r.greedyLoop });
    const cells = [
      run.label,
      fmt(run.modelCalls),
      seconds(run.wallMs, 1),
      fmt(t.raw),
      fmt(t.raw / (run.wallMs / 1000)),
      fmt(usefulRate),
      `${fmt(usefulRate / baseRate, 2)}x`,
      fmt(t.useful / (ph.cpuMs / 1000)),
      seconds(run.firstParagraphMs),
      `${fmt(plan.waste * 100, 0)}%`,
    ];
    return { t, plan, batches, cells };
  };
  const docRow = rowFor(mode.doc.run, mode.doc.phase, r.doc, naiveRate);
  const naiveCells = [
    `(a) naive: pipeline, 1 sentence per call, main thread${label}`,
    fmt(mode.naive.calls),
    seconds(naiveMs, 1),
    fmt(naive.raw),
    fmt(naive.raw / (naiveMs / 1000)),
    fmt(naiveRate),
    '1.00x',
    fmt(naive.useful / (mode.naive.phase.cpuMs / 1000)),
    'n/a',
    '0%',
  ];
  const ratioUseful = docRow.t.useful / (mode.doc.run.wallMs / 1000) / naiveRate;
  const ratioCpu = docRow.t.useful / mode.doc.phase.cpuMs / (naive.useful / mode.naive.phase.cpuMs);
  const ratioRaw = docRow.t.raw / (mode.doc.run.wallMs / 1000) / (naive.raw / (naiveMs / 1000));
  return { count, naive, naiveRate, rowFor, docRow, naiveCells, ratioUseful, ratioCpu, ratioRaw };
}

/** The first paragraph's line: when it came, what it is made of, and the floor. */
function firstParagraphLines(
  r: BenchResults,
  mode: ModeResults,
  docRow: ReturnType<typeof modeTable>['docRow'],
  planned: boolean,
) {
  const first = r.doc.paragraphs[0]?.sentences ?? [];
  const firstTokens = first.map((s) => r.measure(s));
  const firstCalls = docRow.batches.filter((b) => b.window === 0);
  const firstSteps = firstCalls.reduce(
    (sum, b) => sum + (r.greedyLoop ? loopCost(b.budgets).steps : b.maxNewTokens),
    0,
  );
  const longest = Math.max(...first.map((s) => mode.budget.get(normalizeSentenceKey(s)) ?? 0));
  const ms = mode.doc.run.firstParagraphMs;
  return [
    `first paragraph    ${seconds(ms)} with the model warm (loaded, the server's warm-up paragraph, decoder threads ` +
      `settled ${seconds(mode.engine.settleMs)} later, then ${SETTLE_MS / 1000} s idle), start() → first 'paragraph' ` +
      `event; ${first.length} sentences of ${firstTokens.join('/')} tokens = ${firstCalls.length} call(s) of ` +
      `${firstCalls.map((b) => b.budgets.length).join(' + ')} sentences` +
      (planned ? `, ${fmt(firstSteps)} sequential decoder steps` : '') +
      ` (the longest alone needs ${fmt(longest)}). Target <= 1 s: ` +
      (ms !== null && ms <= 1000 ? 'MET' : 'NOT MET'),
    `  floor            ${seconds(mode.floorMs)} for the slowest of them alone (batch 1, same warm engine, ` +
      `${fmt(longest)} steps = ${fmt(mode.floorMs / longest, 1)} ms a step): no batching of the first paragraph can ` +
      `beat this`,
  ];
}

/** The whole report, as printed. */
export function formatReport(r: BenchResults): string {
  const b = r.budgetMode;
  const keys = distinctKeys(r.doc);
  const main = modeTable(r, b, '');
  const variantKeys = distinctKeys(r.variantDoc);
  const naiveSubsetMs = variantKeys.reduce((s, k) => s + (b.naive.msByKey.get(k) ?? 0), 0);
  const naiveSubsetRate = main.count(b.naive.outputs, variantKeys).useful / (naiveSubsetMs / 1000);
  const variantRows = b.variantRuns.map((v) => main.rowFor(v.run, v.phase, r.variantDoc, naiveSubsetRate));
  const cpus = os.cpus();
  const p = main.docRow.plan;
  const out: string[] = [];
  out.push('');
  out.push('Paralelo MT throughput: naive pipeline vs document path (TranslationJobs over the engine)');
  out.push('RANDOM-WEIGHT MODEL: throughput only. Its outputs are meaningless; nothing here measures quality.');
  out.push('');
  out.push(
    `machine    ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${mib(os.totalmem())} RAM, ` +
      `Node ${process.version}, ${os.platform()} ${os.arch()}; load avg ${r.loadAtStart.map((l) => fmt(l, 1)).join('/')} ` +
      `(1/5/15 min) before the bench`,
  );
  out.push(
    `software   @huggingface/transformers ${pkgVersion('@huggingface/transformers')}, ` +
      `onnxruntime-node ${pkgVersion('onnxruntime-node')}`,
  );
  out.push(`model      ${r.modelId} (${r.opts.dtype}), ${r.opts.modelDir}`);
  out.push(
    `document   first ${r.lines} lines of ${NEWSTEST} → ${r.doc.paragraphs.length} paragraphs of 3-8 sentences ` +
      `(seed ${r.opts.seed}); ${keys.length} distinct sentences, ${fmt(keys.reduce((s, k) => s + r.measure(k), 0))} input ` +
      `tokens, longest ${fmt(Math.max(...keys.map(r.measure)))}, ${keys.filter((k) => r.measure(k) > r.limit).length} over the ${r.limit}-token split limit`,
  );
  out.push(
    `limits     max_new_tokens = min(2n + 16, ${r.maxPositions - 1}), n = longest input of the call (engine rule); ` +
      `sum over sentences alone: ${fmt([...b.budget.values()].reduce((x, y) => x + y, 0))}`,
  );
  out.push('');
  out.push(table(HEADER, [main.naiveCells, main.docRow.cells, ...variantRows.map((v) => v.cells)]));
  if (r.variantDoc !== r.doc) {
    out.push(
      `(variants: first ${r.opts.variantSentences} sentences, ${r.variantDoc.paragraphs.length} paragraphs; their "vs (a)" ` +
        `uses (a)'s per-sentence times for the same sentences: ${seconds(naiveSubsetMs, 1)}, ${fmt(naiveSubsetRate)} useful tok/s)`,
    );
  }
  out.push('');
  out.push(
    "tokens: every output re-tokenized with the model tokenizer, </s> included (the engine's measure), same for all",
  );
  out.push('        rows. useful: capped per sentence at its own 2n+16 budget, so rows a padded batch keeps decoding');
  out.push(
    '        are not credited; "vs (a)" divides useful tok/s = inverse ratio of wall times for the same sentences.',
  );
  out.push('        useful/CPU-s: useful tokens per second of process CPU time (all threads), less sensitive to other');
  out.push('        processes competing for the 2 cores than wall time (see contention below), but not immune.');
  out.push('        pad waste: decoder slots paid beyond those budgets (computed from the batching rules, see below).');
  out.push(
    r.greedyLoop
      ? "        (b) decodes with the engine's greedy loop (lib/mt/decoder/greedy-decode.ts) in its decoder threads: each row to its own budget, finished rows leave the batch."
      : "        (b) decodes with transformers.js' generate(): every row of a batch until its longest budget.",
  );
  out.push('');
  out.push(
    `ratio (b)/(a)      ${fmt(main.ratioUseful, 2)}x useful tokens/s; ${fmt(main.ratioRaw, 2)}x counting every generated token. ` +
      `Target >= 2x: ${main.ratioUseful >= 2 ? 'MET' : 'NOT MET'} (per CPU-second: ${fmt(main.ratioCpu, 2)}x)`,
  );
  out.push(...firstParagraphLines(r, b, main.docRow, true));
  out.push(
    `  after idle       ${seconds(b.idleRun.firstParagraphMs)} for the same paragraph through a job on a fresh store, ` +
      `after the engine sat idle ${b.idleMs / 1000} s (above, it comes right after the engine's load and warm-up call)`,
  );
  out.push(
    `first screen       ${seconds(b.doc.run.firstScreenMs)} until paragraphs 1-${SCREEN_PARAGRAPHS} have all arrived ` +
      `(windows after the first: ${[1, 2, 3].map((n) => windowLimit(n, b.doc.run.windowSentences)).join(', ')} sentences, then ` +
      `${b.doc.run.windowSentences})`,
  );
  out.push(
    `model load, cold   ${seconds(b.engine.readyMs)} engine, createTransformersEngine() → ready() (of which model load ` +
      `${seconds(b.engine.loadMs)}, decoding: ${b.engine.decoding ?? '?'}); in-process pipeline for (a) ` +
      `${seconds(r.pipeLoadMs)} (files now in page cache)`,
  );
  out.push(
    `peak RSS           ${mib(b.peakRssAfterEngine)} after (b), engine only loaded: process-wide maxRSS, the decoder threads ` +
      `are inside this process (threads have no RSS of their own)`,
  );
  out.push(
    `                   ${mib(r.peakRssAtEnd)} at the end, after also loading the in-process pipeline for (a); RSS ` +
      `${mib(b.rssBefore)} before loading anything`,
  );
  out.push(
    `cache              second run of the same document: ${b.cacheRun.modelCalls} model calls (engine stats), engine ` +
      `requested ${b.cacheRun.getEngineCalls} times, ${b.cacheRun.cachedParagraphs}/${b.cacheRun.paragraphs} paragraphs ` +
      `from the store, ${seconds(b.cacheRun.wallMs, 3)}` +
      (b.cacheRun.modelCalls === 0 && b.cacheRun.cachedParagraphs === r.doc.paragraphs.length
        ? ' (OK: zero model calls)'
        : ' (UNEXPECTED)'),
  );
  if (r.scores) {
    const s = r.scores;
    out.push(
      `scores             translateScored() ${seconds(s.scoredMs)} against translate() ${seconds(s.plainMs)} = ` +
        `${fmt(s.scoredMs / s.plainMs, 3)}x for the same ${s.calls} calls (${s.sentences} sentences), median of ` +
        `${s.rounds} alternated rounds on the warm engine: what each token's log-probability costs the decoder threads`,
    );
  }
  out.push(`contention         (a) ${describePhase(b.naive.phase)}`);
  out.push(`                   (b) ${describePhase(b.doc.phase)}`);
  out.push('');
  out.push('batching of (b), from the same rules (first paragraph alone, windows of whole paragraphs <= window');
  out.push(
    r.greedyLoop
      ? `sentences, sort by tokens, chunks of batchSize / ${r.opts.threads} decoder thread(s), side by side; each row 2n+16 of ` +
          'its own, finished rows leave at a quarter; a call of one batch is split over the threads):'
      : "sentences, sort by tokens, chunks of batchSize, 2n+16 of the chunk's longest):",
  );
  out.push(
    `  (b) ${p.calls} calls (engine counted ${b.doc.run.modelCalls}), mean batch ${fmt(p.meanBatch, 1)}, ` +
      `${fmt(p.decoderSteps)} sequential decoder steps = ${fmt(p.decoderSteps / (b.doc.run.wallMs / 1000), 1)} steps/s; ` +
      `${fmt(p.slots)} slots for ${fmt(p.needed)} needed (${fmt(p.waste * 100, 0)}% waste)`,
  );
  out.push(
    `  (a) ${fmt(b.naive.calls)} calls, batch 1, ${fmt(p.needed)} decoder steps = ${fmt(p.needed / (b.naive.phase.wallMs / 1000), 1)} steps/s`,
  );
  for (const v of variantRows) {
    const run = b.variantRuns[variantRows.indexOf(v)]!.run;
    out.push(
      `  ${run.label.trim()}: ${v.plan.calls} calls (engine counted ${run.modelCalls}), mean batch ` +
        `${fmt(v.plan.meanBatch, 1)}, ${fmt(v.plan.decoderSteps)} steps, ${fmt(v.plan.waste * 100, 0)}% waste`,
    );
  }
  if (r.realistic) out.push(...realisticLines(r, r.realistic));
  if (r.ceiling.length > 0) {
    out.push('');
    out.push(
      `(c) pipeline ceiling, this thread: ${r.ceilingNewTokens} new tokens, inputs of near-median length (no padding waste)`,
    );
    const base = r.ceiling[0];
    out.push(
      table(
        ['batch', 'tokens', 'wall', 'tok/s', 'vs batch 1'],
        r.ceiling.map((c) => [
          String(c.batch),
          fmt(c.tokens),
          seconds(c.ms),
          fmt(c.tokens / (c.ms / 1000)),
          base ? `${fmt(c.tokens / c.ms / (base.tokens / base.ms), 2)}x` : 'n/a',
        ]),
      ),
    );
  }
  out.push('');
  out.push(
    `whole bench ${seconds(performance.now() - r.startedMs, 0)}. Random-weight model: throughput only, outputs meaningless.`,
  );
  return out.join('\n');
}

/** The realistic-length mode: the same paths, each sentence decoding its reference translation's length. */
function realisticLines(r: BenchResults, mode: ModeResults): string[] {
  const t = modeTable(r, mode, ', reference lengths');
  const budgets = [...mode.budget.values()];
  const defaults = distinctKeys(r.doc).map((k) => maxNewTokensFor(r.measure(k), r.maxPositions));
  return [
    '',
    `realistic lengths: each sentence's budget is its reference translation's token count (newstest2012.en, the same`,
    `tokenizer, </s> included), which the random model decodes to the end as a real model would stop there: ` +
      `${fmt(budgets.reduce((x, y) => x + y, 0))} tokens against ${fmt(defaults.reduce((x, y) => x + y, 0))} at 2n + 16. ` +
      'Batches are planned on input lengths, as ever. A fresh engine, warmed up as above.',
    table(HEADER, [t.naiveCells, t.docRow.cells]),
    `ratio (b)/(a)      ${fmt(t.ratioUseful, 2)}x useful tokens/s (per CPU-second: ${fmt(t.ratioCpu, 2)}x)`,
    ...firstParagraphLines(r, mode, t.docRow, false),
    `first screen       ${seconds(mode.doc.run.firstScreenMs)} until paragraphs 1-${SCREEN_PARAGRAPHS} have all arrived`,
    `contention         (a) ${describePhase(mode.naive.phase)}`,
    `                   (b) ${describePhase(mode.doc.phase)}`,
  ];
}
