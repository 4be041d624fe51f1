/**
 * The findings cache: a document's checks are run once for what they depend on and kept, so that a page view does
 * not run a book's checks again, nor even open the book. The key is read before anything else: the store's
 * translations version (Store.translationVersion: it moves with every save, revert, alignment fix, job write and
 * memory import, through any server on the same database), the document's content version, the model, the
 * glossary's entries, which checks, and the checks' code version. So nothing has to be invalidated, and what is kept
 * under a key is never older than it. Ignores are not part of it: they are applied to the kept report on every
 * request (applyIgnores).
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { CheckId, CheckReport } from '../checks/types';
import type { GlossaryEntry } from '../glossary/types';

/**
 * The checks' code version: part of every key, so that a report made by other code is never given back. Bump it
 * with any change to what a check finds.
 */
export const CHECKS_CODE_VERSION = 1;

/** Default bounds: a few books' reports (the Quijote's 4,000 findings weigh about 1.5 MB by reportBytes). */
export const DEFAULT_CACHE_BOUNDS = { maxEntries: 32, maxBytes: 32 * 1024 * 1024 };

/** A document's checks as kept: the report without ignores, and what the answer says of the document. */
export interface KeptChecks {
  slug: string;
  title: string;
  report: Pick<CheckReport, 'findings' | 'paragraphsChecked'>;
  withoutEnglish: number[];
  testModel: number[];
}

/** How an answer was had: kept from before, joined a run already going, or run now. */
export type CacheOutcome = 'hit' | 'joined' | 'miss';

/** What a document's checks depend on, all of it cheap to read. */
export interface ChecksKeyParts {
  slug: string;
  translationVersion: string;
  contentVersion: string;
  modelId: string;
  testModel: boolean;
  glossary?: readonly GlossaryEntry[];
  only?: readonly CheckId[];
}

/** The key of a document's checks: a digest of what they depend on. */
export function checksKey(parts: ChecksKeyParts): string {
  const hash = createHash('sha256');
  const { glossary, ...rest } = parts;
  hash.update(JSON.stringify({ ...rest, code: CHECKS_CODE_VERSION, only: parts.only ?? null })).update('\n');
  hash.update(JSON.stringify(glossary ?? null));
  return hash.digest('base64url');
}

/** A bounded store of reports by key, where concurrent askers for one key share one run. */
export interface FindingsCache {
  /**
   * The report kept for `key`, else the one `run` gives (run once however many ask meanwhile). A run that gives no
   * report (the pool busy, a failure) is not kept and is given to everyone who waited for it.
   */
  get<F extends { ok: false }>(
    key: string,
    run: () => Promise<{ ok: true; value: KeptChecks } | F>,
  ): Promise<{ ok: true; value: KeptChecks; outcome: CacheOutcome } | F>;
  /** Entries and estimated bytes kept now. */
  size(): { entries: number; bytes: number };
  /** Forgets everything (tests, and a glossary or code change needs nothing of it: the key moves). */
  clear(): void;
}

/** Rough bytes of a report: what its JSON would weigh. */
function reportBytes(kept: KeptChecks): number {
  let bytes = 256 + (kept.withoutEnglish.length + kept.testModel.length) * 8;
  for (const f of kept.report.findings) bytes += 160 + f.key.length * 2 + (f.source.length + f.target.length) * 24;
  return bytes;
}

/** A findings cache holding at most `maxEntries` reports and `maxBytes` of them (least recently used go first). */
export function createFindingsCache(bounds: { maxEntries: number; maxBytes: number } = DEFAULT_CACHE_BOUNDS) {
  const kept = new LRUCache<string, KeptChecks>({
    max: bounds.maxEntries,
    maxSize: bounds.maxBytes,
    sizeCalculation: (kept) => Math.max(1, reportBytes(kept)),
  });
  const running = new Map<string, Promise<unknown>>();
  const cache: FindingsCache = {
    async get(key, run) {
      const hit = kept.get(key);
      if (hit) return { ok: true, value: hit, outcome: 'hit' };
      const going = running.get(key) as Promise<Awaited<ReturnType<typeof run>>> | undefined;
      if (going) {
        const shared = await going;
        return isReport(shared) ? { ...shared, outcome: 'joined' } : shared;
      }
      const started = run();
      running.set(key, started);
      try {
        const result = await started;
        if (isReport(result)) {
          // A report too big for the bound is simply not kept (LRUCache refuses it).
          kept.set(key, result.value);
          return { ...result, outcome: 'miss' };
        }
        return result;
      } finally {
        running.delete(key);
      }
    },
    size: () => ({ entries: kept.size, bytes: kept.calculatedSize }),
    clear: () => kept.clear(),
  };
  return cache;
}

function isReport(value: unknown): value is { ok: true; value: KeptChecks } {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === true;
}

let shared: FindingsCache | undefined;

/** The server process's findings cache (the checks route's). */
export function sharedFindingsCache(): FindingsCache {
  shared ??= createFindingsCache();
  return shared;
}
