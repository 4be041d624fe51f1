/**
 * Hostile input against a running server: `npm run bench:load -- --data ../shared/data [--port 3310]
 * [--compare DIR] [--only text]` (after `npm run build`; with --compare, DIR holds another built checkout, e.g. the
 * commit before a change, and each input goes to both servers in turn, A then B).
 *
 * For each hostile input of tests/helpers/hostile-inputs.ts it sends the file through its door (document import,
 * memory import, translation import) while another connection sends small requests (GET /api/documents, a library of
 * two short documents) every 25 ms, and prints: the answer and its time, the server's peak RSS above what it held
 * before, and the p50/p99/max latency of the small requests meanwhile. Then the heavy document (Don Quijote, every
 * sentence with a stored machine translation): the whole document without a range, one paragraph, and 200 event
 * streams opened at once with ?only=5. Prints what it measured; nothing is tuned here. With --stages, no server:
 * the stages of the 5 MB paragraphs in this process (bench/lib/hostile-stages.ts), --rounds times.
 *
 * The speed goals of issue 15 are checked here, not in the unit tests (whose timed checks only catch hangs): each
 * hostile input answered within ANSWER_GOAL_MS, and the small requests' p99 within SMALL_P99_GOAL_MS meanwhile. Each
 * line ends with the goals it met or missed, and the run ends with a count; the exit status stays 0 (a shared machine
 * is noisy: read the figures, quote medians of several runs).
 */
import { type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isContentEntry, loadDocument, openFolderSource } from '../lib/content';
import { DEFAULT_MODEL_ID } from '../lib/config';
import { openSqliteStore } from '../lib/store/sqlite';
import { normalizeSentenceKey } from '../lib/text/normalize';
import { HOSTILE_INPUTS, type HostileInput } from '../tests/helpers/hostile-inputs';
import { spawnNextServer } from '../tests/helpers/next-server';
import { runHostileStages } from './lib/hostile-stages';
import { waitForServer } from '../tests/helpers/wait-for-server';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    compare: { type: 'string' },
    only: { type: 'string' },
    'skip-book': { type: 'boolean' },
    stages: { type: 'boolean' },
    rounds: { type: 'string' },
  },
});
const root = path.resolve(__dirname, '..');
const dataDir = path.resolve(values.data ?? '../shared/data');
const BOOK = path.join(dataDir, 'longtext/quijote/pg2000_don_quijote_es.txt');
const port = Number(values.port ?? '3310');
const REQUEST_LIMIT_MS = 120_000;
/** Issue 15: a hostile input is refused or handled within 5 s (the 5 MB paragraphs: each stage under 5 s). */
const ANSWER_GOAL_MS = 5_000;
/** Issue 15: GET /api/documents on another connection keeps answering within a second. */
const SMALL_P99_GOAL_MS = 1_000;
const missed: string[] = [];

interface Server {
  label: string;
  app: string;
  base: string;
  work: string;
  child: ChildProcess;
}

const SMALL_DOC = `---\ntitle: Faro\n---\n\nEl faro se encendió en 1912. Su luz se veía desde las islas.\n\nHoy es un museo con 40 mapas.\n`;

async function start(label: string, app: string, p: number): Promise<Server> {
  const work = path.join(root, 'test-results', `bench-load-${p}`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'content'), { recursive: true });
  fs.copyFileSync(path.join(root, 'content/kim-jong-un-putin.md'), path.join(work, 'content/noticia.md'));
  fs.writeFileSync(path.join(work, 'content/faro.md'), SMALL_DOC);
  const log = fs.openSync(path.join(root, 'test-results', `bench-load-${p}.log`), 'w');
  process.env.PARALELO_PRELOAD = '0';
  const child = spawnNextServer({
    root: app,
    port: p,
    work,
    stdio: ['ignore', log, log],
    allowTestModels: false,
    detached: true,
  });
  const base = `http://127.0.0.1:${p}`;
  await waitForServer(`${base}/api/documents`, { hint: `see test-results/bench-load-${p}.log` });
  // A fresh server's first requests run cold code: warm the small request up before measuring it.
  for (let i = 0; i < 100; i++) await (await fetch(`${base}/api/documents`)).arrayBuffer();
  return { label, app, base, work, child };
}

