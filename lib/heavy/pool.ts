/**
 * The parse pool: heavy parsing (an import, a content file, a translation-memory file) runs here, in a worker
 * thread, so that one upload never stops the server from answering everyone else. Each task is bounded: a time
 * limit (the thread is ended when it runs over) and a heap limit (a thread that runs out of memory dies alone, the
 * server goes on). piscina keeps the threads, queues tasks and ends a thread on abort.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Piscina } from 'piscina';
import { distBundle, hasTsx } from '../dist-bundle.mjs';
import { onShutdown } from '../shutdown';
import { runTask, type HeavyRequest, type HeavyTaskName, type HeavyTasks } from './tasks';

/** Why a task gave no result: too slow, out of memory, the queue was full, or the thread failed. */
export type HeavyFailureCode = 'timeout' | 'memory' | 'busy' | 'failed';

export type HeavyResult<T> = { ok: true; value: T } | { ok: false; code: HeavyFailureCode; message: string };

/** The pool's queue was full: nothing is wrong with the input; the caller says when to try again (503 Retry-After). */
export interface PoolBusy {
  ok: false;
  code: 'busy';
  message: string;
  /** Seconds after which a new try is likely to find room. */
  retryAfterS: number;
}

/** How long a full queue takes to drain, about: a few tasks of a few seconds each. */
export const BUSY_RETRY_AFTER_S = 30;

/** A pool busy answer, when the task failed because the queue was full; null for any other outcome. */
export function poolBusy(ran: { ok: boolean; code?: HeavyFailureCode; message?: string }): PoolBusy | null {
  if (ran.ok || ran.code !== 'busy') return null;
  return { ok: false, code: 'busy', message: ran.message ?? '', retryAfterS: BUSY_RETRY_AFTER_S };
}

/**
 * Whether a failure may pass on its own (time-out on a loaded machine, a full queue, a thread that died), so that a
 * result built on it must not be kept for good. Running out of the heap is the input's own doing.
 */
export function isPassingFailure(code: HeavyFailureCode): boolean {
  return code !== 'memory';
}

export interface HeavyOptions {
  /** Ends the task (and its thread) after this long; default parseTimeoutMs(). */
  timeoutMs?: number;
}

/** Threads of the pool (PARALELO_PARSE_THREADS, 0 runs tasks in-process); one by default, beside the decoders. */
export function parseThreads(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PARALELO_PARSE_THREADS ?? '1');
  return Number.isInteger(n) && n >= 0 && n <= 8 ? n : 1;
}

/** Heap of one pool thread: room for a 20 MB book's parse, far below what would hurt the server. */
const MAX_HEAP_MB = 1536;
/**
 * Tasks waiting beyond these are refused (busy) rather than queued without end. Counted here, not by piscina's
 * maxQueue: piscina keeps a task that carries an abort signal (every task here has its time limit) in a queue of its
 * own that maxQueue never counts, so 200 tasks at once were all queued.
 */
const MAX_QUEUE = 64;
/** Longest task, in seconds (PARALELO_PARSE_TIMEOUT, default 60): a 20 MB book parses in a few seconds. */
export function parseTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const s = Number(env.PARALELO_PARSE_TIMEOUT ?? '60');
  return Number.isFinite(s) && s > 0 ? s * 1000 : 60_000;
}

const KEY = Symbol.for('paralelo.heavy.pool');
// Tasks sent to the pool and not yet done (running or waiting), shared like the pool across the server's bundles.
const IN_FLIGHT = Symbol.for('paralelo.heavy.in-flight');
type Shared = typeof globalThis & { [KEY]?: Piscina; [IN_FLIGHT]?: number };

/**
 * The file a pool thread starts from: dist/heavy-worker.mjs (built ahead of time by bin/build.mjs), or, when that is
 * missing or older than its sources, the sources through tsx (worker-entry.mjs) if tsx is installed.
 */
export function heavyEntryPath(root: string): string {
  const bundle = distBundle(root, 'heavy-worker.mjs');
  if (bundle && (bundle.fresh || !hasTsx(root))) return bundle.file;
  const source = path.join(/*turbopackIgnore: true*/ root, 'lib/heavy/worker-entry.mjs');
  return hasTsx(root) && existsSync(source) ? source : (bundle?.file ?? source);
}

function pool(): Piscina {
  const g = globalThis as Shared;
  // Resolved from the project root at run time, not from this (bundled) file: the Next server starts it by path.
  const root = path.resolve(/*turbopackIgnore: true*/ process.env.PARALELO_ROOT ?? process.cwd());
  // Idle threads are unref'd, a busy one is not: `paralelo serve` ends the pool on SIGTERM.
  if (!g[KEY]) onShutdown('parsePool', closeHeavyPool);
  g[KEY] ??= new Piscina({
    filename: heavyEntryPath(root),
    name: 'runTask',
    minThreads: 0,
    maxThreads: parseThreads(),
    // Kept a while for the next task (a thread from the sources starts in about a second while tsx compiles the parsers); idle threads
    // are unref'd, so a CLI command still exits when it is done.
    idleTimeout: 5 * 60_000,
    maxQueue: MAX_QUEUE,
    resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB },
  });
  return g[KEY];
}

function failure(err: unknown, timeoutMs: number): { ok: false; code: HeavyFailureCode; message: string } {
  const e = err as Error & { code?: string };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError')
    return { ok: false, code: 'timeout', message: `it takes longer than ${timeoutMs / 1000} s to read` };
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY')
    return { ok: false, code: 'memory', message: `reading it needs more than ${MAX_HEAP_MB} MB of memory` };
  if (/queue is at limit/i.test(e?.message ?? ''))
    return {
      ok: false,
      code: 'busy',
      message: `the server is busy reading other files; try again in ${BUSY_RETRY_AFTER_S} s`,
    };
  return {
    ok: false,
    code: 'failed',
    message: `the reader failed on it (${String(e?.message ?? err).split('\n')[0]})`,
  };
}

/** Runs a heavy task off the request thread, within its time and memory bounds. */
export async function runHeavy<T extends HeavyTaskName>(
  task: T,
  input: HeavyTasks[T]['input'],
  options: HeavyOptions = {},
): Promise<HeavyResult<HeavyTasks[T]['output']>> {
  const timeoutMs = options.timeoutMs ?? parseTimeoutMs();
  const request: HeavyRequest<T> = { task, input };
  try {
    if (parseThreads() === 0) {
      return { ok: true, value: await runTask(request) };
    }
    const g = globalThis as Shared;
    const inFlight = g[IN_FLIGHT] ?? 0;
    if (inFlight >= parseThreads() + MAX_QUEUE) return failure(new Error('Task queue is at limit'), timeoutMs);
    g[IN_FLIGHT] = inFlight + 1;
    try {
      const value = (await pool().run(request, { signal: AbortSignal.timeout(timeoutMs) })) as HeavyTasks[T]['output'];
      return { ok: true, value };
    } finally {
      g[IN_FLIGHT] = (g[IN_FLIGHT] ?? 1) - 1;
    }
  } catch (err) {
    return failure(err, timeoutMs);
  }
}

/** Ends the pool's threads (tests, and a CLI that wants to exit at once). */
export async function closeHeavyPool(): Promise<void> {
  const g = globalThis as Shared;
  const p = g[KEY];
  delete g[KEY];
  await p?.destroy();
}
