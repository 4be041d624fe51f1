/**
 * Machine translation throughput: the naive path (transformers.js pipeline, one sentence per call) against the
 * document path the web server runs (TranslationJobs over the engine and its decoder threads), in one process, on
 * the same model files and with the same generation limits.
 *
 *   npm run model:bench                      # once: random-weight MarianMT with opus-mt-es-en's shapes
 *   npm run bench:mt -- --data ../shared/data [--sentences 200] [--model-dir DIR] [--dtype q8|fp32]
 *                       [--seed 7] [--variants b16w32,b32w64] [--no-ceiling] [--no-realistic] [--threads N]
 *
 * --threads: the engine's decoder threads (default: PARALELO_MT_THREADS, else what the server uses on this machine).
 *
 * The model has random weights: it measures throughput only, its outputs are meaningless. It almost never emits
 * </s>, so every sentence decodes to its max_new_tokens (2n + 16, the engine's rule). A real model stops well before
 * that, so the realistic-length mode (unless --no-realistic) runs both paths again with each sentence's budget set to
 * its reference translation's token count (newstest2012.en): the random model then decodes what a real one would.
 *
 * Tokens are counted the same way for every path: each output re-tokenized with the model's tokenizer, end token
 * included (the engine's own measure). "useful" tokens cap each sentence at its budget when translated alone, so the
 * extra rows a padded batch decodes are not credited: useful tokens/s compares the time each path takes for the same
 * work. The measuring is in bench/lib/mt-measure.ts, the report in bench/lib/mt-report.ts.
 */
import os from 'node:os';
import { DEFAULT_WINDOW_SENTENCES, type JobDocument } from '../lib/documents/translation-job';
import type { EngineConfig } from '../lib/mt/engine';
import { loadTranslationPipeline, modelLimits } from '../lib/mt/model/loader';
import { resolveModel } from '../lib/mt/model/registry';
import { importTransformers } from '../lib/mt/model/transformers';
import { DEFAULT_BATCH_POLICY } from '../lib/mt/translate/batching';
import { maxNewTokensFor, sanitizeForModel } from '../lib/mt/translate/split-long';
import type { TransformersEngine } from '../lib/mt/translate/transformers-engine';
import { normalizeSentenceKey } from '../lib/text/normalize';
import { groupIntoParagraphs, makeDocument, seconds } from './lib/mt-bench-doc';
import {
  log,
  maxRss,
  pause,
  phase,
  pipelineCeiling,
  rssNow,
  runDocument,
  runNaive,
  scoresCost,
  slowestAlone,
  startEngine,
  tempStore,
  SETTLE_MS,
  type DocRun,
  type Phase,
} from './lib/mt-measure';
import { engineConfigFor, parseOptions, readInputs, UsageError, type Variant } from './lib/mt-options';
import { distinctKeys, formatReport, type ModeResults } from './lib/mt-report';

const DEFAULT_BATCH = DEFAULT_BATCH_POLICY.maxBatch; // the engine's default
const DEFAULT_WINDOW = DEFAULT_WINDOW_SENTENCES; // TranslationJobs' default
const CEILING_NEW_TOKENS = 64;
const CEILING_BATCHES = [1, 8, 16, 32];
/** How long the engine sits idle before the first paragraph is timed again. */
const IDLE_MS = 8000;
/** Rounds of translate() against translateScored() on the first paragraphs. */
const SCORE_ROUNDS = 3;

/** What every phase of the bench works on. */
interface Bench {
  opts: ReturnType<typeof parseOptions>;
  config: EngineConfig;
  doc: JobDocument;
  variantDoc: JobDocument;
  keys: string[];
  /** Short spare lines: a warm-up only has to initialize sessions and code paths, not cost time. */
  warmup: string[];
}

