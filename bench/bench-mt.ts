/**
 * Machine translation throughput: the naive path (transformers.js pipeline, one sentence per call) against the
 * document path the web server runs (TranslationJobs over the engine and its decoder threads), in one process, on the same
 * model files and with the same generation limits.
 *
 *   npm run model:bench                      # once: random-weight MarianMT with opus-mt-es-en's shapes
 *   npm run bench:mt -- --data ../shared/data [--sentences 200] [--model-dir DIR] [--dtype q8|fp32]
 *                       [--seed 7] [--variants b16w32,b32w64] [--no-ceiling] [--threads N]
 *
 * --threads: the engine's decoder threads (default: PARALELO_MT_THREADS, else what the server uses on this machine).
 *
 * The model has random weights: it measures throughput only, its outputs are meaningless. It almost never emits
 * </s>, so every sentence decodes to its max_new_tokens (2n + 16, the engine's rule), and in a padded batch every
 * row decodes to the budget of the batch's longest input.
 *
 * Tokens are counted the same way for every path: each output re-tokenized with the model's tokenizer, end token
 * included (the engine's own measure). "useful" tokens cap each sentence at the budget it has when translated
 * alone, so the extra rows a padded batch decodes are not credited: useful tokens/s compares the time each path
 * takes for the same work. No timing assertion anywhere: this is a report.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { JobDocument } from '../lib/documents/translation-job';
import { DEFAULT_WINDOW_SENTENCES, TranslationJobs } from '../lib/documents/translation-job';
import { windowLimit } from '../lib/documents/translation-job-plan';
import { decoderThreadsFrom, MAX_DECODER_THREADS } from '../lib/config';
import { loopCost } from '../lib/mt/decoder/greedy-decode';
import { supportsGreedyLoop, type OrtSessionLike } from '../lib/mt/decoder/greedy-model';
import { pipelineFiles, validateModelId } from '../lib/mt/model/registry';
import {
  inputLimitFor,
  joinPieces,
  maxNewTokensFor,
  sanitizeForModel,
  splitLong,
  type Measure,
} from '../lib/mt/translate/split-long';
import { WARM_UP } from '../lib/mt';
import {
  createTransformersEngine,
  type EngineConfig,
  type TransformersEngine,
} from '../lib/mt/translate/transformers-engine';
import { openSqliteStore } from '../lib/store/sqlite';
import type { Store } from '../lib/store/types';
import { normalizeSentenceKey } from '../lib/text/normalize';
import {
  fmt,
  groupIntoParagraphs,
  makeDocument,
  mib,
  paddingSummary,
  planDocumentBatches,
  seconds,
  table,
} from './lib/mt-bench-doc';
import { DEFAULT_BATCH_POLICY } from '../lib/mt/translate/batching';

const ROOT = path.resolve(__dirname, '..');
const NEWSTEST = 'parallel/newstest/newstest2012.es';
const DEFAULT_BATCH = DEFAULT_BATCH_POLICY.maxBatch; // TransformersEngine's default
const DEFAULT_WINDOW = DEFAULT_WINDOW_SENTENCES; // TranslationJobs' default
const CEILING_NEW_TOKENS = 64;
/** Paragraphs on a reader's first screen, for the "first screen" time. */
/** The pause between the warm-up and opening the document (the server's preload is followed by one too). */
const SETTLE_MS = 3000;
const SCREEN_PARAGRAPHS = 5;
const CEILING_BATCHES = [1, 8, 16, 32];
/** How long the engine sits idle before the first paragraph is timed again. */
const IDLE_MS = 8000;

interface Variant {
  batchSize: number;
  windowSentences: number;
}

interface Options {
  dataDir: string;
  sentences: number;
  modelDir: string;
  dtype: 'q8' | 'fp32';
  seed: number;
  variants: Variant[];
  /** Variants translate the document made of the first N sentences only (0: the whole document). */
  variantSentences: number;
  ceiling: boolean;
  /** Decoder threads of the document path's engine (lib/mt/worker/decoder-pool.ts). */
  threads: number;
}

