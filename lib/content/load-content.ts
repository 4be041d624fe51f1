import { isPassingFailure, runHeavy } from '../heavy/pool';
import { problem, type ParseResult } from './document';
import type { ContentEntry, ContentSource } from './source';

// On globalThis: Next bundles each route separately, and a module-level map would be one cache per route (and be
// lost on every dev hot reload), so a book parsed for the reader page would be parsed again for its API.
const SHARED = Symbol.for('paralelo.content.parse-cache');
interface ParseCache {
  /** retryAt: a parse that failed by a passing glitch (time-out, full queue, a thread that died) is tried again then. */
  done: Map<string, { version: string; result: ParseResult; retryAt?: number }>;
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
 * Reads and parses a document of a source, reusing the last parse while its version is unchanged (a file's size and
 * mtime, a stored document's hash); callers that arrive while the same version is being parsed share that parse (a
 * book takes seconds: the reader page and its metadata ask for it at the same time).
 */
export async function loadDocument(source: ContentSource, entry: ContentEntry): Promise<ParseResult> {
  const cacheKey = `${source.id}\u0000${entry.slug}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.version === entry.version && (hit.retryAt === undefined || Date.now() < hit.retryAt)) return hit.result;
  const flightKey = `${cacheKey}\u0000${entry.version}`;
  const running = inFlight.get(flightKey);
  if (running) return running;
  const parsing = parseEntry(source, entry, cacheKey).finally(() => inFlight.delete(flightKey));
  inFlight.set(flightKey, parsing);
  return parsing;
}

async function parseEntry(source: ContentSource, entry: ContentEntry, cacheKey: string): Promise<ParseResult> {
  let read;
  try {
    read = await source.read(entry);
  } catch (err) {
    // The source itself failed (the database is unreachable): not this document's fault, and not cached.
    return problem(entry, 'unreadable', `it cannot be read (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (!read.ok) return { ok: false, problem: read.problem };
  // Parsing and segmenting a book takes seconds of CPU: off the request thread, bounded in time and memory.
  const ran = await runHeavy('parseContent', {
    file: { slug: entry.slug, fileName: entry.fileName, format: entry.format },
    bytes: read.bytes,
  });
  let result: ParseResult;
  let retryAt: number | undefined;
  if (ran.ok) result = ran.value;
  else {
    if (isPassingFailure(ran.code)) retryAt = Date.now() + RETRY_PASSING_FAILURE_MS;
    // One file that breaks the parser must not take the library down with it: it becomes its own error entry.
    console.error(`[paralelo:content] ${entry.fileName} could not be parsed: ${ran.message}`);
    result = problem(entry, 'unreadable', `it cannot be read: ${ran.message}.`);
  }
  cache.delete(cacheKey);
  cache.set(cacheKey, { version: read.version, result, ...(retryAt === undefined ? {} : { retryAt }) });
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return result;
}

/** Parses every document of a source in the background (at server start), so the first visit to a book is fast. */
export async function warmContent(source: ContentSource): Promise<void> {
  const { entries } = await source.list();
  for (const entry of entries.slice(0, CACHE_LIMIT)) await loadDocument(source, entry);
}
