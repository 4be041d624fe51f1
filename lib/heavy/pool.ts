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
import { runTask, type HeavyRequest, type HeavyTaskName, type HeavyTasks } from './tasks';

/** Why a task gave no result: too slow, out of memory, the queue was full, or the thread failed. */
export type HeavyFailureCode = 'timeout' | 'memory' | 'busy' | 'failed';

export type HeavyResult<T> = { ok: true; value: T } | { ok: false; code: HeavyFailureCode; message: string };

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
/** Tasks waiting beyond these are refused (busy) rather than queued without end. */
const MAX_QUEUE = 64;
/** Longest task, in seconds (PARALELO_PARSE_TIMEOUT, default 60): a 20 MB book parses in a few seconds. */
export function parseTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const s = Number(env.PARALELO_PARSE_TIMEOUT ?? '60');
  return Number.isFinite(s) && s > 0 ? s * 1000 : 60_000;
}

const KEY = Symbol.for('paralelo.heavy.pool');
type Shared = typeof globalThis & { [KEY]?: Piscina };

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
    return { ok: false, code: 'busy', message: 'the server is busy reading other files; try again in a minute' };
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
    const value = (await pool().run(request, { signal: AbortSignal.timeout(timeoutMs) })) as HeavyTasks[T]['output'];
    return { ok: true, value };
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
