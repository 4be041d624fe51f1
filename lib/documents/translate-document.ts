import type { SourceDocument } from '../content';
import type { Store } from '../store/types';
import { normalizeSentenceKey } from '../text/normalize';
import type { JobEvent, JobSnapshot, TranslationJobs } from './translation-job';

/** How a whole-document translation ended and how much of it the model had to do. */
export interface TranslateOutcome {
  snapshot: JobSnapshot;
  /** Distinct sentences of the document (the unit of caching). */
  sentences: number;
  /** Distinct sentences that were already in the cache before this run. */
  fromCache: number;
  /** Distinct sentences the model translated in this run. */
  translated: number;
}

/** Distinct, non-empty cache keys of a document's sentences. */
export function sentenceKeys(doc: Pick<SourceDocument, 'paragraphs'>): string[] {
  const keys = new Set<string>();
  for (const p of doc.paragraphs) for (const s of p.sentences) if (s.trim()) keys.add(normalizeSentenceKey(s));
  return [...keys];
}

/**
 * Translates a document to the end through its job (the CLI's path; the web server's requests join the same jobs)
 * and reports how many sentences came from the cache. `signal` cancels the job.
 */
export async function translateDocument(
  deps: { jobs: TranslationJobs; store: Store; modelId: string },
  doc: SourceDocument,
  options: { onEvent?: (event: JobEvent) => void; signal?: AbortSignal } = {},
): Promise<TranslateOutcome> {
  const keys = sentenceKeys(doc);
  const before = await deps.store.countMachineTranslations(deps.modelId, keys);
  const unsubscribe = options.onEvent ? deps.jobs.subscribe(doc.slug, options.onEvent) : () => {};
  const onAbort = () => deps.jobs.cancel(doc.slug);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    deps.jobs.start(doc);
    const snapshot = (await deps.jobs.whenSettled(doc.slug)) ?? deps.jobs.snapshot(doc.slug);
    if (!snapshot) throw new Error('[paralelo:translate] the job vanished before it settled');
    const after = await deps.store.countMachineTranslations(deps.modelId, keys);
    return { snapshot, sentences: keys.length, fromCache: before, translated: Math.max(0, after - before) };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