class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '../shared/data' },
      sentences: { type: 'string', default: '200' },
      'model-dir': { type: 'string' },
      dtype: { type: 'string', default: 'q8' },
      seed: { type: 'string', default: '7' },
      variants: { type: 'string', default: '' },
      'variant-sentences': { type: 'string', default: '0' },
      'no-ceiling': { type: 'boolean', default: false },
      threads: { type: 'string' },
    },
  });
  const sentences = Number(values.sentences);
  if (!Number.isInteger(sentences) || sentences < 1) throw new UsageError(`--sentences must be a positive integer`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer`);
  if (values.dtype !== 'q8' && values.dtype !== 'fp32') throw new UsageError(`--dtype must be q8 or fp32`);
  const variants: Variant[] = [];
  for (const spec of values.variants
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^b(\d+)w(\d+)$/.exec(spec);
    if (!m)
      throw new UsageError(`--variants: "${spec}" is not of the form b<batchSize>w<windowSentences>, e.g. b16w64`);
    variants.push({ batchSize: Number(m[1]), windowSentences: Number(m[2]) });
  }
  const threads =
    values.threads === undefined ? decoderThreadsFrom(process.env.PARALELO_MT_THREADS) : Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_DECODER_THREADS) {
    throw new UsageError(`--threads must be an integer from 1 to ${MAX_DECODER_THREADS}`);
  }
  const variantSentences = Number(values['variant-sentences']);
  if (!Number.isInteger(variantSentences) || variantSentences < 0 || variantSentences > sentences) {
    throw new UsageError(`--variant-sentences must be an integer from 0 to --sentences`);
  }
  return {
    // Relative paths are the caller's (npm run sets the cwd to the project root).
    dataDir: path.resolve(values.data),
    sentences,
    modelDir: values['model-dir']
      ? path.resolve(values['model-dir'])
      : path.join(ROOT, 'models/test/bench-marian-es-en'),
    dtype: values.dtype,
    seed,
    variants,
    variantSentences,
    ceiling: !values['no-ceiling'],
    threads,
  };
}

/** The engine's view of a model folder: modelsDir/<owner>/<name>. */
function engineConfigFor(modelDir: string, dtype: 'q8' | 'fp32'): EngineConfig {
  const modelsDir = path.dirname(path.dirname(modelDir));
  const modelId = `${path.basename(path.dirname(modelDir))}/${path.basename(modelDir)}`;
  validateModelId(modelId);
  return { modelsDir, modelId, dtype, allowTestModels: true };
}

function checkInputs(opts: Options): { lines: string[]; spare: string[] } {
  const file = path.join(opts.dataDir, NEWSTEST);
  if (!existsSync(file)) {
    throw new UsageError(
      `No ${NEWSTEST} under ${opts.dataDir}. Pass --data <the shared data folder>, e.g. --data ../shared/data ` +
        `(it must hold ${NEWSTEST}).`,
    );
  }
  const missing = pipelineFiles(opts.dtype).filter((f) => !existsSync(path.join(opts.modelDir, f)));
  if (missing.length > 0) {
    throw new UsageError(
      `Benchmark model not found in ${opts.modelDir} (missing ${missing.join(', ')}).\n` +
        `Generate it (random weights, real opus-mt-es-en shapes, about 40 s) with:\n\n  npm run model:bench\n`,
    );
  }
  const all = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (all.length < opts.sentences) {
    throw new UsageError(`${file} has ${all.length} lines; --sentences ${opts.sentences} asks for more.`);
  }
  // Warm-up inputs come from after the document so nothing the measured runs translate was seen before.
  return { lines: all.slice(0, opts.sentences), spare: all.slice(opts.sentences, opts.sentences + 64) };
}

interface TextPipeline {
  (texts: string[], options: Record<string, unknown>): Promise<Array<{ translation_text?: string }>>;
  tokenizer: { encode(text: string, options?: { add_special_tokens?: boolean }): number[]; model_max_length?: number };
  model: { config?: Record<string, unknown>; sessions?: Record<string, OrtSessionLike> };
  dispose(): Promise<void>;
}

async function loadPipeline(config: EngineConfig): Promise<TextPipeline> {
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = config.modelsDir;
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && /MarianTokenizer` is not yet supported/.test(args[0])) return;
    warn(...args);
  };
  try {
    return (await pipeline('translation', config.modelId, { dtype: config.dtype })) as unknown as TextPipeline;
  } finally {
    console.warn = warn;
  }
}

