import { isTestModelId, loadConfig, type ParaleloConfig } from '../config';
import { openFolderSource, type ContentSource } from '../content';
import { createInProcessJobs, openPostgresJobs, workerName, type Jobs, type WorkerReport } from '../jobs';
import { describeReport } from '../jobs/worker-reports';
import { getSharedEngine } from '../mt';
import { getSharedStore, openStore, poolOfStore, type Store } from '../store';
import { loadPostgresAdapter } from '../store/postgres-location';
import { onShutdown } from '../shutdown';
import type { DocumentDeps } from './open-document';
import type { EditDeps } from './save-revision';
import type { TranslationSummary } from './types';

/**
 * Everything the front doors (web server, CLI) share in one process: configuration, store, the library's documents,
 * the translation job queue and the events of its jobs.
 */
export interface AppContext extends Omit<Jobs, 'worker'> {
  config: ParaleloConfig;
  store: Store;
  content: ContentSource;
}

/**
 * The library's documents for a configuration over its store: content/ beside SQLite (the embedded default), else the
 * documents of the PostgreSQL database, into which content/'s files are imported (lib/content/database-source.ts).
 */
export async function openContent(config: ParaleloConfig, store: Store): Promise<ContentSource> {
  const pool = config.database ? await poolOfStore(store) : null;
  if (!pool || !config.database) return openFolderSource(config.contentDir);
  const { openDatabaseSource } = await loadPostgresAdapter(() => import('../content/database-source'));
  return openDatabaseSource({ pool, location: config.database, folder: config.contentDir });
}

/** A store and the library over it, opened for one command; close() releases both. */
export async function openLibrary(
  config: ParaleloConfig,
): Promise<{ store: Store; content: ContentSource; close(): Promise<void> }> {
  const store = await openStore(config);
  try {
    const content = await openContent(config, store);
    return {
      store,
      content,
      close: async () => {
        await content.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
}

const KEY = Symbol.for('paralelo.app-context');

/** The process-wide context, created on first use (kept on globalThis so Next dev hot reload reuses it). */
export function getAppContext(): Promise<AppContext> {
  const g = globalThis as typeof globalThis & { [KEY]?: Promise<AppContext> };
  const existing = g[KEY];
  if (existing) return existing;
  const created = createAppContext(loadConfig());
  created.then(
    // The job queue (pg-boss, the LISTEN connection, this instance's worker) keeps the process alive: released on
    // SIGTERM by `paralelo serve`, before the shared store it writes to.
    (ctx) =>
      onShutdown('jobs', async () => {
        if (g[KEY] === created) delete g[KEY];
        await ctx.close();
      }),
    () => {
      if (g[KEY] === created) delete g[KEY];
    },
  );
  g[KEY] = created;
  return created;
}

/**
 * Builds a context for a given configuration (tests and the CLI make their own). With PostgreSQL, jobs go through
 * its queue and every instance hears their events; this process also translates them unless PARALELO_WORKERS is
 * external. Without, jobs run in this process, as they always did.
 */
export async function createAppContext(config: ParaleloConfig): Promise<AppContext> {
  const store = await getSharedStore(config);
  const content = await openContent(config, store);
  const getEngine = () => getSharedEngine(config);
  let jobs: Jobs;
  if (config.database) {
    jobs = await openPostgresJobs({
      location: config.database,
      store,
      modelId: config.modelId,
      getEngine,
      timeoutSeconds: config.jobTimeoutSeconds,
      ...(config.workers === 'in-process' ? { worker: { id: workerName('web'), report: logReport } } : {}),
    });
  } else {
    if (config.workers === 'external') {
      console.warn(
        '[paralelo:jobs] PARALELO_WORKERS=external needs PARALELO_DATABASE_URL (workers take jobs from PostgreSQL): ' +
          'translating in this process instead.',
      );
    }
    jobs = createInProcessJobs({ store, modelId: config.modelId, getEngine });
  }
  return {
    config,
    store,
    content,
    queue: jobs.queue,
    events: jobs.events,
    close: async () => {
      await jobs.close();
      await content.close();
    },
  };
}

/** The server's log of its own worker: each window written and every mishap, not each window taken. */
function logReport(report: WorkerReport): void {
  if (report.type !== 'claimed') console.log(`[paralelo:worker] ${describeReport(report)}`);
}

/** The document and editing use cases' dependencies over a store: documents, stored translations, revisions. */
export function storeDeps(config: ParaleloConfig, store: Store, content: ContentSource): EditDeps {
  return {
    content,
    modelId: config.modelId,
    testModel: isTestModelId(config.modelId),
    lookup: (modelId, keys) => store.getMachineTranslations(modelId, keys),
    scores: (modelId, keys) => store.getMachineScores(modelId, keys),
    machineScope: store,
    revisions: store,
  };
}

/** The dependencies of the document use cases: stored translations plus the live or last job of each document. */
export async function documentDeps(ctx: AppContext): Promise<DocumentDeps> {
  const { config, store, queue, content } = ctx;
  const states = await queue.statuses();
  return {
    ...storeDeps(config, store, content),
    // The server lists a book still being parsed as such rather than make everyone wait for it.
    listWaitMs: 1_000,
    jobStatus(slug): Pick<TranslationSummary, 'status' | 'done' | 'total' | 'error'> | null {
      const last = states.get(slug);
      // A "running" row without a live job was interrupted by a restart: the counts from the cache tell the truth.
      if (!last || last.interrupted) return null;
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
