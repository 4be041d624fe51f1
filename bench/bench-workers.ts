/**
 * Translation throughput with 1 and 2 `paralelo worker` processes on a whole book:
 * `npm run bench:workers -- --data ../shared/data [--windows 12] [--runs 1] [--database-url postgres://…]`
 * (after `npm run model:bench`, unless PARALELO_MODEL names an installed model). Without --database-url (or
 * PARALELO_BENCH_DATABASE_URL) it starts a throwaway PostgreSQL cluster of its own (deploy/pg-cluster.ts).
 *
 * The document is Don Quijote (Project Gutenberg #2000 from the shared data, read by Paralelo's own parser, all its
 * paragraphs), queued whole as a web instance queues it: the run planned as windows of up to 64 sentences, one
 * pg-boss job each. Each run takes a fresh schema, starts the workers (one decoder thread each, PARALELO_MT_THREADS=1),
 * waits until every one has loaded the model, queues the book, and times it until `--windows` windows are written;
 * then the run is cancelled (the random-weight bench model decodes every sentence to its length limit: the whole book
 * would take hours). Throughput is the sentences of those windows over that time. Runs alternate 1 worker, 2 workers,
 * 1, 2… so the machine's noise falls on both alike.
 *
 * Two machines: from the 1-worker runs' own window times (each window measured alone), the windows are dealt in claim
 * order to two workers that each take the next one when free (what the queue does), which gives the time two workers
 * on two machines would take, with nothing shared but the database; the database's work per window (a claim and a
 * commit) is inside the measured window times. Prints figures only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, postgresBin, startCluster, type Cluster } from '../deploy/pg-cluster';
import { parseContent } from '../lib/content/document';
import { openPostgresJobs } from '../lib/jobs';
import type { JobDocument } from '../lib/jobs/types';
import { openPostgresStore } from '../lib/store/postgres';
import { dropSchemas } from '../tests/helpers/postgres';
import { startWorker, type WorkerLine } from '../tests/helpers/worker-process';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    'database-url': { type: 'string' },
    windows: { type: 'string' },
    runs: { type: 'string' },
  },
});
const root = path.resolve(__dirname, '..');
const dataDir = path.resolve(values.data ?? '../shared/data');
const windowsWanted = Math.max(2, Math.min(500, Number(values.windows ?? '12') || 12));
const runs = Math.max(1, Math.min(10, Number(values.runs ?? '1') || 1));
const BOOK = path.join(dataDir, 'longtext/quijote/pg2000_don_quijote_es.txt');
const modelId = process.env.PARALELO_MODEL ?? 'test/bench-marian-es-en';
const SCHEMA = 'bench_workers';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
if (!fs.existsSync(BOOK)) fail(`bench:workers needs ${BOOK}; pass --data with the shared data folder.`);
if (!fs.existsSync(path.join(root, 'models', modelId, 'config.json'))) {
  fail(`bench:workers needs the model ${modelId} in models/: run npm run model:bench (or set PARALELO_MODEL).`);
}

/** The database: the one named, or a throwaway cluster started here (stopped at the end). */
async function database(): Promise<{ url: string; cluster?: Cluster }> {
  const named = values['database-url'] ?? process.env.PARALELO_BENCH_DATABASE_URL;
  if (named) return { url: named };
  const bin = postgresBin();
  if (!bin) fail('bench:workers needs PostgreSQL: install it (apt-get install postgresql) or pass --database-url.');
  const port = await freePort(5500, 5600);
  if (port === null) fail('no free port for PostgreSQL in 5500-5599: pass --database-url.');
  const cluster = startCluster({ bin, port, prefix: 'paralelo-bench-workers-' });
  cluster.createDatabase('paralelo');
  return { url: cluster.url('paralelo'), cluster };
}

interface Window {
  window: number;
  ms: number;
  translated: number;
  worker: string;
}

interface RunResult {
  workers: number;
  seconds: number;
  sentences: number;
  windows: Window[];
}

