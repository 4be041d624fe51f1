/**
 * Save throughput and correctness under concurrency:
 * `npm run bench:saves [-- --seconds 5] [--database-url postgres://…] [--instances 1,2] [--port 3105]`.
 * Needs a production build (`npm run build`). Starts `next start` servers on loopback over the build, each setup with
 * its own workspace (a copy of content/ plus a document of 64 short paragraphs, the generated tiny test model):
 * SQLite (a fresh file) and, with --database-url (or PARALELO_BENCH_DATABASE_URL), PostgreSQL (a fresh schema),
 * each with one web instance and with two sharing the database. Writers each read the paragraph's version, save with
 * If-Match, and on 409 read again and retry; with two instances, writer i talks to instance i mod 2. Every scenario
 * runs on each setup in turn (interleaved, so the machine's noise falls on all alike). Prints accepted saves/s, 409s,
 * latency and lost updates (acknowledged saves missing from the history afterwards: must be 0).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnNextServer } from '../tests/helpers/next-server';
import { dropSchemas } from '../tests/helpers/postgres';
import { generateMarianModel } from '../tests/helpers/tiny-model';
import { waitForServer } from '../tests/helpers/wait-for-server';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    port: { type: 'string' },
    'database-url': { type: 'string' },
    instances: { type: 'string' },
  },
});
const seconds = Number(values.seconds ?? '20');
const basePort = Number(values.port ?? '3105');
const databaseUrl = values['database-url'] ?? process.env.PARALELO_BENCH_DATABASE_URL ?? '';
const instanceCounts = (values.instances ?? '1,2').split(',').map(Number);
if (!(seconds > 0 && seconds <= 600)) throw new Error('--seconds must be between 0 and 600');
if (!instanceCounts.every((n) => n === 1 || n === 2)) throw new Error('--instances lists 1 and/or 2');
const root = path.resolve(__dirname, '..');
const SEED = 'kim-jong-un-putin';
const MANY = 'bench-many-paragraphs';
const MODEL_ID = 'test/tiny-random-marian-es-en';
const SCHEMA_PREFIX = 'bench_saves';

if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('bench:saves needs a production build: run `npm run build` first (.next/BUILD_ID is missing).');
  process.exit(1);
}

/** One way of running Paralelo: a store and a number of web instances on it. */
interface Setup {
  label: string;
  bases: string[];
  servers: ChildProcess[];
}

async function prepareWork(name: string): Promise<string> {
  const work = path.join(root, 'test-results', 'bench-saves', name);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'content'), { recursive: true });
  fs.cpSync(path.join(root, 'content'), path.join(work, 'content'), { recursive: true });
  // A document with many short paragraphs, so 16 writers can each have their own paragraph.
  const paragraphs = Array.from({ length: 64 }, (_, i) => `Este es el párrafo número ${i + 1} del banco de pruebas.`);
  fs.writeFileSync(path.join(work, 'content', `${MANY}.md`), `---\ntitle: Banco\n---\n\n${paragraphs.join('\n\n')}\n`);
  await generateMarianModel({ outDir: path.join(work, 'models', MODEL_ID), preset: 'tiny' });
  return work;
}

