/**
 * A document's QA checks as the team sees them: its current English against its Spanish, with the translation
 * memory for the consistency check and the ignores recorded in the store. The web (off the request thread, through
 * the parse pool) and `paralelo check` (in its own process) run the same function.
 */
import { CHECK_IDS, type CheckId, type CheckReport } from '../checks';
import type { GlossaryEntry } from '../glossary';
import { poolBusy, runHeavy, type PoolBusy } from '../heavy/pool';
import type { CheckIgnoreEvent, Store } from '../store/types';
import { memoryKeysOf, pairsOfViews } from './check-pairs';
import { ignoredOccurrences, runCheckTask, type CheckTaskInput } from '../checks/task';
import { loadSourceDocument, openDocument, type DocumentDeps } from './open-document';
import type { DocumentView, UseCaseError } from './types';

/** The part of the Store the checks read and the ignores write. */
export type CheckStore = Pick<Store, 'lookupMemory' | 'listCheckIgnores' | 'recordCheckIgnore'>;

/** What checking a document gives: the report, which paragraphs had no English or test-model English, and its time. */
export interface DocumentChecks {
  slug: string;
  title: string;
  report: CheckReport;
  withoutEnglish: number[];
  testModel: number[];
  /** Milliseconds spent running the checks (not opening the document). */
  checkMs: number;
}

export interface CheckDocumentOptions {
  glossary?: readonly GlossaryEntry[];
  only?: readonly CheckId[];
  /** Run the checks in the parse pool (the web server: a book's checks must not hold the thread that answers). */
  offThread?: boolean;
}

/** Runs the QA checks over a document's current English, its stored ignores applied. */
export async function checkDocument(
  deps: DocumentDeps,
  store: CheckStore,
  slug: string,
  options: CheckDocumentOptions = {},
): Promise<{ ok: true; checks: DocumentChecks; document: DocumentView } | UseCaseError | PoolBusy> {
  const opened = await openDocument(deps, slug);
  if (!opened.ok) return opened;
  const doc = opened.document;
  const { pairs, withoutEnglish, testModel } = pairsOfViews(doc.paragraphs);
  const keys = memoryKeysOf(pairs);
  const [memory, events] = await Promise.all([
    store.lookupMemory(keys.paragraphs, keys.sentences),
    store.listCheckIgnores(doc.slug),
  ]);
  const input: CheckTaskInput = {
    pairs,
    memory,
    ignored: [...ignoredOccurrences(events)],
    ...(options.glossary ? { glossary: options.glossary } : {}),
    ...(options.only ? { only: options.only } : {}),
  };
  const started = performance.now();
  let report: CheckReport;
  if (options.offThread) {
    const ran = await runHeavy('runChecks', input);
    if (!ran.ok) {
      const busy = poolBusy(ran);
      if (busy) return busy;
      return { ok: false, code: 'unprocessable', message: `The checks of ${doc.slug} did not finish: ${ran.message}.` };
    }
    report = ran.value;
  } else report = runCheckTask(input);
  const checkMs = performance.now() - started;
  return {
    ok: true,
    checks: { slug: doc.slug, title: doc.title, report, withoutEnglish, testModel, checkMs },
    document: doc,
  };
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