/** Resident memory of the server's process group, in MB (the server, and any child it started). */
function groupRssMb(pgid: number): number {
  let kb = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // the process ended meanwhile
    }
  }
  return kb / 1024;
}

/** CPU time (user and system) of the server's process group so far, in ms: steadier than wall time on a busy machine. */
function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Runs `work` while small requests and RSS samples go on beside it. */
async function underLoad<T>(server: Server, work: () => Promise<T>) {
  const pgid = server.child.pid!;
  const before = groupRssMb(pgid);
  let peak = before;
  let running = true;
  const latencies: number[] = [];
  let failures = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, groupRssMb(pgid))), 50);
  const probe = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const res = await fetch(`${server.base}/api/documents`, { signal: AbortSignal.timeout(REQUEST_LIMIT_MS) });
        await res.arrayBuffer();
        if (!res.ok) failures += 1;
      } catch {
        failures += 1;
      }
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  running = false;
  await probe;
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  return {
    value,
    ms,
    peakMb: peak - before,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? NaN,
    probes: latencies.length,
    failures,
  };
}

async function send(server: Server, input: HostileInput, bytes: Uint8Array): Promise<string> {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], input.fileName));
  const url =
    input.route === 'import'
      ? '/api/documents'
      : input.route === 'memory'
        ? '/api/memory/import'
        : '/api/documents/faro/translation-import';
  try {
    const res = await fetch(`${server.base}${url}`, {
      method: 'POST',
      body: form,
      headers: { origin: server.base },
      signal: AbortSignal.timeout(REQUEST_LIMIT_MS),
    });
    const body = (await res.json().catch(() => null)) as { slug?: string; error?: { code?: string } } | null;
    // Each input is measured on its own: what an import added leaves the library again.
    if (input.route === 'import' && res.status === 201 && body?.slug)
      fs.rmSync(path.join(server.work, 'content', `${body.slug}.md`), { force: true });
    return `${res.status}${body?.error?.code ? ` ${body.error.code}` : ''}`;
  } catch (err) {
    return (err as Error).name === 'TimeoutError' ? `no answer in ${REQUEST_LIMIT_MS / 1000} s` : 'connection failed';
  }
}