async function runOnce(url: string, doc: JobDocument, workers: number): Promise<RunResult> {
  await dropSchemas(url, SCHEMA);
  const location = { url, schema: SCHEMA };
  const env: Record<string, string> = {
    PARALELO_DATABASE_URL: url,
    PARALELO_DATABASE_SCHEMA: SCHEMA,
    PARALELO_MODEL: modelId,
    PARALELO_ALLOW_TEST_MODELS: modelId.startsWith('test/') ? '1' : '0',
    PARALELO_MT_THREADS: '1',
    PARALELO_JOB_TIMEOUT_SECONDS: '3600',
    LANG: 'en_US.UTF-8',
  };
  // The first open creates the schema and the queue, before the workers race to.
  const store = await openPostgresStore(location, { poolSize: 2 });
  const jobs = await openPostgresJobs({
    location,
    store,
    modelId,
    timeoutSeconds: 3600,
    getEngine: () => fail('the bench process must not translate'),
  });
  const started = Array.from({ length: workers }, (_, i) => startWorker(root, `bench-w${i + 1}`, env));
  try {
    await Promise.all(started.map((w) => w.ready));
    const written = () =>
      started.flatMap((w) =>
        w.reports.flatMap((r: WorkerLine) =>
          r.type === 'window' && r.at !== undefined ? [{ ...r, worker: w.id, at: r.at }] : [],
        ),
      );
    const t0 = Date.now();
    await jobs.queue.start(doc);
    while (written().length < windowsWanted) {
      const dead = started.find((w) => w.child.exitCode !== null);
      if (dead) fail(`worker ${dead.id} exited: ${dead.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const first = written()
      .sort((a, b) => a.at - b.at)
      .slice(0, windowsWanted);
    const seconds = (first.at(-1)!.at - t0) / 1000;
    return {
      workers,
      seconds,
      sentences: first.reduce((n, w) => n + w.translated, 0),
      windows: first.map((w) => ({ window: w.window, ms: w.ms, translated: w.translated, worker: w.worker })),
    };
  } finally {
    await jobs.queue.cancel(doc.slug).catch(() => false);
    // The rest of the book is not wanted: the schema is dropped before the next run.
    for (const w of started) w.child.kill('SIGKILL');
    await Promise.all(started.map((w) => w.exited));
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
  const parsed = parseContent({ slug: 'quijote', fileName: 'quijote.txt', format: 'text' }, fs.readFileSync(BOOK));
  if (!parsed.ok) fail(`the Quijote could not be read: ${parsed.problem.message}`);
  const doc: JobDocument = {
    slug: 'quijote',
    paragraphs: parsed.document.paragraphs.map((p) => ({ index: p.index, sentences: p.sentences })),
  };
  const sentences = doc.paragraphs.reduce((n, p) => n + p.sentences.length, 0);
  const { url, cluster } = await database();
  try {
    console.log(
      `bench:workers: Don Quijote, ${doc.paragraphs.length} paragraphs, ${sentences} sentences, queued whole; timed ` +
        `to its first ${windowsWanted} windows written; model ${modelId}, one decoder thread per worker, ${runs} ` +
        `run(s) each, alternating (Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)})`,
    );
    const results: RunResult[] = [];
    for (let r = 0; r < runs; r++) {
      for (const workers of [1, 2]) {
        const result = await runOnce(url, doc, workers);
        results.push(result);
        const per = result.windows.reduce<Record<string, number>>(
          (acc, w) => ((acc[w.worker] = (acc[w.worker] ?? 0) + 1), acc),
          {},
        );
        console.log(
          `run ${r + 1}, ${workers} worker${workers > 1 ? 's' : ''}: ${result.sentences} sentences in ` +
            `${result.seconds.toFixed(1)} s, ${(result.sentences / result.seconds).toFixed(2)} sentences/s; windows ` +
            `per worker ${JSON.stringify(per)}; load average ${os.loadavg()[0]!.toFixed(1)}`,
        );
      }
    }
    const rate = (rs: RunResult[]) => rs.reduce((n, r) => n + r.sentences, 0) / rs.reduce((s, r) => s + r.seconds, 0);
    const one = results.filter((r) => r.workers === 1);
    const two = results.filter((r) => r.workers === 2);
    const r1 = rate(one);
    const r2 = rate(two);
    const r2machines = one.reduce((n, r) => n + r.sentences, 0) / one.reduce((s, r) => s + twoMachines(r.windows), 0);
    console.table([
      { setup: '1 worker', 'sentences/s': r1.toFixed(2), ratio: '1.00' },
      { setup: '2 workers, this machine', 'sentences/s': r2.toFixed(2), ratio: (r2 / r1).toFixed(2) },
      {
        setup: '2 workers, two machines (estimate)',
        'sentences/s': r2machines.toFixed(2),
        ratio: (r2machines / r1).toFixed(2),
      },
    ]);
    console.log(
      `windows timed with one worker: ${one[0]?.windows.map((w) => `${w.translated} in ${(w.ms / 1000).toFixed(1)} s`).join(', ')}; ` +
        'the estimate deals those times to two free workers in claim order.',
    );
  } finally {
    cluster?.stop();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
