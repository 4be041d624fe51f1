import { randomUUID } from 'node:crypto';
import { DEFAULT_WINDOW_SENTENCES } from '../documents/translation-job';
import { planRunWindows } from '../documents/translation-job-plan';
import type { JobState, Store } from '../store/types';
import { normalizeSentenceKey } from '../text/normalize';
import { windowJobId, type BossHandle, type WindowJobData } from './pg-boss';
import type { JobDocument, JobEvent, JobEvents, JobQueue, JobSnapshot } from './types';

export interface PgBossJobQueueOptions {
  boss: BossHandle;
  store: Store;
  events: JobEvents;
  modelId: string;
  /** Most distinct sentences per window after the first ones (default DEFAULT_WINDOW_SENTENCES). */
  windowSentences?: number;
  /** Clock, for tests. */
  now?: () => number;
}

const isRunning = (state: JobState | undefined): state is JobState & { runId: string } =>
  state?.status === 'running' && state.runId !== undefined;

/**
 * The team server's queue: a document's translation is planned as windows (the store records the run), and each
 * window is one pg-boss job that any `paralelo worker` (or a web instance's own worker) takes. Jobs, progress and
 * cancellations live in PostgreSQL, so they outlive any web instance or worker.
 */
export class PgBossJobQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  private readonly windowSentences: number;
  private readonly now: () => number;

  constructor(private readonly options: PgBossJobQueueOptions) {
    this.windowSentences = Math.max(1, options.windowSentences ?? DEFAULT_WINDOW_SENTENCES);
    this.now = options.now ?? Date.now;
  }

  async start(doc: JobDocument, options: { priorityFrom?: number } = {}): Promise<JobSnapshot> {
    const { store, modelId, boss, events } = this.options;
    const current = await store.getJobState(doc.slug, modelId);
    if (isRunning(current)) return this.join(current, options.priorityFrom);

    const keysOf = doc.paragraphs.map((p) => p.sentences.map(normalizeSentenceKey));
    const wanted = [...new Set(keysOf.flat())].filter((k) => k !== '');
    const cached = await store.getMachineTranslations(modelId, wanted);
    const plan = planRunWindows(
      doc.paragraphs.map((p) => p.index),
      keysOf,
      (key) => cached.has(key),
      { maxSentences: this.windowSentences, priorityFrom: options.priorityFrom },
    );
    const runId = randomUUID();
    const jobs = plan.windows.map((_, slot) => ({
      id: windowJobId(runId, slot),
      name: boss.queue,
      data: { runId, slug: doc.slug, modelId, slot } satisfies WindowJobData,
      // Slot k of every run before slot k+1 of any: a document opened now gets its first paragraph before the
      // rest of a long book that was opened earlier.
      priority: -Math.min(slot, 1_000_000),
    }));
    // Queued before the run is recorded: a worker that takes a job in between finds no run yet and retries it.
    if (jobs.length > 0) await boss.boss.insert(jobs);
    const result = await store.startRun({
      runId,
      slug: doc.slug,
      modelId,
      total: doc.paragraphs.length,
      done: plan.done,
      windows: plan.windows,
      startedAt: this.now(),
    });
    if (!result.started) {
      // Another instance started this document a moment ago: ours go, theirs run.
      if (jobs.length > 0)
        await boss.boss
          .cancel(
            boss.queue,
            jobs.map((j) => j.id),
          )
          .catch(() => {});
      return this.join(result.state, options.priorityFrom);
    }
    const { done, total } = result.state;
    await events.publish(doc.slug, [
      { type: 'progress', done, total },
      ...(result.state.status === 'done' ? [{ type: 'done' as const }] : []),
    ]);
    return result.state;
  }

  private async join(state: JobState, priorityFrom: number | undefined): Promise<JobSnapshot> {
    if (priorityFrom !== undefined && state.runId) await this.options.store.prioritizeRun(state.runId, priorityFrom);
    return state;
  }

  async cancel(slug: string): Promise<boolean> {
    const { store, modelId, boss, events } = this.options;
    const current = await store.getJobState(slug, modelId);
    if (!isRunning(current)) return false;
    // Workers holding a window hear this and stop; the window jobs not taken yet are cancelled in the queue. Sent
    // with the write where the events allow, so no window committed before it is heard after it.
    const told: JobEvent[] = [{ type: 'cancelled' }];
    const notice = await events.notice?.(slug, told);
    const ended = await store.endRun(current.runId, 'cancelled', this.now(), undefined, notice);
    if (!ended) return false;
    if (!notice) await events.publish(slug, told);
    const windows = await store.runWindows(current.runId);
    const ids = windows.map((_, slot) => windowJobId(current.runId, slot));
    if (ids.length > 0) await boss.boss.cancel(boss.queue, ids).catch(() => {});
    return true;
  }

  async status(slug: string): Promise<JobSnapshot | undefined> {
    return this.options.store.getJobState(slug, this.options.modelId);
  }

  async statuses(): Promise<Map<string, JobSnapshot>> {
    const states = await this.options.store.listJobStates(this.options.modelId);
    return new Map(states.map((s) => [s.slug, s]));
  }

  /** Nothing to stop here: the queue's jobs stay in PostgreSQL, and the context that opened pg-boss stops it. */
  async close(): Promise<void> {}
}
