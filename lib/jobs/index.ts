import os from 'node:os';
import { TranslationJobs } from '../documents/translation-job';
import type { TranslationEngine } from '../mt/engine';
import { loadPostgresAdapter } from '../store/postgres-location';
import type { Store } from '../store/types';
import { createEventBus, InProcessJobEvents } from './in-process-events';
import { InProcessJobQueue } from './in-process-queue';
import type { PostgresJobsOptions } from './postgres-jobs';
import type { BossHandle } from './pg-boss';
import type { TranslationWorker } from './translation-worker';
import type { JobEvents, JobQueue } from './types';

export type { JobDocument, JobEvent, JobEvents, JobListener, JobQueue, JobSnapshot } from './types';
export type { TranslationWorker } from './translation-worker';
export type { WorkerReport } from './worker-reports';
export type { PostgresJobsOptions } from './postgres-jobs';

/** A queue and the events of its jobs, opened together; close() releases both (and the worker, if one runs). */
export interface Jobs {
  queue: JobQueue;
  events: JobEvents;
  /** The worker translating in this process, when there is one (PostgreSQL without PARALELO_WORKERS=external). */
  worker?: TranslationWorker;
  close(): Promise<void>;
}

export interface JobsOptions {
  store: Store;
  modelId: string;
  getEngine: () => TranslationEngine;
  /** Most distinct sentences per window (default: the jobs' own, 64). */
  windowSentences?: number;
}

/** The embedded default: jobs run in this process and their events reach this process's streams. */
export function createInProcessJobs(options: JobsOptions): Jobs {
  const events = new InProcessJobEvents(createEventBus());
  const jobs = new TranslationJobs({
    store: options.store,
    modelId: options.modelId,
    getEngine: options.getEngine,
    ...(options.windowSentences ? { windowSentences: options.windowSentences } : {}),
    onEvent: (slug, event) => events.publishNow(slug, [event]),
  });
  const queue = new InProcessJobQueue(jobs, options.store, options.modelId);
  return {
    queue,
    events,
    close: async () => {
      await queue.close();
      await events.close();
    },
  };
}

/** A name for a worker in the store and the logs: host, process and a tag. */
export function workerName(tag = 'worker'): string {
  return `${os.hostname()}:${process.pid}:${tag}`;
}

/**
 * The team server's jobs on PostgreSQL (pg-boss, LISTEN/NOTIFY; see postgres-jobs.ts), loaded only when chosen: the
 * embedded default never loads pg or pg-boss.
 */
export async function openPostgresJobs(options: PostgresJobsOptions): Promise<Jobs & { boss: BossHandle }> {
  const { openPostgresJobsNow } = await loadPostgresAdapter(() => import('./postgres-jobs'));
  return openPostgresJobsNow(options);
}
