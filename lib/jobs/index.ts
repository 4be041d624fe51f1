import os from 'node:os';
import { TranslationJobs } from '../documents/translation-job';
import type { TranslationEngine } from '../mt/engine';
import type { PostgresLocation } from '../store/postgres-connection';
import type { Store } from '../store/types';
import { createEventBus, InProcessJobEvents } from './in-process-events';
import { InProcessJobQueue } from './in-process-queue';
import { openBoss, type BossHandle } from './pg-boss';
import { PgBossJobQueue } from './pg-boss-queue';
import { PgJobEvents } from './pg-events';
import { TranslationWorker } from './translation-worker';
import type { WorkerReport } from './worker-reports';
import type { JobEvents, JobQueue } from './types';

export type { JobDocument, JobEvent, JobEvents, JobListener, JobQueue, JobSnapshot } from './types';
export { TranslationWorker } from './translation-worker';
export type { WorkerReport } from './worker-reports';

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
 * The team server's jobs on PostgreSQL: pg-boss queues the windows, LISTEN/NOTIFY carries the events to every web
 * instance. With `worker` a TranslationWorker also runs here (a web instance without PARALELO_WORKERS=external, or
 * `paralelo worker`).
 */
export async function openPostgresJobs(
  options: JobsOptions & {
    location: PostgresLocation;
    timeoutSeconds: number;
    worker?: { id: string; pollMs?: number; report?: (report: WorkerReport) => void };
  },
): Promise<Jobs & { boss: BossHandle }> {
  const boss = await openBoss(options.location, { modelId: options.modelId, timeoutSeconds: options.timeoutSeconds });
  const events = new PgJobEvents(options.location);
  const queue = new PgBossJobQueue({
    boss,
    store: options.store,
    events,
    modelId: options.modelId,
    ...(options.windowSentences ? { windowSentences: options.windowSentences } : {}),
  });
  const worker = options.worker
    ? new TranslationWorker({
        boss,
        store: options.store,
        events,
        getEngine: options.getEngine,
        modelId: options.modelId,
        ...options.worker,
      })
    : undefined;
  if (worker) {
    void worker.run().catch((error: unknown) => {
      console.error(`[paralelo:worker] stopped: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  return {
    boss,
    queue,
    events,
    ...(worker ? { worker } : {}),
    close: async () => {
      await worker?.stop();
      await queue.close();
      await events.close();
      await boss.stop();
    },
  };
}
