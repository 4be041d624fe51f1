/**
 * Whole-book figures: `npm run bench:reader -- --data ../shared/data [--port 3106] [--runs 3]`.
 * Imports the Spanish Don Quijote (Project Gutenberg #2000) into a workspace of its own, in-process and through the
 * CLI, then starts `next start` over the existing build (no translation model, a fresh database) and measures the
 * reader page (time to first byte and to the full response, first page and a middle page, cold then warm), the
 * library page with the book present, and the JSON API (the whole document, one paragraph). Prints what it measured;
 * nothing is tuned here.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importDocument } from '../lib/documents/import-document';
import { spawnNextServer } from '../tests/helpers/next-server';
import { waitForServer } from '../tests/helpers/wait-for-server';

const { values } = parseArgs({
  options: { data: { type: 'string' }, port: { type: 'string' }, runs: { type: 'string' } },
});
const root = path.resolve(__dirname, '..');
const dataDir = path.resolve(values.data ?? '../shared/data');
const port = Number(values.port ?? '3106');
const runs = Math.max(1, Number(values.runs ?? '3'));
const BOOK = path.join(dataDir, 'longtext/quijote/pg2000_don_quijote_es.txt');
const BASE = `http://127.0.0.1:${port}`;
const work = path.join(root, 'test-results', 'bench-reader');

if (!fs.existsSync(BOOK)) {
  console.error(`bench:reader needs ${BOOK}; pass --data with the shared data folder.`);
  process.exit(1);
}

const ms = (t: number) => `${t.toFixed(0)} ms`;

/** Time to the response headers (first byte) and to the end of the body. */
async function timed(url: string): Promise<{ status: number; ttfb: number; total: number; bytes: number }> {
  const start = performance.now();
  const response = await fetch(url, { headers: { 'accept-language': 'es' } });
  const ttfb = performance.now() - start;
  const body = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, ttfb, total: performance.now() - start, bytes: body.byteLength };
}

async function series(label: string, url: string): Promise<void> {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await timed(url));
  const [first, ...rest] = results;
  const warm = rest.length ? rest.reduce((a, r) => a + r.total, 0) / rest.length : NaN;
  const warmTtfb = rest.length ? rest.reduce((a, r) => a + r.ttfb, 0) / rest.length : NaN;
  console.log(
    `${label.padEnd(34)} HTTP ${first!.status}  first: TTFB ${ms(first!.ttfb)}, full ${ms(first!.total)}` +
      (rest.length ? `  | warm (mean of ${rest.length}): TTFB ${ms(warmTtfb)}, full ${ms(warm)}` : '') +
      `  [${(first!.bytes / 1024).toFixed(1)} kB]`,
  );
}

function startServer(): ChildProcess {
  const log = fs.openSync(path.join(root, 'test-results', `bench-reader-${port}.log`), 'w');
  return spawnNextServer({ root, port, work, stdio: ['ignore', log, log], allowTestModels: false, detached: true });
}

async function main() {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'content'), { recursive: true });
  fs.cpSync(path.join(root, 'content'), path.join(work, 'content'), { recursive: true });
  const bytes = fs.readFileSync(BOOK);
  console.log(`Don Quijote: ${BOOK} (${(bytes.byteLength / 1e6).toFixed(2)} MB)`);

  let t = performance.now();
  const imported = await importDocument(path.join(work, 'content'), {
    bytes,
    fileName: path.basename(BOOK),
    slug: 'quijote',
  });
  const inProcess = performance.now() - t;
  if (!imported.ok) throw new Error(imported.message);
  console.log(
    `import (in-process, lib/documents)  ${ms(inProcess)}: ${imported.paragraphs} paragraphs, title "${imported.title}"`,
  );
  for (const what of imported.removed) console.log(`  left out: ${what}`);
  t = performance.now();
  execFileSync(process.execPath, [path.join(root, 'bin/paralelo.mjs'), 'import', BOOK, '--slug', 'quijote-cli'], {
    cwd: root,
    env: {
      ...process.env,
      PARALELO_CONTENT_DIR: path.join(work, 'content'),
      PARALELO_DB: path.join(work, 'cli.db'),
      LANG: 'en',
    },
    stdio: 'pipe',
  });
  console.log(
    `import (CLI, whole process)         ${ms(performance.now() - t)}: paralelo import <book> --slug quijote-cli`,
  );
  fs.rmSync(path.join(work, 'content', 'quijote-cli.md'));

  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.error(
      'No production build (.next/BUILD_ID is missing): run `npm run build`, then this again for the server figures.',
    );
    process.exit(1);
  }
  const server = startServer();
  const stop = () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });
  try {
    console.log(
      `next start ready in ${ms(await waitForServer(`${BASE}/api/documents/none-such`, { status: 404, intervalMs: 100, hint: `test-results/bench-reader-${port}.log` }))} (port ${port}, no model, fresh database)`,
    );
    const pages = Math.ceil(imported.paragraphs / 100);
    const middle = Math.ceil(pages / 2);
    await series('reader /es/read/quijote (page 1)', `${BASE}/es/read/quijote`);
    await series(`reader page ${middle} of ${pages}`, `${BASE}/es/read/quijote?page=${middle}`);
    await series(`reader page ${middle + 1} (next page)`, `${BASE}/es/read/quijote?page=${middle + 1}`);
    await series('library /es (book listed)', `${BASE}/es`);
    await series('GET /api/documents/quijote (all)', `${BASE}/api/documents/quijote`);
    await series(`GET …/paragraphs/${middle * 100}`, `${BASE}/api/documents/quijote/paragraphs/${middle * 100}`);
    await series('GET …/export?format=tmx', `${BASE}/api/documents/quijote/export?format=tmx`);
  } finally {
    stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