/** Waits until the server answers a small request within a second again (after a hostile input left it busy). */
async function settle(server: Server): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 600_000) {
    const t = performance.now();
    try {
      await (await fetch(`${server.base}/api/documents`, { signal: AbortSignal.timeout(10_000) })).arrayBuffer();
      if (performance.now() - t < 1_000) return performance.now() - started;
    } catch {
      // still busy
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return performance.now() - started;
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');

function line(
  server: Server,
  name: string,
  r: Awaited<ReturnType<typeof underLoad<string>>>,
  settled: number,
  answerGoal = true,
) {
  const goals = [
    ...(answerGoal ? [[`answer <= ${ANSWER_GOAL_MS / 1000} s`, r.ms <= ANSWER_GOAL_MS] as const] : []),
    [`small p99 <= ${SMALL_P99_GOAL_MS / 1000} s`, r.p99 <= SMALL_P99_GOAL_MS && r.failures === 0] as const,
  ];
  for (const [goal, met] of goals) if (!met) missed.push(`${server.label} | ${name}: ${goal}`);
  console.log(
    `${server.label} | ${name.padEnd(48)} | ${r.value.padEnd(26)} | ${fmt(r.ms).padStart(7)} ms | peak +${fmt(r.peakMb).padStart(5)} MB | ` +
      `small requests: p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, max ${fmt(r.max)} ms (${r.probes}, ${r.failures} failed)` +
      (settled > 1_000 ? ` | busy ${fmt(settled / 1000)} s after` : '') +
      ` | goals: ${goals.map(([goal, met]) => `${goal} ${met ? 'ok' : 'MISSED'}`).join(', ')}`,
  );
}

/** The whole book with a machine translation for every sentence, as a translated book's reader would have it. */
async function addBook(server: Server): Promise<void> {
  const content = path.join(server.work, 'content');
  fs.copyFileSync(BOOK, path.join(content, 'quijote.txt'));
  const source = openFolderSource(content);
  const entry = await source.find('quijote');
  if (!entry || !isContentEntry(entry)) throw new Error('quijote is not in the content folder');
  const parsed = await loadDocument(source, entry);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  const store = openSqliteStore(path.join(server.work, 'paralelo.db'), { busyTimeoutMs: 10_000 });
  const keys = new Set(parsed.document.paragraphs.flatMap((p) => p.sentences.map(normalizeSentenceKey)));
  await store.putMachineTranslations(
    DEFAULT_MODEL_ID,
    [...keys].map((sourceKey) => ({ sourceKey, target: `[en] ${sourceKey.slice(0, 60)}` })),
  );
  await store.close();
  console.log(`${server.label} | quijote: ${parsed.document.paragraphs.length} paragraphs, ${keys.size} sentences`);
}

async function bookFigures(server: Server): Promise<void> {
  const get = (url: string) => async () => {
    const res = await fetch(`${server.base}${url}`, { signal: AbortSignal.timeout(REQUEST_LIMIT_MS) });
    const size = (await res.arrayBuffer()).byteLength;
    return `${res.status} (${(size / 1024 / 1024).toFixed(1)} MB)`;
  };
  for (const [name, url] of [
    ['GET the whole book (first, parse)', '/api/documents/quijote'],
    ['GET the whole book (again)', '/api/documents/quijote'],
    ['GET the book, 100 paragraphs', '/api/documents/quijote?from=1000&to=1099'],
    ['GET one paragraph', '/api/documents/quijote/paragraphs/5'],
  ] as const)
    line(server, name, await underLoad(server, get(url)), await settle(server), false);
  const streams = await underLoad(server, async () => {
    const cpuBefore = groupCpuMs(server.child.pid!);
    const opened = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const controller = new AbortController();
        const started = performance.now();
        try {
          const res = await fetch(`${server.base}/api/documents/quijote/translation/events?only=5`, {
            signal: AbortSignal.any([controller.signal, AbortSignal.timeout(15_000)]),
          });
          const ms = performance.now() - started;
          controller.abort();
          return res.ok ? ms : Infinity;
        } catch {
          return Infinity;
        }
      }),
    );
    const late = opened.filter((ms) => !Number.isFinite(ms)).length;
    const sorted = opened.filter(Number.isFinite).sort((a, b) => a - b);
    const cpu = groupCpuMs(server.child.pid!) - cpuBefore;
    return `${200 - late} open, p99 ${fmt(quantile(sorted, 0.99))} ms, ${late} none in 15 s, server CPU ${(cpu / 200).toFixed(1)} ms each`;
  });
  line(server, '200 event streams ?only=5 at once', streams, await settle(server), false);
}

async function main() {
  if (values.stages) return runHostileStages(root, values.compare, Number(values.rounds ?? '3'));
  const servers: Server[] = [];
  const stop = () => {
    for (const s of servers) {
      try {
        process.kill(-s.child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });
  try {
    servers.push(await start('A', root, port));
    if (values.compare) servers.push(await start('B', path.resolve(values.compare), port + 1));
    console.log(servers.map((s) => `${s.label} = ${s.app}`).join('; '));
    const inputs = HOSTILE_INPUTS.filter((i) => !values.only || i.name.includes(values.only));
    for (const input of inputs) {
      // Made before the clock starts: building a 300 MB bomb's deflate stream takes seconds here.
      const bytes = await input.bytes();
      for (const server of servers)
        line(server, input.name, await underLoad(server, () => send(server, input, bytes)), await settle(server));
    }
    if (!values['skip-book']) {
      if (!fs.existsSync(BOOK)) console.error(`skipping the book: ${BOOK} is missing (pass --data)`);
      else
        for (const server of servers) {
          await addBook(server);
          await bookFigures(server);
        }
    }
    console.log(missed.length === 0 ? 'goals: all met' : `goals missed (${missed.length}):\n  ${missed.join('\n  ')}`);
  } finally {
    stop();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
