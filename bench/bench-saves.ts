/**
 * Save throughput and correctness under concurrency: `npm run bench:saves [-- --seconds 5]`.
 * Needs a production build (`npm run build`). Starts `next start` on loopback through tests/e2e/serve.ts (its own
 * copy of content/, a fresh database, the generated tiny test model), then runs writers that each read the
 * paragraph's version, save with If-Match, and on 409 read again and retry. Prints accepted saves/s, 409s,
 * latency and lost updates (acknowledged saves missing from the history afterwards: must be 0).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { waitForServer } from '../tests/helpers/wait-for-server';

const { values } = parseArgs({
  options: { seconds: { type: 'string' }, port: { type: 'string' } },
});
const seconds = Number(values.seconds ?? '20');
const port = Number(values.port ?? '3105');
if (!(seconds > 0 && seconds <= 600)) throw new Error('--seconds must be between 0 and 600');
const root = path.resolve(__dirname, '..');
const BASE = `http://127.0.0.1:${port}`;
const SEED = 'kim-jong-un-putin';
const MANY = 'bench-many-paragraphs';

if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('bench:saves needs a production build: run `npm run build` first (.next/BUILD_ID is missing).');
  process.exit(1);
}

function startServer(): ChildProcess {
  const log = fs.openSync(path.join(root, 'test-results', `bench-saves-${port}.log`), 'w');
  // Its own process group, so stopping it reaches tsx, serve.ts and next.
  return spawn('npx', ['tsx', 'tests/e2e/serve.ts', '--port', String(port), '--model', 'test'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
}

interface Ack {
  slug: string;
  index: number;
  id: number;
}

interface RunStats {
  accepted: number;
  conflicts: number;
  errors: number;
  putLatencies: number[];
  saveLatencies: number[];
  acks: Ack[];
}

const paragraphUrl = (slug: string, index: number) => `${BASE}/api/documents/${slug}/paragraphs/${index}`;

async function readVersion(slug: string, index: number): Promise<string> {
  const response = await fetch(paragraphUrl(slug, index));
  const body = (await response.json()) as { version: string };
  return body.version;
}

/** One writer: read the version, save with If-Match, on 409 read again and retry, until the deadline. */
async function writer(name: string, slug: string, index: number, deadline: number, stats: RunStats): Promise<void> {
  let n = 0;
  while (Date.now() < deadline) {
    n++;
    const started = performance.now();
    const text = `Bench ${name} save ${n} at ${Date.now()}.`;
    const clientSaveId = `${name}-${n}`;
    let version = await readVersion(slug, index);
    for (;;) {
      if (Date.now() >= deadline + 5_000) return;
      const putStarted = performance.now();
      let status: number;
      let body: { revision?: { id: number } };
      try {
        const response = await fetch(paragraphUrl(slug, index), {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'if-match': `"${version}"`, origin: BASE },
          body: JSON.stringify({ text, status: 'edited', clientSaveId }),
        });
        status = response.status;
        body = (await response.json()) as typeof body;
      } catch {
        stats.errors++;
        break;
      }
      stats.putLatencies.push(performance.now() - putStarted);
      if (status === 201 || status === 200) {
        stats.accepted++;
        stats.saveLatencies.push(performance.now() - started);
        stats.acks.push({ slug, index, id: body.revision!.id });
        break;
      }
      if (status === 409) {
        stats.conflicts++;
        version = await readVersion(slug, index);
        continue;
      }
      stats.errors++;
      break;
    }
  }
}

