/**
 * A document's QA checks as the team sees them: its current English against its Spanish, with the translation
 * memory for the consistency check and the ignores recorded in the store. The web (off the request thread, through
 * the parse pool) and `paralelo check` (in its own process) run the same function.
 */
import { applyIgnores, CHECK_IDS, type CheckId, type CheckReport } from '../checks';
import type { GlossaryEntry } from '../glossary';
import { poolBusy, runHeavy, type PoolBusy } from '../heavy/pool';
import type { CheckIgnoreEvent, Store } from '../store/types';
import { memoryKeysOf, pairsOfViews } from './check-pairs';
import { ignoredOccurrences, runCheckTask, type CheckTaskInput } from '../checks/task';
import { isContentEntry } from '../content/source';
import { isValidSlug } from '../content/slug';
import { checksKey, type CacheOutcome, type FindingsCache, type KeptChecks } from './checks-cache';
import { loadSourceDocument, openDocument, type DocumentDeps } from './open-document';
import type { DocumentView, UseCaseError } from './types';

/** The part of the Store the checks read and the ignores write. */
export type CheckStore = Pick<Store, 'lookupMemory' | 'listCheckIgnores' | 'recordCheckIgnore'>;

/** What checking a document gives: the report, which paragraphs had no English or test-model English, and its time. */
export interface DocumentChecks extends Omit<KeptChecks, 'report'> {
  report: CheckReport;
  /** Milliseconds from asking to the report: opening the document and running its checks, or the cache's answer. */
  checkMs: number;
  /** Whether the findings came from the cache (`hit`), a run another request started (`joined`) or a run now. */
  cache: CacheOutcome | 'off';
}

export interface CheckDocumentOptions {
  glossary?: readonly GlossaryEntry[];
  only?: readonly CheckId[];
  /** Run the checks in the parse pool (the web server: a book's checks must not hold the thread that answers). */
  offThread?: boolean;
  /**
   * Reuse the pool thread's findings of pairs it checked before (lib/checks/pair-memo.ts; the default in the pool):
   * false gives a cold run, for measuring.
   */
  reusePairs?: boolean;
}

type Ran = { ok: true; kept: KeptChecks; document: DocumentView } | UseCaseError | PoolBusy;

/** Runs the QA checks over a document's current English, its stored ignores applied. */
export async function checkDocument(
  deps: DocumentDeps,
  store: CheckStore,
  slug: string,
  options: CheckDocumentOptions = {},
): Promise<{ ok: true; checks: DocumentChecks; document: DocumentView } | UseCaseError | PoolBusy> {
  const started = performance.now();
  const ran = await runDocumentChecks(deps, store, slug, options);
  if (!ran.ok) return ran;
  const checks = await withIgnores(store, ran.kept, started, 'off');
  return { ok: true, checks, document: ran.document };
}

/**
 * checkDocument through a findings cache (the web server's): the key is read first and cheaply (checks-cache.ts),
 * so a kept answer costs neither opening the document nor running its checks; requests for a key being run wait
 * for that run. A slug the library cannot give is answered as checkDocument does (nothing kept).
 */
export async function cachedCheckDocument(
  deps: DocumentDeps,
  store: CheckStore & Pick<Store, 'translationVersion'>,
  slug: string,
  options: CheckDocumentOptions & { cache: FindingsCache },
): Promise<{ ok: true; checks: DocumentChecks } | UseCaseError | PoolBusy> {
  const started = performance.now();
  // The store's version first: what is read after it (the content's version, then the document) is never older.
  const translationVersion = await store.translationVersion();
  const found = isValidSlug(slug) ? await deps.content.find(slug) : null;
  if (!found || !isContentEntry(found)) return checkDocument(deps, store, slug, options);
  const key = checksKey({
    slug,
    translationVersion,
    contentVersion: found.version,
    modelId: deps.modelId,
    testModel: deps.testModel,
    ...(options.glossary ? { glossary: options.glossary } : {}),
    ...(options.only ? { only: options.only } : {}),
  });
  const got = await options.cache.get(key, async () => {
    const ran = await runDocumentChecks(deps, store, slug, options);
    return ran.ok ? { ok: true as const, value: ran.kept } : ran;
  });
  if (!got.ok) return got;
  return { ok: true, checks: await withIgnores(store, got.value, started, got.outcome) };
}

