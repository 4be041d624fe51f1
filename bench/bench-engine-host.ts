/**
 * Does the server still need the outer translation worker thread, now that decoding has threads of its own?
 *
 *   npm run model:bench && npx tsx bench/bench-engine-host.ts --data ../shared/data [--rounds 3]
 *
 * Runs bench:mt's document (the first 200 newstest2012 sentences in the same paragraphs) through TranslationJobs, as
 * the server does, over two engines, each in a fresh child process and alternating (in, worker, in, worker, ...):
 * `in`, the engine in the caller's thread (its tokenizer here, its greedy loop in its decoder threads), and `worker`,
 * the same engine inside a worker thread (WorkerEngine). Each child loads the model, warms up as the server does
 * (WARM_UP, then settled, then 3 s idle) and times the document. What the server's thread feels is its event-loop
 * delay while the document is translated (perf_hooks.monitorEventLoopDelay, 1 ms resolution). Prints medians; no
 * assertion.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { TranslationJobs } from '../lib/documents/translation-job';
import { WARM_UP } from '../lib/mt';
import type { TranslationEngine } from '../lib/mt/engine';
import { TransformersEngine } from '../lib/mt/transformers-engine';
import { WorkerEngine } from '../lib/mt/worker-engine';
import { openSqliteStore } from '../lib/store/sqlite';
import { fmt, groupIntoParagraphs, makeDocument, table } from './lib/mt-bench-doc';

const ROOT = path.resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    rounds: { type: 'string', default: '3' },
    variant: { type: 'string' },
    threads: { type: 'string', default: '2' },
  },
});
const MODEL_DIR = path.join(ROOT, 'models/test/bench-marian-es-en');
const NEWSTEST = path.join(path.resolve(values.data), 'parallel/newstest/newstest2012.es');

interface Result {
  variant: string;
  readyMs: number;
  firstParagraphMs: number;
  wallMs: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  /** RSS once loaded, warmed up and settled, before the document. */
  idleRssMiB: number;
  maxRssMiB: number;
  cpuS: number;
}

async function child(variant: 'in' | 'worker'): Promise<Result> {
  const config = {
    modelsDir: path.dirname(path.dirname(MODEL_DIR)),
    modelId: 'test/bench-marian-es-en',
    dtype: 'q8' as const,
    allowTestModels: true,
  };
  const options = { root: ROOT, decoderThreads: Number(values.threads) };
  const t0 = performance.now();
  const engine: TranslationEngine =
    variant === 'in' ? new TransformersEngine(config, options) : new WorkerEngine(config, options);
  await engine.ready();
  const readyMs = performance.now() - t0;
  await engine.translate(WARM_UP, { priority: 'latency' });
  await (engine as TransformersEngine | WorkerEngine).settled();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idleRssMiB = process.memoryUsage().rss / 2 ** 20;
  const lines = readFileSync(NEWSTEST, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 200);
  const doc = makeDocument('bench', groupIntoParagraphs(lines, 7));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paralelo-bench-host-'));
  const store = openSqliteStore(path.join(dir, 'bench.db'));
  const jobs = new TranslationJobs({ store, modelId: config.modelId, getEngine: () => engine });
  const lag = monitorEventLoopDelay({ resolution: 1 });
  let first = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const done = new Promise<void>((resolve, reject) =>
    jobs.subscribe(doc.slug, (e) => {
      if (e.type === 'paragraph' && first === 0) first = performance.now() - started;
      if (e.type === 'done') resolve();
      if (e.type === 'failed') reject(new Error(e.message));
    }),
  );
  lag.enable();
  jobs.start(doc);
  await done;
  lag.disable();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  await engine.dispose();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    variant,
    readyMs,
    firstParagraphMs: first,
    wallMs,
    lagP50: lag.percentile(50) / 1e6,
    lagP99: lag.percentile(99) / 1e6,
    lagMax: lag.max / 1e6,
    idleRssMiB,
    maxRssMiB: (process.resourceUsage().maxRSS * 1024) / 2 ** 20,
    cpuS: (cpu.user + cpu.system) / 1e6,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function main(): Promise<void> {
  if (values.variant === 'in' || values.variant === 'worker') {
    // The in-process engine's decoder threads are unref'd while idle: keep this process alive through settled().
    const alive = setInterval(() => {}, 1000);
    console.log(JSON.stringify(await child(values.variant)));
    clearInterval(alive);
    return;
  }
  if (!existsSync(NEWSTEST)) throw new Error(`no ${NEWSTEST}: pass --data ../shared/data`);
  if (!existsSync(path.join(MODEL_DIR, 'config.json'))) throw new Error('run npm run model:bench first');
  const results: Result[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const variant of ['in', 'worker']) {
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', __filename, '--variant', variant, '--data', values.data, '--threads', values.threads],
        { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const result = JSON.parse(out.trim().split('\n').at(-1)!) as Result;
      process.stderr.write(`[bench:engine-host] round ${round + 1} ${variant}: ${JSON.stringify(result)}\n`);
      results.push(result);
    }
  }
  const rows = ['in', 'worker'].map((variant) => {
    const of = results.filter((r) => r.variant === variant);
    const m = (key: keyof Omit<Result, 'variant'>, digits = 0) => fmt(median(of.map((r) => r[key])), digits);
    return [
      variant,
      m('readyMs'),
      m('firstParagraphMs'),
      fmt(median(of.map((r) => r.wallMs)) / 1000, 1),
      m('lagP50', 1),
      m('lagP99', 1),
      m('lagMax', 0),
      m('idleRssMiB'),
      m('maxRssMiB'),
      m('cpuS', 1),
    ];
  });
  console.log(
    table(
      [
        'engine',
        'ready ms',
        '1st para ms',
        'doc s',
        'lag p50 ms',
        'lag p99 ms',
        'lag max ms',
        'idle RSS MiB',
        'max RSS MiB',
        'CPU s',
      ],
      rows,
    ),
  );
  console.log(
    `medians of ${values.rounds} interleaved rounds, ${values.threads} decoder threads, load ${os.loadavg()[0]}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