async function main(): Promise<void> {
  const opts = parseOptions();
  const { lines, references, spare } = readInputs(opts);
  const startedMs = performance.now();
  const loadAtStart = os.loadavg();
  const doc = makeDocument(`bench-newstest2012-${opts.sentences}`, groupIntoParagraphs(lines, opts.seed));
  const bench: Bench = {
    opts,
    config: engineConfigFor(opts.modelDir, opts.dtype),
    doc,
    variantDoc:
      opts.variantSentences > 0 && opts.variantSentences < opts.sentences
        ? makeDocument(
            `bench-newstest2012-${opts.variantSentences}`,
            groupIntoParagraphs(lines.slice(0, opts.variantSentences), opts.seed),
          )
        : doc,
    keys: distinctKeys(doc),
    warmup: [...spare].sort((a, b) => a.length - b.length).slice(0, 32),
  };
  log(
    `${lines.length} sentences → ${doc.paragraphs.length} paragraphs (seed ${opts.seed}); ${bench.keys.length} ` +
      `distinct; model ${bench.config.modelId} (${opts.dtype}); load avg ${loadAtStart[0]?.toFixed(1)}`,
  );
  const engine = await documentPathRuns(bench);
  const naive = await naivePathRuns(bench);
  let realistic: ModeResults | null = null;
  if (opts.realistic) {
    const reference = new Map(lines.map((line, i) => [normalizeSentenceKey(line), references[i] ?? '']));
    const budget = new Map(
      bench.keys.map((k) => [k, Math.min(Math.max(1, naive.measure(reference.get(k) ?? '')), naive.maxPositions - 1)]),
    );
    realistic = await realisticRuns(bench, naive, budget);
  }
  await naive.pipe.dispose();
  console.log(
    formatReport({
      opts,
      modelId: bench.config.modelId,
      lines: lines.length,
      doc,
      variantDoc: bench.variantDoc,
      measure: naive.measure,
      limit: naive.limit,
      maxPositions: naive.maxPositions,
      greedyLoop: engine.greedyLoop,
      loadAtStart,
      startedMs,
      budgetMode: { ...engine.results, budget: naive.budget, naive: naive.run },
      realistic,
      pipeLoadMs: naive.loadMs,
      ceiling: naive.ceiling,
      ceilingNewTokens: CEILING_NEW_TOKENS,
      peakRssAtEnd: naive.peakRss,
      scores: engine.scores,
    }),
  );
}

/**
 * (b) The document path over the engine, as the web server runs it: cold load and the server's warm-up, the document,
 * the same again from the cache, the first paragraph's floor and after an idle pause, what scores cost, and the
 * variants of batch and window asked for.
 */
async function documentPathRuns(bench: Bench) {
  const { opts, config, doc } = bench;
  const rssBefore = rssNow();
  log('(b) starting the engine (cold load)…');
  const engine = await startEngine(config, { batchSize: DEFAULT_BATCH, threads: opts.threads, warmup: null });
  // As after the server's preload, the engine then sits idle until a document is opened.
  await pause(SETTLE_MS);
  const main = await documentPath(engine.engine, config.modelId, doc, 'jobs + engine');
  log(`(b) done in ${seconds(main.run.wallMs)}; second run (cache)…`);
  const cacheRun = await runDocument(
    'cache',
    engine.engine,
    main.store,
    doc,
    config.modelId,
    DEFAULT_BATCH,
    DEFAULT_WINDOW,
  );
  await main.cleanup();
  const firstSentences = doc.paragraphs[0]?.sentences ?? [];
  const floorMs = await slowestAlone(engine.engine, firstSentences);
  // The same first paragraph once more, through a job on a fresh store, after the engine has sat idle. The first
  // measurement comes right after the engine's load and warm-up call, and there the same call has cost more
  // process CPU (user time): seen, not settled.
  log(`first paragraph again after ${IDLE_MS / 1000} s idle…`);
  await pause(IDLE_MS);
  const idleDb = tempStore();
  const idleDoc = makeDocument(`${doc.slug}-idle`, [[...firstSentences]]);
  const idleRun = await runDocument(
    'idle',
    engine.engine,
    idleDb.store,
    idleDoc,
    config.modelId,
    DEFAULT_BATCH,
    DEFAULT_WINDOW,
  );
  await idleDb.cleanup();
  log('scores: translate() against translateScored() on the first paragraphs…');
  const scoreCalls = doc.paragraphs.slice(0, 4).map((p) => p.sentences);
  const scores = await scoresCost(engine.engine, scoreCalls, SCORE_ROUNDS);

  const variantRuns: { run: DocRun; phase: Phase }[] = [];
  const runVariant = async (v: Variant, e: TransformersEngine) => {
    const vdb = tempStore();
    log(`variant batch ${v.batchSize}, window ${v.windowSentences}…`);
    const label = `    variant: batch ${v.batchSize}, window ${v.windowSentences}`;
    const measured = await phase(() =>
      runDocument(label, e, vdb.store, bench.variantDoc, config.modelId, v.batchSize, v.windowSentences),
    );
    variantRuns.push({ run: measured.value, phase: measured.phase });
    await vdb.cleanup();
  };
  for (const v of opts.variants.filter((x) => x.batchSize === DEFAULT_BATCH)) await runVariant(v, engine.engine);
  const peakRssAfterEngine = maxRss();
  const greedyLoop = engine.engine.stats().decoding !== 'pipeline';
  await engine.engine.dispose();
  for (const v of opts.variants.filter((x) => x.batchSize !== DEFAULT_BATCH)) {
    const extra = await startEngine(config, { batchSize: v.batchSize, threads: opts.threads, warmup: bench.warmup });
    await runVariant(v, extra.engine);
    await extra.engine.dispose();
  }
  return {
    greedyLoop,
    results: {
      engine,
      doc: { run: main.run, phase: main.phase },
      floorMs,
      cacheRun,
      idleRun,
      idleMs: IDLE_MS,
      variantRuns,
      peakRssAfterEngine,
      rssBefore,
    },
    scores: { ...scores, rounds: SCORE_ROUNDS, calls: scoreCalls.length, sentences: scoreCalls.flat().length },
  };
}