/** Opens a document and runs its checks with no ignores: what the cache keeps. */
async function runDocumentChecks(
  deps: DocumentDeps,
  store: CheckStore,
  slug: string,
  options: CheckDocumentOptions,
): Promise<Ran> {
  const opened = await openDocument(deps, slug);
  if (!opened.ok) return opened;
  const doc = opened.document;
  const { pairs, withoutEnglish, testModel } = pairsOfViews(doc.paragraphs);
  const keys = memoryKeysOf(pairs);
  const memory = await store.lookupMemory(keys.paragraphs, keys.sentences);
  const input: CheckTaskInput = {
    pairs,
    memory,
    ignored: [],
    reusePairs: (options.offThread ?? false) && options.reusePairs !== false,
    ...(options.glossary ? { glossary: options.glossary } : {}),
    ...(options.only ? { only: options.only } : {}),
  };
  let report: CheckReport;
  if (options.offThread) {
    const ran = await runHeavy('runChecks', input);
    if (!ran.ok)
      return (
        poolBusy(ran) ?? {
          ok: false,
          code: 'unprocessable',
          message: `The checks of ${doc.slug} did not finish: ${ran.message}.`,
        }
      );
    report = ran.value;
  } else report = runCheckTask(input);
  return { ok: true, kept: { slug: doc.slug, title: doc.title, report, withoutEnglish, testModel }, document: doc };
}

/** The kept checks with the ignores in force now (they change without the English changing: never kept). */
async function withIgnores(
  store: CheckStore,
  kept: KeptChecks,
  started: number,
  cache: DocumentChecks['cache'],
): Promise<DocumentChecks> {
  const events = await store.listCheckIgnores(kept.slug);
  const report = applyIgnores(kept.report, ignoredOccurrences(events));
  return { ...kept, report, checkMs: performance.now() - started, cache };
}

/** Longest finding key accepted: the runner's keys are a message and its parameters, far shorter. */
export const MAX_FINDING_KEY = 600;

/** A finding key as the runner makes them: "<check>.<message>?<params>" with an optional "#n", no control characters. */
export function isFindingKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_FINDING_KEY) return false;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/u.test(key)) return false;
  const check = key.slice(0, key.indexOf('.'));
  return (CHECK_IDS as readonly string[]).includes(check) && key.includes('?');
}

/** What an ignore (or un-ignore) request carries once the door has decided who asks. */
export interface IgnoreRequest {
  slug: string;
  paragraphIndex: number;
  findingKey: string;
  ignored: boolean;
  author: string | null;
  now: number;
}

/**
 * Records an ignore or un-ignore of one finding's occurrence, for a paragraph the document has. An ignore already
 * in force (or an un-ignore of what is not ignored) writes nothing and gives back the event in force, if any.
 */
export async function recordIgnore(
  deps: Pick<DocumentDeps, 'content'>,
  store: CheckStore,
  request: IgnoreRequest,
): Promise<{ ok: true; event: CheckIgnoreEvent | null; changed: boolean } | UseCaseError> {
  if (!isFindingKey(request.findingKey))
    return {
      ok: false,
      code: 'unprocessable',
      message: `That is not a finding of the checks (a key like "numbers.missing?number=15" of at most ${MAX_FINDING_KEY} characters).`,
    };
  const loaded = await loadSourceDocument(deps.content, request.slug);
  if (!loaded.ok) return loaded;
  const count = loaded.document.paragraphs.length;
  if (!Number.isInteger(request.paragraphIndex) || request.paragraphIndex < 0 || request.paragraphIndex >= count)
    return {
      ok: false,
      code: 'not_found',
      message: `${request.slug} has no paragraph ${request.paragraphIndex + 1} (it has ${count}).`,
    };
  const events = await store.listCheckIgnores(request.slug, request.paragraphIndex);
  const current = events.filter((e) => e.findingKey === request.findingKey).at(-1) ?? null;
  if ((current?.ignored ?? false) === request.ignored) return { ok: true, event: current, changed: false };
  const event = await store.recordCheckIgnore({
    slug: request.slug,
    paragraphIndex: request.paragraphIndex,
    findingKey: request.findingKey,
    ignored: request.ignored,
    author: request.author,
    createdAt: request.now,
  });
  return { ok: true, event, changed: true };
}