interface DocRun {
  label: string;
  batchSize: number;
  windowSentences: number;
  wallMs: number;
  firstParagraphMs: number | null;
  /** When the first SCREEN_PARAGRAPHS paragraphs had all arrived (a reader's first screen), null if fewer exist. */
  firstScreenMs: number | null;
  outputs: Map<string, string>;
  modelCalls: number;
  inputTokens: number;
  paragraphs: number;
  cachedParagraphs: number;
  getEngineCalls: number;
}

/** One TranslationJobs run of the document, timed from start() to 'done'. */
async function runDocument(
  label: string,
  engine: TransformersEngine,
  store: Store,
  doc: JobDocument,
  modelId: string,
  batchSize: number,
  windowSentences: number,
): Promise<DocRun> {
  let getEngineCalls = 0;
  const jobs = new TranslationJobs({
    store,
    modelId,
    windowSentences,
    getEngine: () => {
      getEngineCalls += 1;
      return engine;
    },
  });
  const outputs = new Map<string, string>();
  let firstParagraphMs: number | null = null;
  const screen = new Set(doc.paragraphs.slice(0, SCREEN_PARAGRAPHS).map((p) => p.index));
  let firstScreenMs: number | null = null;
  let paragraphs = 0;
  let cachedParagraphs = 0;
  const before = engine.stats();
  let started = 0;
  const finished = new Promise<void>((resolve, reject) => {
    jobs.subscribe(doc.slug, (event) => {
      if (event.type === 'paragraph') {
        firstParagraphMs ??= performance.now() - started;
        screen.delete(event.index);
        if (screen.size === 0 && doc.paragraphs.length >= SCREEN_PARAGRAPHS)
          firstScreenMs ??= performance.now() - started;
        paragraphs += 1;
        if (event.cached) cachedParagraphs += 1;
        const sentences = doc.paragraphs.find((p) => p.index === event.index)?.sentences ?? [];
        sentences.forEach((s, i) => outputs.set(normalizeSentenceKey(s), event.targets[i] ?? ''));
      } else if (event.type === 'done') resolve();
      else if (event.type === 'failed') reject(new Error(`job failed (${event.code}): ${event.message}`));
      else if (event.type === 'cancelled') reject(new Error('job cancelled'));
    });
  });
  started = performance.now();
  jobs.start(doc);
  await finished;
  const wallMs = performance.now() - started;
  const after = engine.stats();
  return {
    label,
    batchSize,
    windowSentences,
    wallMs,
    firstParagraphMs,
    firstScreenMs,
    outputs,
    modelCalls: after.modelCalls - before.modelCalls,
    inputTokens: after.inputTokens - before.inputTokens,
    paragraphs,
    cachedParagraphs,
    getEngineCalls,
  };
}

