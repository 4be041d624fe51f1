import fs from 'node:fs/promises';
import { isPassingFailure, runHeavy } from '../heavy/pool';
import { problem, type ParseResult } from './document';
import type { ContentFile } from './files';

// On globalThis: Next bundles each route separately, and a module-level map would be one cache per route (and be
// lost on every dev hot reload), so a book parsed for the reader page would be parsed again for its API.
const SHARED = Symbol.for('paralelo.content.parse-cache');
interface ParseCache {
  /** retryAt: a parse that failed by a passing glitch (time-out, full queue, a thread that died) is tried again then. */
  done: Map<string, { key: string; result: ParseResult; retryAt?: number }>;
  inFlight: Map<string, Promise<ParseResult>>;
}
const shared = ((globalThis as typeof globalThis & { [SHARED]?: ParseCache })[SHARED] ??= {
  done: new Map(),
  inFlight: new Map(),
});
const cache = shared.done;
const inFlight = shared.inFlight;
const CACHE_LIMIT = 32;
/** How long a passing failure is answered from the cache before the file is parsed again. */
export const RETRY_PASSING_FAILURE_MS = 30_000;

/**
 * Reads and parses a content file, reusing the last parse while the file's size and mtime are unchanged; callers that
 * arrive while the same version is being parsed share that parse (a book takes seconds: the reader page and its
 * metadata ask for it at the same time).
 */
export async function loadContent(file: ContentFile): Promise<ParseResult> {
  const key = `${file.size}:${file.mtimeMs}`;
  const hit = cache.get(file.absPath);
  if (hit && hit.key === key && (hit.retryAt === undefined || Date.now() < hit.retryAt)) return hit.result;
  const flightKey = `${file.absPath}\u0000${key}`;
  const running = inFlight.get(flightKey);
  if (running) return running;
  const parsing = parseFile(file, key).finally(() => inFlight.delete(flightKey));
  inFlight.set(flightKey, parsing);
  return parsing;
}

async function parseFile(file: ContentFile, key: string): Promise<ParseResult> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file.absPath);
  } catch (err) {
    return problem(file, 'unreadable', `it cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  // Parsing and segmenting a book takes seconds of CPU: off the request thread, bounded in time and memory.
  const ran = await runHeavy('parseContent', { file, bytes });
  let result: ParseResult;
  let retryAt: number | undefined;
  if (ran.ok) result = ran.value;
  else {
    if (isPassingFailure(ran.code)) retryAt = Date.now() + RETRY_PASSING_FAILURE_MS;
    // One file that breaks the parser must not take the library down with it: it becomes its own error entry.
    console.error(`[paralelo:content] ${file.fileName} could not be parsed: ${ran.message}`);
    result = problem(file, 'unreadable', `it cannot be read: ${ran.message}.`);
  }
  cache.delete(file.absPath);
  cache.set(file.absPath, { key, result, ...(retryAt === undefined ? {} : { retryAt }) });
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return result;
}

/** Parses every content file in the background (at server start), so the first visit to a book is fast. */
export async function warmContent(files: readonly ContentFile[]): Promise<void> {
  for (const file of files) await loadContent(file);
}