/** Acknowledged saves missing from the history, read back through the API page by page. */
async function lostUpdates(acks: Ack[]): Promise<number> {
  const byParagraph = new Map<string, Set<number>>();
  for (const a of acks) {
    const key = `${a.slug}/${a.index}`;
    if (!byParagraph.has(key)) byParagraph.set(key, new Set());
    byParagraph.get(key)!.add(a.id);
  }
  let missing = 0;
  for (const [key, wanted] of byParagraph) {
    const [slug, index] = key.split('/') as [string, string];
    const seen = new Set<number>();
    let before: number | undefined;
    for (;;) {
      const query = `limit=1000${before ? `&before=${before}` : ''}`;
      const response = await fetch(`${paragraphUrl(slug, Number(index))}/revisions?${query}`);
      const { revisions } = (await response.json()) as { revisions: { id: number }[] };
      for (const r of revisions) seen.add(r.id);
      if (revisions.length < 1000) break;
      before = revisions.at(-1)!.id;
    }
    for (const id of wanted) if (!seen.has(id)) missing++;
  }
  return missing;
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function run(label: string, writers: number, target: (i: number) => { slug: string; index: number }) {
  const stats: RunStats = { accepted: 0, conflicts: 0, errors: 0, putLatencies: [], saveLatencies: [], acks: [] };
  const started = performance.now();
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, (_, i) => {
      const t = target(i);
      return writer(`${label.replace(/\W+/g, '_')}-w${i}`, t.slug, t.index, deadline, stats);
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const lost = await lostUpdates(stats.acks);
  const row = {
    run: label,
    writers,
    'saves/s': (stats.accepted / elapsed).toFixed(1),
    accepted: stats.accepted,
    '409s': stats.conflicts,
    errors: stats.errors,
    'PUT p50 ms': percentile(stats.putLatencies, 50).toFixed(1),
    'PUT p99 ms': percentile(stats.putLatencies, 99).toFixed(1),
    'save p50 ms': percentile(stats.saveLatencies, 50).toFixed(1),
    'save p99 ms': percentile(stats.saveLatencies, 99).toFixed(1),
    lost,
  };
  console.log(
    `${label.padEnd(34)} ${String(writers).padStart(2)} writers: ${row['saves/s'].padStart(7)} saves/s, ` +
      `${String(stats.accepted).padStart(5)} accepted, ${String(stats.conflicts).padStart(5)} 409s, ` +
      `PUT p50 ${row['PUT p50 ms']} ms p99 ${row['PUT p99 ms']} ms, save (with retries) p50 ${row['save p50 ms']} ms ` +
      `p99 ${row['save p99 ms']} ms, errors ${stats.errors}, lost updates ${lost}`,
  );
  return row;
}

async function main() {
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  const server = startServer();
  const stop = () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('SIGINT', () => (stop(), process.exit(130)));
  try {
    await waitForServer(`${BASE}/api/documents`, { hint: `see test-results/bench-saves-${port}.log` });
    // A second document with many short paragraphs, so 16 writers can each have their own paragraph.
    const contentDir = path.join(root, 'test-results', `e2e-server-${port}`, 'content');
    const paragraphs = Array.from({ length: 64 }, (_, i) => `Este es el párrafo número ${i + 1} del banco de pruebas.`);
    fs.writeFileSync(path.join(contentDir, `${MANY}.md`), `---\ntitle: Banco\n---\n\n${paragraphs.join('\n\n')}\n`);
    console.log(`bench:saves on ${BASE}, ${seconds} s per run (Node ${process.version}, loopback)`);
    const rows = [];
    for (const writers of [1, 4, 16]) {
      rows.push(await run('same paragraph', writers, () => ({ slug: SEED, index: 1 })));
    }
    for (const writers of [1, 4, 16]) {
      rows.push(await run('different paragraphs', writers, (i) => ({ slug: MANY, index: i })));
    }
    // While the seed document is being translated by the tiny test model in the worker thread.
    const start = await fetch(`${BASE}/api/documents/${SEED}/translation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE },
      body: '{"from":0}',
    });
    const job = (await start.json()) as { job?: { status: string } };
    rows.push(await run('different paras, while translating', 4, (i) => ({ slug: SEED, index: 2 + i })));
    const after = (await (await fetch(`${BASE}/api/documents/${SEED}/translation`)).json()) as {
      job?: { status: string; done: number; total: number };
    };
    console.log(
      `translation job: ${start.status} ${job.job?.status ?? '?'} at start; ` +
        `${after.job?.status ?? '?'} ${after.job?.done ?? '?'}/${after.job?.total ?? '?'} paragraphs at the end`,
    );
    console.table(rows);
    const lost = rows.reduce((sum, r) => sum + r.lost, 0);
    if (lost > 0) {
      console.error(`LOST UPDATES: ${lost}`);
      process.exitCode = 1;
    }
  } finally {
    stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
