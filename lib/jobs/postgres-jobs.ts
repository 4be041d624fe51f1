import type { PostgresLocation } from '../store/postgres-connection';
import type { Jobs, JobsOptions } from './index';
import { openBoss, type BossHandle } from './pg-boss';
import { PgBossJobQueue } from './pg-boss-queue';
import { PgJobEvents } from './pg-events';
import { TranslationWorker } from './translation-worker';
import type { WorkerReport } from './worker-reports';

export interface PostgresJobsOptions extends JobsOptions {
  location: PostgresLocation;
  timeoutSeconds: number;
  worker?: { id: string; pollMs?: number; report?: (report: WorkerReport) => void };
}

/**
 * The team server's jobs on PostgreSQL: pg-boss queues the windows, LISTEN/NOTIFY carries the events to every web
 * instance. With `worker` a TranslationWorker also runs here (a web instance without PARALELO_WORKERS=external, or
 * `paralelo worker`).
 */
export async function openPostgresJobsNow(options: PostgresJobsOptions): Promise<Jobs & { boss: BossHandle }> {
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
