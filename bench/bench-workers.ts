/**
 * Translation throughput with 1 and 2 `paralelo worker` processes on one document:
 * `npm run bench:workers -- --data ../shared/data --database-url postgres://… [--sentences 200] [--runs 2]`
 * (after `npm run model:bench`, unless PARALELO_MODEL names an installed model).
 *
 * Each run takes a fresh schema (nothing cached), starts the workers (one decoder thread each,
 * PARALELO_MT_THREADS=1), waits until every one has loaded the model, then queues the document (newstest2012's first
 * sentences in seeded paragraphs, as bench:mt) and times it until its last window is written. Runs alternate
 * 1 worker, 2 workers, 1, 2… so the machine's noise falls on both alike.
 *
 * Two machines: from the 1-worker runs' own window times (each window measured alone, the second core idle), the
 * windows are dealt in claim order to two workers that each take the next one when free (what the queue does), which
 * gives the time two workers on two machines would take, with nothing shared but the database; the database's work
 * per window (a claim and a commit, a few milliseconds) is inside the measured window times. Prints figures only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openPostgresJobs, type WorkerReport } from '../lib/jobs';
import type { JobEvent } from '../lib/jobs/types';
import { openPostgresStore } from '../lib/store/postgres';
import { dropSchemas } from '../tests/helpers/postgres';
import { groupIntoParagraphs, makeDocument } from './lib/mt-bench-doc';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    'database-url': { type: 'string' },
    sentences: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
  },
});
const root = path.resolve(__dirname, '..');
const dataDir = path.resolve(values.data ?? '../shared/data');
const databaseUrl = values['database-url'] ?? process.env.PARALELO_BENCH_DATABASE_URL ?? '';
const sentences = Math.max(10, Math.min(3000, Number(values.sentences ?? '200') || 200));
const runs = Math.max(1, Math.min(10, Number(values.runs ?? '2') || 2));
const seed = Number(values.seed ?? '7');
const NEWSTEST = path.join(dataDir, 'parallel/newstest/newstest2012.es');
const modelId = process.env.PARALELO_MODEL ?? 'test/bench-marian-es-en';
const SCHEMA = 'bench_workers';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
if (!databaseUrl)
  fail('bench:workers needs PostgreSQL: pass --database-url postgres://… (or PARALELO_BENCH_DATABASE_URL).');
if (!fs.existsSync(NEWSTEST)) fail(`bench:workers needs ${NEWSTEST}; pass --data with the shared data folder.`);
if (!fs.existsSync(path.join(root, 'models', modelId, 'config.json'))) {
  fail(`bench:workers needs the model ${modelId} in models/: run npm run model:bench (or set PARALELO_MODEL).`);
}

const env: Record<string, string> = {
  PARALELO_ROOT: root,
  PARALELO_DATABASE_URL: databaseUrl,
  PARALELO_DATABASE_SCHEMA: SCHEMA,
  PARALELO_MODEL: modelId,
  PARALELO_ALLOW_TEST_MODELS: modelId.startsWith('test/') ? '1' : '0',
  PARALELO_MT_THREADS: '1',
  PARALELO_JOB_TIMEOUT_SECONDS: '600',
  LANG: 'en_US.UTF-8',
};

type Report = WorkerReport & { at: number };

function startWorker(id: string): { child: ChildProcess; reports: Report[]; ready: Promise<void> } {
  const child = spawn(process.execPath, [path.join(root, 'bin/paralelo.mjs'), 'worker', '--id', id, '--json'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const reports: Report[] = [];
  let buffer = '';
  let onReady: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      const parsed = JSON.parse(line) as Report | { type: 'ready' };
      if (parsed.type === 'ready') onReady();
      else reports.push(parsed as Report);
    }
  });
  return { child, reports, ready };
}

interface RunResult {
  workers: number;
  seconds: number;
  windows: { window: number; ms: number; worker: string }[];
}

async function runOnce(doc: ReturnType<typeof makeDocument>, workers: number): Promise<RunResult> {
  await dropSchemas(databaseUrl, SCHEMA);
  const location = { url: databaseUrl, schema: SCHEMA };
  // The first open creates the schema and the queue, before the workers race to.
  const store = await openPostgresStore(location, { poolSize: 2 });
  const jobs = await openPostgresJobs({
    location,
    store,
    modelId,
    timeoutSeconds: 600,
    getEngine: () => fail('the bench process must not translate'),
  });
  const started = Array.from({ length: workers }, (_, i) => ({
    id: `bench-w${i + 1}`,
    ...startWorker(`bench-w${i + 1}`),
  }));
  try {
    await Promise.all(started.map((w) => w.ready));
    const events: JobEvent[] = [];
    let finished: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    await jobs.events.subscribe(doc.slug, (e) => {
      events.push(e);
      if (e.type === 'done' || e.type === 'failed' || e.type === 'cancelled') finished();
    });
    const t0 = performance.now();
    await jobs.queue.start(doc);
    await done;
    const seconds = (performance.now() - t0) / 1000;
    const last = events.at(-1);
    if (last?.type !== 'done') fail(`the run ended ${JSON.stringify(last)}`);
    const windows = started.flatMap((w) =>
      w.reports.flatMap((r) => (r.type === 'window' ? [{ window: r.window, ms: r.ms, worker: w.id }] : [])),
    );
    return { workers, seconds, windows: windows.sort((a, b) => a.window - b.window) };
  } finally {
    for (const w of started) w.child.kill('SIGTERM');
    await Promise.all(
      started.map((w) => new Promise((r) => (w.child.exitCode !== null ? r(null) : w.child.on('exit', r)))),
    );
    await jobs.close();
    await store.close();
  }
}

/** The time two workers with nothing shared would take: windows dealt in order to whichever is free first. */
function twoMachines(windows: { ms: number }[]): number {
  const free = [0, 0];
  for (const w of windows) {
    const next = free[0]! <= free[1]! ? 0 : 1;
    free[next]! += w.ms;
  }
  return Math.max(...free) / 1000;
}