/**
 * (a) The naive path: transformers.js' pipeline in this thread (loaded by the engine's own loader), one sentence per
 * call, the engine's limits per sentence; then (c), what batching could give at best.
 */
async function naivePathRuns(bench: Bench) {
  const { config, keys } = bench;
  log('(a) loading the pipeline in the main thread…');
  const tLoad = performance.now();
  const pipe = await loadTranslationPipeline(resolveModel(config), await importTransformers(config.modelsDir));
  const loadMs = performance.now() - tLoad;
  const tokenizer = pipe.tokenizer!;
  const measure = (text: string) => tokenizer.encode(text).length;
  const { maxPositions, limit } = modelLimits(pipe.model?.config ?? {}, tokenizer);
  const ownBudget = (text: string) => maxNewTokensFor(measure(text), maxPositions);
  const first = bench.warmup[0] ?? 'Hola.';
  await pipe([first], { max_new_tokens: ownBudget(first) });
  log(`(a) translating ${keys.length} sentences one by one…`);
  const run = await runNaive(pipe, keys, measure, limit, ownBudget);
  log(`(a) done in ${seconds(run.phase.wallMs)}`);
  if (bench.opts.ceiling) log('(c) pipeline ceiling by batch size…');
  const ceiling = bench.opts.ceiling
    ? await pipelineCeiling(pipe, keys, measure, CEILING_BATCHES, CEILING_NEW_TOKENS)
    : [];
  const budget = new Map(keys.map((k) => [k, ownBudget(sanitizeForModel(k))]));
  return { pipe, loadMs, measure, maxPositions, limit, ownBudget, run, ceiling, budget, peakRss: maxRss() };
}

/** Both paths again, each sentence decoding its reference translation's length (`budget`); a fresh engine for (b). */
async function realisticRuns(
  bench: Bench,
  naive: Awaited<ReturnType<typeof naivePathRuns>>,
  budget: Map<string, number>,
): Promise<ModeResults> {
  const budgetOf = (text: string) => budget.get(normalizeSentenceKey(text));
  log('(a) realistic lengths…');
  const naiveRun = await runNaive(
    naive.pipe,
    bench.keys,
    naive.measure,
    naive.limit,
    (t) => budgetOf(t) ?? naive.ownBudget(t),
  );
  log('(b) realistic lengths: a fresh engine…');
  const { config, opts, doc } = bench;
  const engine = await startEngine(config, {
    batchSize: DEFAULT_BATCH,
    threads: opts.threads,
    warmup: null,
    budget: budgetOf,
  });
  await pause(SETTLE_MS);
  const run = await documentPath(engine.engine, config.modelId, doc, 'jobs + engine, reference lengths');
  await run.cleanup();
  const floorMs = await slowestAlone(engine.engine, doc.paragraphs[0]?.sentences ?? []);
  await engine.engine.dispose();
  return { budget, engine, doc: { run: run.run, phase: run.phase }, floorMs, naive: naiveRun };
}

/** The document through TranslationJobs on a fresh store, timed; the store is kept for a second (cached) run. */
async function documentPath(
  engine: TransformersEngine,
  modelId: string,
  doc: ReturnType<typeof makeDocument>,
  what: string,
) {
  const db = tempStore();
  log(`(b) translating the document through TranslationJobs (${what})…`);
  const measured = await phase(() =>
    runDocument(
      `(b) document path: ${what}, batch ${DEFAULT_BATCH}, window ${DEFAULT_WINDOW}`,
      engine,
      db.store,
      doc,
      modelId,
      DEFAULT_BATCH,
      DEFAULT_WINDOW,
    ),
  );
  return { run: measured.value, phase: measured.phase, store: db.store, cleanup: db.cleanup };
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(err.message);
    process.exitCode = err.exitCode;
    return;
  }
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
