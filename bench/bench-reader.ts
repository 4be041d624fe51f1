/**
 * Whole-book figures: `npm run bench:reader -- --data ../shared/data [--port 3106] [--runs 3]`.
 * Imports the Spanish Don Quijote (Project Gutenberg #2000) into a workspace of its own, in-process and through the
 * CLI, then starts `next start` over the existing build (no translation model, a fresh database) and measures the
 * reader page (time to first byte and to the full response, first page and a middle page, cold then warm), the
 * library page with the book present, and the JSON API (the whole document, one paragraph). Then the same pages with
 * accounts off and on (issue 14): a second server over the same content with PARALELO_AUTH=accounts and a signed-in
 * session, the two asked in turn (interleaved, order alternating), medians and their ratio. Prints what it measured;
 * nothing is tuned here.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBetterAuthDirectory } from '../lib/access/better-auth';
import { openFolderSource } from '../lib/content';
import { importDocument } from '../lib/documents/import-document';
import { quantile, spread } from './lib/stats';
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
async function timed(
  url: string,
  cookie?: string,
): Promise<{ status: number; ttfb: number; total: number; bytes: number }> {
  const start = performance.now();
  const response = await fetch(url, { headers: { 'accept-language': 'es', ...(cookie ? { cookie } : {}) } });
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

function startServer(at = port, env: Record<string, string> = {}, dbPath?: string): ChildProcess {
  const log = fs.openSync(path.join(root, 'test-results', `bench-reader-${at}.log`), 'w');
  return spawnNextServer({
    root,
    port: at,
    work,
    stdio: ['ignore', log, log],
    allowTestModels: false,
    detached: true,
    env,
    ...(dbPath ? { dbPath } : {}),
  });
}

const stopServer = (server: ChildProcess) => {
  try {
    process.kill(-server.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
};

/**
 * The same pages with accounts off (the server above) and on (a second server, signed in): each page asked of both
 * in turn, the order alternating, so the machine's noise falls on both alike.
 */
async function accountsOnVersusOff(pages: [string, string][]) {
  const onPort = port + 1;
  const onBase = `http://127.0.0.1:${onPort}`;
  const dbPath = path.join(work, 'accounts.db');
  const directory = await openBetterAuthDirectory({ database: { kind: 'sqlite', file: dbPath }, baseURL: onBase });
  const added = await directory.addUser({
    email: 'bench@example.com',
    name: 'Bench',
    role: 'admin',
    password: 'bench password',
  });
  await directory.close();
  if (!added.ok) throw new Error(added.code);
  const server = startServer(onPort, { PARALELO_AUTH: 'accounts' }, dbPath);
  try {
    await waitForServer(`${onBase}/api/session`, { hint: `test-results/bench-reader-${onPort}.log` });
    const signIn = await fetch(`${onBase}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: onBase },
      body: JSON.stringify({ email: 'bench@example.com', password: 'bench password' }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    if (!signIn.ok || !cookie) throw new Error(`sign-in answered ${signIn.status}`);
    const pairs = Math.max(8, runs * 4);
    console.log(
      `\naccounts off (port ${port}) vs on (port ${onPort}, PARALELO_AUTH=accounts, signed in): ${pairs} interleaved pairs per page, full response`,
    );
    for (const [label, pathname] of pages) {
      const off: number[] = [];
      const on: number[] = [];
      // One of each first, not counted: the second server's first parse of the book.
      await timed(`${BASE}${pathname}`);
      const first = await timed(`${onBase}${pathname}`, cookie);
      if (first.status !== 200) throw new Error(`${label} with accounts on answered ${first.status}`);
      for (let i = 0; i < pairs; i++) {
        const a = () => timed(`${BASE}${pathname}`).then((r) => off.push(r.total));
        const b = () => timed(`${onBase}${pathname}`, cookie).then((r) => on.push(r.total));
        if (i % 2 === 0) await a().then(b);
        else await b().then(a);
      }
      const ratio = quantile(on, 0.5) / quantile(off, 0.5);
      console.log(`${label.padEnd(34)} off: ${spread(off)}`);
      console.log(`${''.padEnd(34)} on:  ${spread(on)}  on/off ${ratio.toFixed(2)}`);
    }
  } finally {
    stopServer(server);
  }
}

async function main() {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'content'), { recursive: true });
  fs.cpSync(path.join(root, 'content'), path.join(work, 'content'), { recursive: true });
  const bytes = fs.readFileSync(BOOK);
  console.log(`Don Quijote: ${BOOK} (${(bytes.byteLength / 1e6).toFixed(2)} MB)`);

  let t = performance.now();
  const imported = await importDocument(openFolderSource(path.join(work, 'content')), {
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
  const stop = () => stopServer(server);
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
    await accountsOnVersusOff([
      ['reader /es/read/quijote (page 1)', '/es/read/quijote'],
      [`reader page ${middle} of ${pages}`, `/es/read/quijote?page=${middle}`],
      ['library /es', '/es'],
      [`GET …/paragraphs/${middle * 100}`, `/api/documents/quijote/paragraphs/${middle * 100}`],
    ]);
  } finally {
    stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
