/**
 * bench:mt's measuring functions: each times one thing and returns plain figures (bench/lib/mt-report.ts words them).
 * No assertion anywhere: this is a report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobDocument } from '../../lib/documents/translation-job';
import { TranslationJobs } from '../../lib/documents/translation-job';
import type { EngineConfig } from '../../lib/mt/engine';
import type { TextPipeline } from '../../lib/mt/model/transformers';
import { WARM_UP } from '../../lib/mt/shared-engine';
import { createTransformersEngine, type TransformersEngine } from '../../lib/mt/translate/transformers-engine';
import { joinPieces, sanitizeForModel, splitLong, type Measure } from '../../lib/mt/translate/split-long';
import { openSqliteStore } from '../../lib/store/sqlite';
import type { Store } from '../../lib/store/types';
import { normalizeSentenceKey } from '../../lib/text/normalize';
import { ROOT } from './mt-options';

/** Paragraphs on a reader's first screen, for the "first screen" time. */
export const SCREEN_PARAGRAPHS = 5;
/** The pause between the warm-up and opening the document (the server's preload is followed by one too). */
export const SETTLE_MS = 3000;

export function log(message: string): void {
  process.stderr.write(`[bench:mt] ${message}\n`);
}

export const rssNow = (): number => process.memoryUsage().rss;
/** The process's peak RSS so far: the decoder threads are inside this process (threads have no RSS of their own). */
export const maxRss = (): number => process.resourceUsage().maxRSS * 1024;
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wall time, process CPU time (all threads, the decoder threads included) and the load average around a phase. */
export interface Phase {
  wallMs: number;
  cpuMs: number;
  load: number;
}

export async function phase<T>(fn: () => Promise<T>): Promise<{ value: T; phase: Phase }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, phase: { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, load: os.loadavg()[0] ?? 0 } };
}

/** A store in a temporary folder, removed by cleanup(). */
export function tempStore(): { store: Store; cleanup: () => Promise<void> } {
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

export interface StartedEngine {
  engine: TransformersEngine;
  readyMs: number;
  loadMs: number | null;
  decoding: string | null;
  warmupMs: number;
  settleMs: number;
}

/**
 * Starts an engine and warms it up: with `warmup` lines in one call, or (null) the way the web server does at start
 * (WARM_UP, one paragraph as one batch), so the first paragraph after it is what a reader gets from it.
 */
export async function startEngine(
  config: EngineConfig,
  options: {
    batchSize: number;
    threads: number;
    warmup: readonly string[] | null;
    budget?: (text: string) => number | undefined;
  },
): Promise<StartedEngine> {
  const t0 = performance.now();
  const engine = createTransformersEngine(config, {
    root: ROOT,
    batchSize: options.batchSize,
    decoderThreads: options.threads,
    ...(options.budget ? { budget: options.budget } : {}),
  });
  await engine.ready();
  const readyMs = performance.now() - t0;
  const loadMs = engine.stats().loadMs;
  const t1 = performance.now();
  if (options.warmup) await engine.translate(options.warmup.slice(0, options.batchSize));
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

export interface DocRun {
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
export async function runDocument(
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

/** The slowest of `sentences` translated alone (batch 1): no batching of them can make them all arrive sooner. */
export async function slowestAlone(engine: TransformersEngine, sentences: readonly string[]): Promise<number> {
  let slowest = 0;
  for (const sentence of sentences) {
    const started = performance.now();
    await engine.translate([sentence]);
    slowest = Math.max(slowest, performance.now() - started);
  }
  return slowest;
}

export interface NaiveRun {
  outputs: Map<string, string>;
  msByKey: Map<string, number>;
  calls: number;
  phase: Phase;
}

/**
 * The naive path: transformers.js' pipeline in this thread, one sentence (or piece of one) per call, with its own
 * generation config (beam settings included) and the engine's limits; `budgetOf` gives each piece its max_new_tokens.
 */
export async function runNaive(
  pipe: TextPipeline,
  keys: readonly string[],
  measure: Measure,
  limit: number,
  budgetOf: (text: string) => number,
): Promise<NaiveRun> {
  const outputs = new Map<string, string>();
  const msByKey = new Map<string, number>();
  let calls = 0;
  const measured = await phase(async () => {
    for (const key of keys) {
      const t = performance.now();
      const clean = sanitizeForModel(key);
      const pieces = clean.length === 0 ? [] : splitLong(clean, limit, measure);
      const outs: string[] = [];
      for (const piece of pieces) {
        const [out] = await pipe([piece.text], { max_new_tokens: budgetOf(piece.text) });
        calls += 1;
        outs.push(out?.translation_text ?? '');
      }
      outputs.set(key, joinPieces(pieces, outs));
      msByKey.set(key, performance.now() - t);
    }
  });
  return { outputs, msByKey, calls, phase: measured.phase };
}

/** What batching can give at best here: equal-length inputs, `newTokens` each, no padding waste. */
export async function pipelineCeiling(
  pipe: TextPipeline,
  keys: readonly string[],
  measure: Measure,
  batches: readonly number[],
  newTokens: number,
): Promise<{ batch: number; tokens: number; ms: number }[]> {
  const byLength = [...keys].sort((a, b) => measure(a) - measure(b));
  const mid = Math.floor(byLength.length / 2);
  const ceiling: { batch: number; tokens: number; ms: number }[] = [];
  for (const batch of batches) {
    const from = Math.max(0, Math.min(mid - Math.floor(batch / 2), byLength.length - batch));
    const inputs = byLength.slice(from, from + batch);
    const t = performance.now();
    const outs = await pipe(inputs, { max_new_tokens: newTokens });
    const ms = performance.now() - t;
    ceiling.push({ batch: inputs.length, tokens: outs.reduce((s, o) => s + measure(o.translation_text ?? ''), 0), ms });
  }
  return ceiling;
}

/**
 * What scores cost (translateScored against translate, lib/mt/decoder/logit-scorer.ts): the same calls, one with
 * scores and one without in turn, `rounds` times on a warm engine; the median round of each.
 */
export async function scoresCost(
  engine: TransformersEngine,
  calls: readonly (readonly string[])[],
  rounds: number,
): Promise<{ plainMs: number; scoredMs: number }> {
  const plain: number[] = [];
  const scored: number[] = [];
  const time = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  for (let round = 0; round < rounds; round++) {
    for (const sentences of calls) {
      plain.push(await time(() => engine.translate(sentences)));
      scored.push(await time(() => engine.translateScored(sentences)));
    }
  }
  // One round is the sum of its calls; the median round of each kind.
  const median = (xs: number[]) => {
    const perRound = Array.from({ length: rounds }, (_, r) =>
      xs.slice(r * calls.length, (r + 1) * calls.length).reduce((a, b) => a + b, 0),
    ).sort((a, b) => a - b);
    return perRound[Math.floor((rounds - 1) / 2)] ?? 0;
  };
  return { plainMs: median(plain), scoredMs: median(scored) };
}
