/**
 * A web instance's first page on a fresh database with the Quijote in its library:
 * `npm run bench:first-page -- --data ../shared/data --database-url postgres://… [--port 3510] [--runs 2]`
 * (after `npm run build`).
 *
 * Each run starts `paralelo serve` over the existing build with a workspace of its own and a fresh database (a SQLite
 * file, or a new schema on the PostgreSQL named), content/ holding only the Quijote (2 MB of text). With PostgreSQL
 * the instance imports that file into the database at start, then parses it from there. It times, from the spawn,
 * the first answer of the server (the library page) and the first reader page of the book (its first page of
 * paragraphs, as a person opening it gets it), alternating SQLite and PostgreSQL. No model is loaded
 * (PARALELO_PRELOAD=0; with PostgreSQL, workers external): the times are the documents' own. Prints what it measured; nothing is
 * asserted.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { spawnNextServer } from '../tests/helpers/next-server';
import { dropSchemas } from '../tests/helpers/postgres';
import { waitForServer } from '../tests/helpers/wait-for-server';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    runs: { type: 'string' },
    'database-url': { type: 'string' },
  },
});
if (!values.data) {
  console.error('Usage: npm run bench:first-page -- --data ../shared/data [--database-url postgres://…] [--port N]');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const quijote = path.resolve(values.data, 'longtext/quijote/pg2000_don_quijote_es.txt');
if (!fs.existsSync(quijote)) {
  console.error(`No Quijote at ${quijote}: --data must be the shared data folder.`);
  process.exit(2);
}
if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('No build: run `npm run build` first.');
  process.exit(2);
}
const port = Number(values.port ?? 3510);
const runs = Number(values.runs ?? 2);
const databaseUrl = values['database-url'];
const kinds: ('sqlite' | 'postgres')[] = databaseUrl ? ['sqlite', 'postgres'] : ['sqlite'];

async function once(kind: 'sqlite' | 'postgres') {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-first-page-'));
  fs.mkdirSync(path.join(work, 'content'));
  fs.copyFileSync(quijote, path.join(work, 'content', 'quijote.txt'));
  const schema = `bench_first_${randomBytes(4).toString('hex')}`;
  if (kind === 'postgres') {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
  }
  const started = performance.now();
  const server: ChildProcess = spawnNextServer({
    root,
    port,
    work,
    stdio: ['ignore', 'ignore', 'inherit'],
    allowTestModels: false,
    detached: true,
    ...(kind === 'postgres' ? { database: { url: databaseUrl!, schema } } : {}),
    env: { PARALELO_PRELOAD: '0', ...(kind === 'postgres' ? { PARALELO_WORKERS: 'external' } : {}) },
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(`${base}/es`, { timeoutMs: 300_000, intervalMs: 50 });
    const served = performance.now() - started;
    await waitForServer(`${base}/es/read/quijote`, { timeoutMs: 300_000, intervalMs: 50 });
    const page = performance.now() - started;
    const res = await fetch(`${base}/es/read/quijote`);
    const html = await res.text();
    if (!res.ok || !html.includes('The Project Gutenberg eBook of Don Quijote'))
      throw new Error('the reader page does not show the Quijote');
    return { served, page };
  } finally {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    // Its connections must be gone before its schema is dropped (DROP SCHEMA would wait for them).
    if (server.exitCode === null) await new Promise((r) => server.once('exit', r));
    fs.rmSync(work, { recursive: true, force: true });
    if (kind === 'postgres') await dropSchemas(databaseUrl!, schema);
  }
}

async function main() {
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const results: Record<string, { served: number; page: number }[]> = { sqlite: [], postgres: [] };
  for (let run = 0; run < runs; run++) {
    // Alternating which goes first, so neither always meets the other's leftovers on the machine.
    for (const kind of run % 2 === 0 ? kinds : [...kinds].reverse()) {
      const r = await once(kind);
      results[kind]!.push(r);
      console.log(
        `run ${run + 1} ${kind}: serving after ${seconds(r.served)} s, Quijote's first page after ${seconds(r.page)} s`,
      );
    }
  }
  for (const kind of kinds) {
    const pages = results[kind]!.map((r) => r.page).sort((a, b) => a - b);
    console.log(
      `${kind}: first page of the Quijote on a fresh database, median of ${pages.length}: ${seconds(pages[Math.floor(pages.length / 2)]!)} s`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