function tempStore(): { store: Store; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paralelo-bench-mt-'));
  const store = openSqliteStore(path.join(dir, 'bench.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts an engine and warms it up: with `warmup` lines in one call, or (null) the way the web server does at
 * start (lib/mt WARM_UP, one paragraph as one batch), so the first paragraph below is what a reader gets from it.
 */
async function startEngine(
  config: EngineConfig,
  batchSize: number,
  warmup: readonly string[] | null,
  decoderThreads: number,
): Promise<{
  engine: TransformersEngine;
  readyMs: number;
  loadMs: number | null;
  decoding: string | null;
  warmupMs: number;
  settleMs: number;
}> {
  const t0 = performance.now();
  const engine = createTransformersEngine(config, { root: ROOT, batchSize, decoderThreads });
  await engine.ready();
  const readyMs = performance.now() - t0;
  const loadMs = engine.stats().loadMs;
  const t1 = performance.now();
  if (warmup) await engine.translate(warmup.slice(0, batchSize));
  else await engine.translate(WARM_UP, { priority: 'latency' });
  const warmupMs = performance.now() - t1;
  // Decoder threads after the first load after that first request and join while the engine already serves
  // (lib/mt/worker/decoder-pool.ts); the server logs when they are all there.
  const t2 = performance.now();
  await engine.settled();
  const settleMs = performance.now() - t2;
  const stats = engine.stats();
  const decoding = stats.decoding === 'thread' ? `${stats.decoderThreads} thread(s)` : stats.decoding;
  return { engine, readyMs, loadMs, decoding, warmupMs, settleMs };
}

function rssNow(): number {
  return process.memoryUsage().rss;
}

function maxRss(): number {
  return process.resourceUsage().maxRSS * 1024; // KiB → bytes
}

function log(message: string): void {
  process.stderr.write(`[bench:mt] ${message}\n`);
}

/** Wall time, process CPU time (all threads, the decoder threads included) and the load average around a phase. */
interface Phase {
  wallMs: number;
  cpuMs: number;
  load: number;
}

async function phase<T>(fn: () => Promise<T>): Promise<{ value: T; phase: Phase }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, phase: { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, load: os.loadavg()[0] ?? 0 } };
}

function describePhase(p: Phase): string {
  return `CPU ${seconds(p.cpuMs, 0)} = ${fmt(p.cpuMs / p.wallMs, 2)} cores busy, load avg ${fmt(p.load, 1)} at end`;
}

async function main(): Promise<void> {
  const opts = parseOptions();
  const { lines, spare } = checkInputs(opts);
  const config = engineConfigFor(opts.modelDir, opts.dtype);
  const benchStarted = performance.now();
  const loadAtStart = os.loadavg();

  const doc = makeDocument(`bench-newstest2012-${opts.sentences}`, groupIntoParagraphs(lines, opts.seed));
  const distinctKeys = (d: JobDocument) =>
    [...new Set(d.paragraphs.flatMap((p) => p.sentences.map(normalizeSentenceKey)))].filter(Boolean);
  const keys = distinctKeys(doc);
  const variantDoc =
    opts.variantSentences > 0 && opts.variantSentences < opts.sentences
      ? makeDocument(
          `bench-newstest2012-${opts.variantSentences}`,
          groupIntoParagraphs(lines.slice(0, opts.variantSentences), opts.seed),
        )
      : doc;
  // Short spare lines: the variants' warm-up only has to initialize sessions and code paths, not cost time.
  const warmup = [...spare].sort((a, b) => a.length - b.length).slice(0, 32);
  log(
    `${lines.length} sentences → ${doc.paragraphs.length} paragraphs (seed ${opts.seed}); ${keys.length} distinct; ` +
      `model ${config.modelId} (${config.dtype}); load avg ${fmt(loadAtStart[0], 1)}`,
  );

  // (b) Document path over the engine, as the web server runs it.
  const rssBefore = rssNow();
  log('(b) starting the engine (cold load)…');
  const main = await startEngine(config, DEFAULT_BATCH, null, opts.threads);
  // As after the server's preload, the engine then sits idle until a document is opened (its threads have settled:
  // the further ones joined, each built its decoder for the cached steps, lib/mt/decoder/cached-step-decoder.ts).
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const db = tempStore();
  log('(b) translating the document through TranslationJobs…');
  const docMeasured = await phase(() =>
    runDocument(
      `(b) document path: jobs + engine, batch ${DEFAULT_BATCH}, window ${DEFAULT_WINDOW}`,
      main.engine,
      db.store,
      doc,
      config.modelId,
      DEFAULT_BATCH,
      DEFAULT_WINDOW,
    ),
  );
  const docRun = docMeasured.value;
  log(`(b) done in ${seconds(docRun.wallMs)}; second run (cache)…`);
  const cacheRun = await runDocument(
    'cache',
    main.engine,
    db.store,
    doc,
    config.modelId,
    DEFAULT_BATCH,
    DEFAULT_WINDOW,
  );
  await db.cleanup();
  // The first paragraph's floor: each of its sentences alone (batch 1) through the same warm engine. A batch waits for
  // its longest member, so with these budgets the first paragraph cannot arrive sooner than the slowest of them.
  let floorMs = 0;
  for (const sentence of doc.paragraphs[0]?.sentences ?? []) {
    const started = performance.now();
    await main.engine.translate([sentence]);
    floorMs = Math.max(floorMs, performance.now() - started);
  }
  // The same first paragraph once more, through a job on a fresh store, after the engine has sat idle. The first
  // measurement comes right after the engine's load and warm-up call, and there the same call has cost up to 0.6 s
  // more process CPU (user time). Seen, not settled: `node --trace-gc` shows the decoder thread in a full collection about
  // every 100 ms for "external memory pressure" while it decodes (onnxruntime-node returns every output of every step
  // in a new ArrayBuffer, pre-allocated outputs included), but a collection forced in the idle thread did not remove
  // the difference.
  log(`first paragraph again after ${IDLE_MS / 1000} s idle…`);
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const idleDb = tempStore();
  const idleRun = await runDocument(
    'idle',
    main.engine,
    idleDb.store,
    makeDocument(`${doc.slug}-idle`, [[...(doc.paragraphs[0]?.sentences ?? [])]]),
    config.modelId,
    DEFAULT_BATCH,
    DEFAULT_WINDOW,
  );
  await idleDb.cleanup();

  const variantRuns: { run: DocRun; phase: Phase }[] = [];
  const runVariant = async (v: Variant, engine: TransformersEngine) => {
    const vdb = tempStore();
    log(`variant batch ${v.batchSize}, window ${v.windowSentences}…`);
    const measured = await phase(() =>
      runDocument(
        `    variant: batch ${v.batchSize}, window ${v.windowSentences}`,
        engine,
        vdb.store,
        variantDoc,
        config.modelId,
        v.batchSize,
        v.windowSentences,
      ),
    );
    variantRuns.push({ run: measured.value, phase: measured.phase });
    await vdb.cleanup();
  };
  for (const v of opts.variants.filter((x) => x.batchSize === DEFAULT_BATCH)) await runVariant(v, main.engine);
  const enginePhase = { rss: rssNow(), maxRss: maxRss() };
  await main.engine.dispose();
  for (const v of opts.variants.filter((x) => x.batchSize !== DEFAULT_BATCH)) {
    const extra = await startEngine(config, v.batchSize, warmup, opts.threads);
    await runVariant(v, extra.engine);
    await extra.engine.dispose();
  }

  // (a) Naive path: the pipeline in this thread, one sentence per call, the engine's limits per sentence.
  log('(a) loading the pipeline in the main thread…');
  const tLoad = performance.now();
  const pipe = await loadPipeline(config);
  const pipeLoadMs = performance.now() - tLoad;
  const measure: Measure = (text) => pipe.tokenizer.encode(text).length;
  const maxPositions =
    typeof pipe.model.config?.max_position_embeddings === 'number' ? pipe.model.config.max_position_embeddings : 512;
  const modelMax = typeof pipe.tokenizer.model_max_length === 'number' ? pipe.tokenizer.model_max_length : Infinity;
  const limit = inputLimitFor(maxPositions, modelMax);
  const warm = warmup[0] ?? 'Hola.';
  await pipe([warm], { max_new_tokens: maxNewTokensFor(measure(warm), maxPositions) });
  log(`(a) translating ${keys.length} sentences one by one…`);
  const naiveOutputs = new Map<string, string>();
  const naiveMsByKey = new Map<string, number>();
  let naiveCalls = 0;
  const naiveMeasured = await phase(async () => {
    for (const key of keys) {
      const t = performance.now();
      const clean = sanitizeForModel(key);
      const pieces = clean.length === 0 ? [] : splitLong(clean, limit, measure);
      const outs: string[] = [];
      for (const piece of pieces) {
        const [out] = await pipe([piece.text], { max_new_tokens: maxNewTokensFor(measure(piece.text), maxPositions) });
        naiveCalls += 1;
        outs.push(out?.translation_text ?? '');
      }
      naiveOutputs.set(key, joinPieces(pieces, outs));
      naiveMsByKey.set(key, performance.now() - t);
    }
  });
  const naiveMs = naiveMeasured.phase.wallMs;
  log(`(a) done in ${seconds(naiveMs)}`);

  // (c) What batching can give at best here: equal-length inputs, fixed new tokens, no padding waste.
  const ceiling: { batch: number; tokens: number; ms: number }[] = [];
  if (opts.ceiling) {
    log('(c) pipeline ceiling by batch size…');
    const byLength = [...keys].sort((a, b) => measure(a) - measure(b));
    const mid = Math.floor(byLength.length / 2);
    for (const batch of CEILING_BATCHES) {
      const from = Math.max(0, Math.min(mid - Math.floor(batch / 2), byLength.length - batch));
      const inputs = byLength.slice(from, from + batch);
      const t = performance.now();
      const outs = await pipe(inputs, { max_new_tokens: CEILING_NEW_TOKENS });
      const ms = performance.now() - t;
      ceiling.push({
        batch: inputs.length,
        tokens: outs.reduce((s, o) => s + measure(o.translation_text ?? ''), 0),
        ms,
      });
    }
  }
  const endPhase = { rss: rssNow(), maxRss: maxRss() };

  // Token accounting, the same way for every path.
  const ownBudget = new Map(keys.map((k) => [k, maxNewTokensFor(measure(sanitizeForModel(k)), maxPositions)]));
  const count = (outputs: Map<string, string>, over: readonly string[]) => {
    let raw = 0;
    let useful = 0;
    for (const key of over) {
      const n = measure(outputs.get(key) ?? '');
      raw += n;
      useful += Math.min(n, ownBudget.get(key) ?? n);
    }
    return { raw, useful };
  };
  const naiveTokens = count(naiveOutputs, keys);
  // The engine decodes with its own greedy loop when the model has the layout it drives (lib/mt/decoder/greedy-decode.ts).
  const sessions = pipe.model.sessions ?? {};
  const greedyLoop =
    sessions.model !== undefined &&
    sessions.decoder_model_merged !== undefined &&
    supportsGreedyLoop(sessions.model, sessions.decoder_model_merged, Number(pipe.model.config?.decoder_layers ?? 0));
  const naiveUsefulRate = naiveTokens.useful / (naiveMs / 1000);
  const variantKeys = distinctKeys(variantDoc);
  const naiveSubsetMs = variantKeys.reduce((s, k) => s + (naiveMsByKey.get(k) ?? 0), 0);
  const naiveSubsetRate = count(naiveOutputs, variantKeys).useful / (naiveSubsetMs / 1000);

  const rowFor = (run: DocRun, ph: Phase, runDoc: JobDocument, baseRate: number) => {
    const t = count(run.outputs, distinctKeys(runDoc));
    const usefulRate = t.useful / (run.wallMs / 1000);
    const batches = planDocumentBatches(runDoc, measure, {
      batchSize: run.batchSize,
      windowSentences: run.windowSentences,
      maxPositions,
      threads: opts.threads,
    });
    const plan = paddingSummary(batches, { loop: greedyLoop });
    return {
      run,
      t,
      plan,
      batches,
      cells: [
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
      ],
    };
  };
  const docRow = rowFor(docRun, docMeasured.phase, doc, naiveUsefulRate);
  const variantRows = variantRuns.map((r) => rowFor(r.run, r.phase, variantDoc, naiveSubsetRate));

  const header = [
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
  const rows = [
    [
      '(a) naive: pipeline, 1 sentence per call, main thread',
      fmt(naiveCalls),
      seconds(naiveMs, 1),
      fmt(naiveTokens.raw),
      fmt(naiveTokens.raw / (naiveMs / 1000)),
      fmt(naiveUsefulRate),
      '1.00x',
      fmt(naiveTokens.useful / (naiveMeasured.phase.cpuMs / 1000)),
      'n/a',
      '0%',
    ],
    docRow.cells,
  ];
  const subsetNote =
    variantDoc === doc
      ? ''
      : ` (variants: first ${opts.variantSentences} sentences, ${variantDoc.paragraphs.length} paragraphs; their "vs (a)" ` +
        `uses (a)'s per-sentence times for the same sentences: ${seconds(naiveSubsetMs, 1)}, ${fmt(naiveSubsetRate)} useful tok/s)`;

  const ratioUseful = docRow.t.useful / (docRun.wallMs / 1000) / naiveUsefulRate;
  const ratioCpu = docRow.t.useful / docMeasured.phase.cpuMs / (naiveTokens.useful / naiveMeasured.phase.cpuMs);
  const ratioRaw = docRow.t.raw / (docRun.wallMs / 1000) / (naiveTokens.raw / (naiveMs / 1000));
  const first = doc.paragraphs[0]?.sentences ?? [];
  const firstTokens = first.map((s) => measure(s));
  const cpus = os.cpus();
  const pkgVersion = (name: string) => {
    try {
      const pkg = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        version?: string;
      };
      return pkg.version ?? '?';
    } catch {
      return '?';
    }
  };
  const p = docRow.plan;
  const firstCalls = docRow.batches.filter((b) => b.window === 0);
  const firstSteps = firstCalls.reduce((sum, b) => sum + (greedyLoop ? loopCost(b.budgets).steps : b.maxNewTokens), 0);

  const out: string[] = [];
  out.push('');
  out.push('Paralelo MT throughput: naive pipeline vs document path (TranslationJobs over the engine)');
  out.push('RANDOM-WEIGHT MODEL: throughput only. Its outputs are meaningless; nothing here measures quality.');
  out.push('');
  out.push(
    `machine    ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${mib(os.totalmem())} RAM, ` +
      `Node ${process.version}, ${os.platform()} ${os.arch()}; load avg ${loadAtStart.map((l) => fmt(l, 1)).join('/')} ` +
      `(1/5/15 min) before the bench`,
  );
  out.push(
    `software   @huggingface/transformers ${pkgVersion('@huggingface/transformers')}, ` +
      `onnxruntime-node ${pkgVersion('onnxruntime-node')}`,
  );
  out.push(`model      ${config.modelId} (${config.dtype}), ${opts.modelDir}`);
  out.push(
    `document   first ${lines.length} lines of ${NEWSTEST} → ${doc.paragraphs.length} paragraphs of 3-8 sentences ` +
      `(seed ${opts.seed}); ${keys.length} distinct sentences, ${fmt(keys.reduce((s, k) => s + measure(k), 0))} input ` +
      `tokens, longest ${fmt(Math.max(...keys.map(measure)))}, ${keys.filter((k) => measure(k) > limit).length} over the ${limit}-token split limit`,
  );
  out.push(
    `limits     max_new_tokens = min(2n + 16, ${maxPositions - 1}), n = longest input of the call (engine rule); ` +
      `sum over sentences alone: ${fmt([...ownBudget.values()].reduce((a, b) => a + b, 0))}`,
  );
  out.push('');
  out.push(table(header, [...rows, ...variantRows.map((r) => r.cells)]));
  if (subsetNote) out.push(subsetNote.trim());
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
    greedyLoop
      ? "        (b) decodes with the engine's greedy loop (lib/mt/decoder/greedy-decode.ts) in its decoder thread: each row to its own budget, finished rows leave the batch."
      : "        (b) decodes with transformers.js' generate(): every row of a batch until its longest budget.",
  );
  out.push('');
  out.push(
    `ratio (b)/(a)      ${fmt(ratioUseful, 2)}x useful tokens/s; ${fmt(ratioRaw, 2)}x counting every generated token. ` +
      `Target >= 2x: ${ratioUseful >= 2 ? 'MET' : 'NOT MET'} (per CPU-second: ${fmt(ratioCpu, 2)}x)`,
  );
  out.push(
    `first paragraph    ${seconds(docRun.firstParagraphMs)} with the model warm (loaded, the server's warm-up paragraph, decoder threads settled ${seconds(main.settleMs)} later, then ${SETTLE_MS / 1000} s idle), start() → first 'paragraph' event; ` +
      `${first.length} sentences of ${firstTokens.join('/')} tokens = ${firstCalls.length} call(s) of ` +
      `${firstCalls.map((b) => b.budgets.length).join(' + ')} sentences, ${fmt(firstSteps)} sequential decoder steps ` +
      `(the longest alone needs ${fmt(maxNewTokensFor(Math.max(...firstTokens), maxPositions))}). Target <= 1 s: ` +
      (docRun.firstParagraphMs !== null && docRun.firstParagraphMs <= 1000 ? 'MET' : 'NOT MET'),
  );
  out.push(
    `  floor            ${seconds(floorMs)} for the slowest of them alone (batch 1, same warm engine, ` +
      `${fmt(maxNewTokensFor(Math.max(...firstTokens), maxPositions))} steps = ` +
      `${fmt(floorMs / maxNewTokensFor(Math.max(...firstTokens), maxPositions), 1)} ms a step): no batching of the ` +
      `first paragraph can beat this with the random model, which decodes every budget to the end`,
  );
  out.push(
    `  after idle       ${seconds(idleRun.firstParagraphMs)} for the same paragraph through a job on a fresh store, ` +
      `after the engine sat idle ${IDLE_MS / 1000} s (above, it comes right after the engine's load and warm-up call)`,
  );
  out.push(
    `first screen       ${seconds(docRun.firstScreenMs)} until paragraphs 1-${SCREEN_PARAGRAPHS} have all arrived ` +
      `(windows after the first: ${[1, 2, 3].map((n) => windowLimit(n, DEFAULT_WINDOW)).join(', ')} sentences, then ` +
      `${DEFAULT_WINDOW})`,
  );
  out.push(
    `model load, cold   ${seconds(main.readyMs)} engine, createTransformersEngine() → ready() (of which model load ` +
      `${seconds(main.loadMs)}, decoding: ${main.decoding ?? '?'}); in-process pipeline for (a) ` +
      `${seconds(pipeLoadMs)} (files now in page cache)`,
  );
  out.push(
    `peak RSS           ${mib(enginePhase.maxRss)} after (b), engine only loaded: process-wide maxRSS, the decoder threads ` +
      `are inside this process (threads have no RSS of their own)`,
  );
  out.push(
    `                   ${mib(endPhase.maxRss)} at the end, after also loading the in-process pipeline for (a); RSS ` +
      `${mib(rssBefore)} before loading anything`,
  );
  out.push(
    `cache              second run of the same document: ${cacheRun.modelCalls} model calls (engine stats), engine ` +
      `requested ${cacheRun.getEngineCalls} times, ${cacheRun.cachedParagraphs}/${cacheRun.paragraphs} paragraphs ` +
      `from the store, ${seconds(cacheRun.wallMs, 3)}` +
      (cacheRun.modelCalls === 0 && cacheRun.cachedParagraphs === doc.paragraphs.length
        ? ' (OK: zero model calls)'
        : ' (UNEXPECTED)'),
  );
  out.push(`contention         (a) ${describePhase(naiveMeasured.phase)}`);
  out.push(`                   (b) ${describePhase(docMeasured.phase)}`);
  out.push('');
  out.push('batching of (b), from the same rules (first paragraph alone, windows of whole paragraphs <= window');
  out.push(
    greedyLoop
      ? `sentences, sort by tokens, chunks of batchSize / ${opts.threads} decoder thread(s), side by side; each row 2n+16 of ` +
          'its own, finished rows leave at a quarter; a call of one batch is split over the threads):'
      : "sentences, sort by tokens, chunks of batchSize, 2n+16 of the chunk's longest):",
  );
  out.push(
    `  (b) ${p.calls} calls (engine counted ${docRun.modelCalls}), mean batch ${fmt(p.meanBatch, 1)}, ` +
      `${fmt(p.decoderSteps)} sequential decoder steps = ${fmt(p.decoderSteps / (docRun.wallMs / 1000), 1)} steps/s; ` +
      `${fmt(p.slots)} slots for ${fmt(p.needed)} needed (${fmt(p.waste * 100, 0)}% waste)`,
  );
  out.push(
    `  (a) ${fmt(naiveCalls)} calls, batch 1, ${fmt(p.needed)} decoder steps = ${fmt(p.needed / (naiveMs / 1000), 1)} steps/s`,
  );
  for (const r of variantRows) {
    out.push(
      `  ${r.run.label.trim()}: ${r.plan.calls} calls (engine counted ${r.run.modelCalls}), mean batch ` +
        `${fmt(r.plan.meanBatch, 1)}, ${fmt(r.plan.decoderSteps)} steps, ${fmt(r.plan.waste * 100, 0)}% waste`,
    );
  }
  if (ceiling.length > 0) {
    out.push('');
    out.push(
      `(c) pipeline ceiling, this thread: ${CEILING_NEW_TOKENS} new tokens, inputs of near-median length (no padding waste)`,
    );
    const base = ceiling[0];
    out.push(
      table(
        ['batch', 'tokens', 'wall', 'tok/s', 'vs batch 1'],
        ceiling.map((c) => [
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
    `whole bench ${seconds(performance.now() - benchStarted, 0)}. Random-weight model: throughput only, outputs meaningless.`,
  );
  console.log(out.join('\n'));
  await pipe.dispose();
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
