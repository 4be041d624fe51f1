/**
 * The first paragraph as a person gets it: `npm run bench:open -- --data ../shared/data [--runs 3] [--wait 10]`
 * (after `npm run build` and `npm run model:bench`).
 *
 * Starts `next start` over the existing build with a workspace of its own (a fresh database, the same-shape bench
 * model, and one document: bench:mt's first 200 newstest2012 sentences in the same paragraphs, so the first paragraph
 * is the same), waits `--wait` seconds as a person would before opening a document, then opens it the way the reader
 * does (POST the translation, then its event stream) and times the first paragraph and the first five. Each run
 * starts a new server on a new database, so nothing is cached. The server loads the model at start (instrumentation.ts);
 * one last run with PARALELO_PRELOAD=0 shows what opening the first document cost before that.
 *
 * The model has random weights: every sentence decodes its whole budget (2n + 16 tokens), which a real model stops
 * well before. Prints what it measured; no timing is asserted anywhere.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnNextServer } from '../tests/helpers/next-server';
import { waitForServer } from '../tests/helpers/wait-for-server';
import { groupIntoParagraphs } from './lib/mt-bench-doc';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    runs: { type: 'string' },
    wait: { type: 'string' },
    seed: { type: 'string' },
  },
});
const root = path.resolve(__dirname, '..');
const dataDir = path.resolve(values.data ?? '../shared/data');
const port = Number(values.port ?? '3107');
const runs = Math.max(1, Math.min(20, Number(values.runs ?? '3') || 3));
const waitMs = Math.max(0, Number(values.wait ?? '10') || 0) * 1000;
const seed = Number(values.seed ?? '7');
const BASE = `http://127.0.0.1:${port}`;
const NEWSTEST = path.join(dataDir, 'parallel/newstest/newstest2012.es');
const MODEL_ID = 'test/bench-marian-es-en';
const MODEL_DIR = path.join(root, 'models', MODEL_ID);
const SCREEN = 5;
const work = path.join(root, 'test-results', 'bench-open');

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

if (!fs.existsSync(NEWSTEST)) fail(`bench:open needs ${NEWSTEST}; pass --data with the shared data folder.`);
if (!fs.existsSync(path.join(MODEL_DIR, 'config.json'))) {
  fail(`bench:open needs the same-shape bench model in ${MODEL_DIR}: run npm run model:bench first.`);
}
if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID')))
  fail('bench:open runs over the build: run npm run build first.');

const seconds = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

function prepare(): { paragraphs: number; firstSentences: number } {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'content'), { recursive: true });
  fs.mkdirSync(path.join(work, 'models', 'test'), { recursive: true });
  fs.symlinkSync(MODEL_DIR, path.join(work, 'models', MODEL_ID));
  const lines = fs
    .readFileSync(NEWSTEST, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .slice(0, 200);
  const paragraphs = groupIntoParagraphs(lines, seed);
  const body = paragraphs.map((p) => p.join(' ')).join('\n\n');
  fs.writeFileSync(path.join(work, 'content', 'bench.md'), `---\ntitle: Bench\nlang: es\n---\n\n${body}\n`);
  return { paragraphs: paragraphs.length, firstSentences: paragraphs[0]?.length ?? 0 };
}

interface Run {
  upMs: number;
  /** Until the POST answered, and until the event stream's headers came. */
  postMs: number;
  streamMs: number;
  firstMs: number | null;
  screenMs: number | null;
  modelLoadedLine: string | null;
}

/** One server on a fresh database: wait, open the document as the reader does, time its first paragraphs. */
async function run(preload: boolean, index: number): Promise<Run> {
  const db = path.join(work, `run-${index}.db`);
  const logFile = path.join(work, `server-${index}.log`);
  const log = fs.openSync(logFile, 'w');
  process.env.PARALELO_PRELOAD = preload ? '1' : '0';
  const child: ChildProcess = spawnNextServer({
    root,
    port,
    work,
    dbPath: db,
    stdio: ['ignore', log, log],
    allowTestModels: true,
    modelId: MODEL_ID,
    detached: true,
  });
  try {
    const upMs = await waitForServer(`${BASE}/en`, { hint: `see ${logFile}` });
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    const started = performance.now();
    const post = await fetch(`${BASE}/api/documents/bench/translation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE },
      body: JSON.stringify({ from: 0 }),
    });
    if (!post.ok) throw new Error(`POST translation answered ${post.status}: ${await post.text()}`);
    const postMs = performance.now() - started;
    const events = await fetch(`${BASE}/api/documents/bench/translation/events?from=0&to=99`);
    const streamMs = performance.now() - started;
    const reader = events.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let firstMs: number | null = null;
    let screenMs: number | null = null;
    const seen = new Set<number>();
    while (screenMs === null) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!event.startsWith('event: paragraph')) continue;
        const data = JSON.parse(event.slice(event.indexOf('data: ') + 6)) as { index: number };
        seen.add(data.index);
        if (data.index === 0) firstMs ??= performance.now() - started;
        if ([...Array(SCREEN).keys()].every((i) => seen.has(i))) screenMs = performance.now() - started;
      }
    }
    await reader.cancel();
    const modelLoadedLine =
      fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .find((l) => l.includes('[paralelo:mt] model')) ?? null;
    return { upMs, postMs, streamMs, firstMs, screenMs, modelLoadedLine };
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function main() {
  const doc = prepare();
  console.log(
    `document   first 200 lines of newstest2012.es → ${doc.paragraphs} paragraphs (seed ${seed}); the first has ` +
      `${doc.firstSentences} sentences (bench:mt's first paragraph)`,
  );
  console.log(`model      ${MODEL_ID} (q8, random weights: speed only); each run a new server and database`);
  console.log(`opening    ${waitMs / 1000} s after the server answers, as a person opening a document would`);
  console.log('');
  const preloaded: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await run(true, i);
    preloaded.push(r);
    console.log(
      `model loaded at start, run ${i + 1}: first paragraph ${seconds(r.firstMs)}, first ${SCREEN} ` +
        `${seconds(r.screenMs)} (POST answered at ${seconds(r.postMs)}, event stream open at ${seconds(r.streamMs)}; ` +
        `server up in ${seconds(r.upMs)}; ${r.modelLoadedLine?.trim() ?? 'no load line in the log'})`,
    );
  }
  const cold = await run(false, runs);
  console.log(
    `PARALELO_PRELOAD=0 (before):   first paragraph ${seconds(cold.firstMs)}, first ${SCREEN} ${seconds(cold.screenMs)} ` +
      '(the model loads when the document is opened)',
  );
  const firsts = preloaded.map((r) => r.firstMs).filter((x): x is number => x !== null);
  console.log('');
  console.log(
    `first paragraph after opening, model loaded at start: median ${seconds(firsts.length ? median(firsts) : null)} ` +
      `of ${firsts.length} (bench:mt's target for it: <= 1 s)`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