async function startSetup(store: 'sqlite' | 'postgres', instances: number, firstPort: number): Promise<Setup> {
  const name = `${store}-${instances}`;
  const work = await prepareWork(name);
  const schema = `${SCHEMA_PREFIX}_${instances}`;
  if (store === 'postgres') await dropSchemas(databaseUrl, schema);
  const ports = Array.from({ length: instances }, (_, i) => firstPort + i);
  const servers = ports.map((port) => {
    const log = fs.openSync(path.join(work, `server-${port}.log`), 'w');
    return spawnNextServer({
      root,
      port,
      work,
      stdio: ['ignore', log, log],
      modelId: MODEL_ID,
      allowTestModels: true,
      detached: true,
      ...(store === 'postgres' ? { database: { url: databaseUrl, schema } } : {}),
    });
  });
  const bases = ports.map((port) => `http://127.0.0.1:${port}`);
  for (const base of bases) {
    await waitForServer(`${base}/api/documents`, { hint: `see ${path.relative(root, work)}/server-*.log` });
  }
  const label = `${store === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${instances} instance${instances > 1 ? 's' : ''}`;
  return { label, bases, servers };
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

const paragraphUrl = (base: string, slug: string, index: number) => `${base}/api/documents/${slug}/paragraphs/${index}`;

async function readVersion(base: string, slug: string, index: number): Promise<string> {
  const response = await fetch(paragraphUrl(base, slug, index));
  const body = (await response.json()) as { version: string };
  return body.version;
}

/** One writer: read the version, save with If-Match, on 409 read again and retry, until the deadline. */
async function writer(
  base: string,
  name: string,
  target: { slug: string; index: number },
  deadline: number,
  stats: RunStats,
): Promise<void> {
  const { slug, index } = target;
  let n = 0;
  while (Date.now() < deadline) {
    n++;
    const started = performance.now();
    const text = `Bench ${name} save ${n} at ${Date.now()}.`;
    const clientSaveId = `${name}-${n}`;
    let version = await readVersion(base, slug, index);
    for (;;) {
      if (Date.now() >= deadline + 5_000) return;
      const putStarted = performance.now();
      let status: number;
      let body: { revision?: { id: number } };
      try {
        const response = await fetch(paragraphUrl(base, slug, index), {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'if-match': `"${version}"`, origin: base },
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
        version = await readVersion(base, slug, index);
        continue;
      }
      stats.errors++;
      break;
    }
  }
}

/** Acknowledged saves missing from the history, read back through the API page by page. */
async function lostUpdates(base: string, acks: Ack[]): Promise<number> {
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
      const response = await fetch(`${paragraphUrl(base, slug, Number(index))}/revisions?${query}`);
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

async function run(
  setup: Setup,
  scenario: string,
  writers: number,
  target: (i: number) => { slug: string; index: number },
) {
  const stats: RunStats = { accepted: 0, conflicts: 0, errors: 0, putLatencies: [], saveLatencies: [], acks: [] };
  const started = performance.now();
  const deadline = Date.now() + seconds * 1000;
  const tag = `${setup.label}-${scenario}-${writers}`.replace(/\W+/g, '_');
  await Promise.all(
    Array.from({ length: writers }, (_, i) =>
      writer(setup.bases[i % setup.bases.length]!, `${tag}-w${i}`, target(i), deadline, stats),
    ),
  );
  const elapsed = (performance.now() - started) / 1000;
  const lost = await lostUpdates(setup.bases[0]!, stats.acks);
  const row = {
    setup: setup.label,
    run: scenario,
    writers,
    'saves/s': (stats.accepted / elapsed).toFixed(1),
    accepted: stats.accepted,
    '409s': stats.conflicts,
    errors: stats.errors,
    'PUT p50 ms': percentile(stats.putLatencies, 50).toFixed(1),
    'PUT p99 ms': percentile(stats.putLatencies, 99).toFixed(1),
    'save p99 ms': percentile(stats.saveLatencies, 99).toFixed(1),
    lost,
  };
  console.log(
    `${setup.label.padEnd(26)} ${scenario.padEnd(34)} ${String(writers).padStart(2)} writers: ` +
      `${row['saves/s'].padStart(7)} saves/s, ${String(stats.conflicts).padStart(5)} 409s, ` +
      `PUT p50 ${row['PUT p50 ms']} ms p99 ${row['PUT p99 ms']} ms, save (with retries) p99 ${row['save p99 ms']} ms, ` +
      `errors ${stats.errors}, lost updates ${lost}`,
  );
  return row;
}

const setups: Setup[] = [];

/** Stops every server started (each leads its own process group). */
function stopAll(): void {
  for (const server of setups.flatMap((s) => s.servers)) {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

async function main() {
  process.on('SIGINT', () => (stopAll(), process.exit(130)));
  try {
    let port = basePort;
    const stores: ('sqlite' | 'postgres')[] = databaseUrl ? ['sqlite', 'postgres'] : ['sqlite'];
    if (!databaseUrl) console.log('bench:saves: SQLite only (pass --database-url postgres://… to compare PostgreSQL)');
    for (const store of stores) {
      for (const instances of instanceCounts) {
        setups.push(await startSetup(store, instances, port));
        port += instances;
      }
    }
    console.log(`bench:saves, ${seconds} s per run (Node ${process.version}, loopback, every scenario on each setup)`);
    const rows = [];
    type Target = (i: number) => { slug: string; index: number };
    const scenarios: [string, number, Target][] = [
      ...[1, 4, 16].map((w): [string, number, Target] => ['same paragraph', w, () => ({ slug: SEED, index: 1 })]),
      ...[1, 4, 16].map((w): [string, number, Target] => [
        'different paragraphs',
        w,
        (i) => ({ slug: MANY, index: i }),
      ]),
    ];
    for (const [name, writers, target] of scenarios) {
      for (const setup of setups) rows.push(await run(setup, name, writers, target));
    }
    // While the seed document is being translated by the tiny test model (in each setup's own process).
    for (const setup of setups) {
      await fetch(`${setup.bases[0]}/api/documents/${SEED}/translation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: setup.bases[0]! },
        body: '{"from":0}',
      });
      rows.push(await run(setup, 'different paras, while translating', 4, (i) => ({ slug: SEED, index: 2 + i })));
    }
    console.table(rows);
    const lost = rows.reduce((sum, r) => sum + r.lost, 0);
    if (lost > 0) {
      console.error(`LOST UPDATES: ${lost}`);
      process.exitCode = 1;
    }
  } finally {
    stopAll();
  }
}

main().catch((error) => {
  console.error(error);
  stopAll();
  process.exit(1);
});