async function main() {
  const lines = fs
    .readFileSync(NEWSTEST, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .slice(0, sentences);
  const doc = makeDocument(`bench-workers-${sentences}`, groupIntoParagraphs(lines, seed));
  console.log(
    `bench:workers: ${lines.length} sentences in ${doc.paragraphs.length} paragraphs, model ${modelId}, ` +
      `one decoder thread per worker, ${runs} run(s) each, alternating (Node ${process.version})`,
  );
  const results: RunResult[] = [];
  for (let r = 0; r < runs; r++) {
    for (const workers of [1, 2]) {
      const result = await runOnce(doc, workers);
      results.push(result);
      const per = result.windows.reduce<Record<string, number>>(
        (acc, w) => ((acc[w.worker] = (acc[w.worker] ?? 0) + 1), acc),
        {},
      );
      console.log(
        `run ${r + 1}, ${workers} worker${workers > 1 ? 's' : ''}: ${result.seconds.toFixed(1)} s, ` +
          `${(lines.length / result.seconds).toFixed(2)} sentences/s; windows per worker ${JSON.stringify(per)}`,
      );
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const one = results.filter((r) => r.workers === 1);
  const two = results.filter((r) => r.workers === 2);
  const t1 = mean(one.map((r) => r.seconds));
  const t2 = mean(two.map((r) => r.seconds));
  const t2machines = mean(one.map((r) => twoMachines(r.windows)));
  console.table([
    { setup: '1 worker', seconds: t1.toFixed(1), 'sentences/s': (lines.length / t1).toFixed(2), ratio: '1.00' },
    {
      setup: '2 workers, this machine (2 cores)',
      seconds: t2.toFixed(1),
      'sentences/s': (lines.length / t2).toFixed(2),
      ratio: (t1 / t2).toFixed(2),
    },
    {
      setup: '2 workers, two machines (estimate)',
      seconds: t2machines.toFixed(1),
      'sentences/s': (lines.length / t2machines).toFixed(2),
      ratio: (t1 / t2machines).toFixed(2),
    },
  ]);
  console.log(
    `windows: ${one[0]?.windows.length ?? 0} (${one[0]?.windows.map((w) => (w.ms / 1000).toFixed(1)).join(', ')} s ` +
      'with one worker); the estimate deals those times to two free workers in claim order.',
  );
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
