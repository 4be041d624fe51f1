import { isTestModelId, loadConfig, type ParaleloConfig } from '../config';
import { getSharedEngine } from '../mt';
import { getSharedStore, type Store } from '../store';
import type { DocumentDeps } from './open-document';
import type { EditDeps } from './save-revision';
import { TranslationJobs } from './translation-job';
import type { TranslationSummary } from './types';

/** Everything the front doors (web server, CLI) share in one process: configuration, store and translation jobs. */
export interface AppContext {
  config: ParaleloConfig;
  store: Store;
  jobs: TranslationJobs;
}

const KEY = Symbol.for('paralelo.app-context');

/** The process-wide context, created on first use (kept on globalThis so Next dev hot reload reuses it). */
export function getAppContext(): Promise<AppContext> {
  const g = globalThis as typeof globalThis & { [KEY]?: Promise<AppContext> };
  const existing = g[KEY];
  if (existing) return existing;
  const created = createAppContext(loadConfig());
  created.catch(() => {
    if (g[KEY] === created) delete g[KEY];
  });
  g[KEY] = created;
  return created;
}

/** Builds a context for a given configuration (tests and the CLI make their own). */
export async function createAppContext(config: ParaleloConfig): Promise<AppContext> {
  const store = await getSharedStore(config);
  const jobs = new TranslationJobs({ store, modelId: config.modelId, getEngine: () => getSharedEngine(config) });
  return { config, store, jobs };
}

/** The document and editing use cases' dependencies over a store: content, stored translations, revisions. */
export function storeDeps(config: ParaleloConfig, store: Store): EditDeps {
  return {
    contentDir: config.contentDir,
    modelId: config.modelId,
    testModel: isTestModelId(config.modelId),
    lookup: (modelId, keys) => store.getMachineTranslations(modelId, keys),
    revisions: store,
  };
}

/** The dependencies of the document use cases: stored translations plus the live and last job of each document. */
export async function documentDeps(ctx: AppContext): Promise<DocumentDeps> {
  const { config, store, jobs } = ctx;
  const stored = new Map((await store.listJobStates(config.modelId)).map((s) => [s.slug, s]));
  return {
    ...storeDeps(config, store),
    // The server lists a book still being parsed as such rather than make everyone wait for it.
    listWaitMs: 1_000,
    jobStatus(slug): Pick<TranslationSummary, 'status' | 'done' | 'total' | 'error'> | null {
      const live = jobs.snapshot(slug);
      if (live) return summaryOf(live);
      const last = stored.get(slug);
      // A "running" row without a live job was interrupted by a restart: the counts from the cache tell the truth.
      if (!last || last.status === 'running') return null;
      return summaryOf({
        status: last.status,
        done: last.done,
        total: last.total,
        ...(last.errorCode ? { error: { code: last.errorCode, message: last.errorMessage ?? '' } } : {}),
      });
    },
  };
}

function summaryOf(s: {
  status: string;
  done: number;
  total: number;
  error?: { code: string; message: string };
}): Pick<TranslationSummary, 'status' | 'done' | 'total' | 'error'> {
  const status = s.status === 'done' ? 'complete' : (s.status as TranslationSummary['status']);
  return { status, done: s.done, total: s.total, ...(s.error ? { error: s.error } : {}) };
}
