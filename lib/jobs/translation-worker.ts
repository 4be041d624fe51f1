// Over 300 lines for one reason: the loop and every outcome of a window (written, taken over, cancelled, failed,
// handed back) are one state machine, read more easily in one file.
import type PgBoss from 'pg-boss';
import { EngineError, type TranslationEngine } from '../mt/engine';
import { machineEntry, translateWithScores } from '../mt/scored';
import type { JobState, MachineTranslationEntry, Store, WindowClaim, WindowParagraph } from '../store/types';
import { isWindowJob, WINDOW_RETRIES, type BossHandle } from './pg-boss';
import type { JobErrorCode, JobEvent, JobEvents } from './types';
import type { WorkerReport } from './worker-reports';

export interface TranslationWorkerOptions {
  boss: BossHandle;
  store: Store;
  events: JobEvents;
  /** Called when a window needs the model (a window whose sentences are all cached never loads it). */
  getEngine: () => TranslationEngine;
  modelId: string;
  /** Names this worker in the store (who committed each window) and in its reports. */
  id: string;
  /** How often an idle worker asks the queue for a window (default 500 ms). */
  pollMs?: number;
  report?: (report: WorkerReport) => void;
  now?: () => number;
}

/** A job older than this whose run is unknown belongs to a run replaced since: it is dropped, not retried. */
const UNKNOWN_RUN_GRACE_MS = 60_000;

/** How often an idle worker looks for window jobs that failed every try. */
const FAILED_CHECK_MS = 5000;

/** Why the current window was aborted. */
type Abort = 'cancelled' | 'shutdown';

/** The promise's outcome, or a rejection as soon as the signal aborts (an engine may finish its batch first). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new EngineError('cancelled', 'translation cancelled'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Engine failures a person must fix (a missing model): retrying the window elsewhere would fail the same way. */
function endsTheRun(error: unknown): error is EngineError {
  return error instanceof EngineError && error.code !== 'engine_failed' && error.code !== 'cancelled';
}

/**
 * Takes window jobs from the queue one at a time, translates what of the window is not cached yet, commits it
 * through the store (fenced by its claim: see Store.commitWindow) and publishes the paragraphs. stop() lets the
 * current window finish; abort() gives it back to the queue at once. A worker killed outright holds its job until the
 * queue's timeout, after which another worker claims the same window again.
 */
export class TranslationWorker {
  private stopping = false;
  private wake: (() => void) | null = null;
  private current: { controller: AbortController; reason?: Abort } | null = null;
  private loop: Promise<void> | null = null;
  private readonly pollMs: number;
  private readonly now: () => number;

  constructor(private readonly options: TranslationWorkerOptions) {
    this.pollMs = options.pollMs ?? 500;
    this.now = options.now ?? Date.now;
  }

  /** Starts taking jobs; resolves when the worker has stopped. */
  run(): Promise<void> {
    this.loop ??= this.takeJobs();
    return this.loop;
  }

  /** Stops taking jobs; resolves once the window being translated (if any) is committed. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  /** Stops at once: the window being translated goes back to the queue for another worker. */
  async abort(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    if (this.current) {
      this.current.reason ??= 'shutdown';
      this.current.controller.abort();
    }
    await this.loop;
  }

  private report(report: WorkerReport): void {
    try {
      this.options.report?.(report);
    } catch {
      // Reporting must never stop a worker.
    }
  }

  private async takeJobs(): Promise<void> {
    const { boss } = this.options;
    let failures = 0;
    let lastFailedCheck = 0;
    while (!this.stopping) {
      let job: PgBoss.JobWithMetadata<unknown> | undefined;
      let queue = boss.queue;
      try {
        job = (await boss.boss.fetch(boss.queue, { includeMetadata: true }))[0];
        // Jobs that failed every try are rare: looked for when idle, every few seconds.
        if (!job && this.now() - lastFailedCheck >= FAILED_CHECK_MS) {
          lastFailedCheck = this.now();
          queue = boss.failedQueue;
          job = (await boss.boss.fetch(boss.failedQueue, { includeMetadata: true }))[0];
        }
        failures = 0;
      } catch (error) {
        failures++;
        this.report({ type: 'queue-error', message: error instanceof Error ? error.message : String(error) });
      }
      if (!job) {
        await this.idle(failures > 0 ? Math.min(10_000, this.pollMs * 2 ** failures) : this.pollMs);
        continue;
      }
      try {
        if (queue === boss.failedQueue) await this.handleFailed(job);
        else await this.handle(job);
      } catch (error) {
        // The queue or the store is unreachable: the job expires and is taken again; wait before the next one.
        this.report({ type: 'queue-error', message: error instanceof Error ? error.message : String(error) });
        await this.idle(this.pollMs * 4);
      }
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async handle(job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
    const { boss, store } = this.options;
    const complete = () => boss.boss.complete(boss.queue, job.id);
    if (!isWindowJob(job.data) || job.data.modelId !== this.options.modelId) return void (await complete());
    const data = job.data;
    const claimed = await store.claimWindow(data.runId, job.id, this.options.id);
    if (claimed.status === 'unknown') {
      // Queued a moment before its run was recorded: try again shortly. Much older: its run was replaced.
      if (this.now() - job.createdOn.getTime() > UNKNOWN_RUN_GRACE_MS) return void (await complete());
      return void (await boss.boss.fail(boss.queue, job.id, { message: 'run not recorded yet' }));
    }
    if (claimed.status === 'none') return void (await complete());
    if (claimed.status === 'committed') {
      // Its events went out with its commit where they travel with it; else they may not have been published.
      if (!this.options.events.notice) await this.publishWindow(data.slug, claimed.window.paragraphs, claimed.state);
      this.report({ type: 'already-committed', slug: data.slug, window: claimed.window.window });
      return void (await complete());
    }
    await this.translateWindow(job, claimed.claim);
  }

  private async translateWindow(job: PgBoss.JobWithMetadata<unknown>, claim: WindowClaim): Promise<void> {
    const { boss, store, events, modelId } = this.options;
    const started = performance.now();
    const controller = new AbortController();
    const current: { controller: AbortController; reason?: Abort } = { controller };
    this.current = current;
    // A cancel (or failure) published by any instance stops this window's translation at once.
    const unsubscribe = await events.subscribe(claim.slug, (event) => {
      if (event.type !== 'cancelled' && event.type !== 'failed') return;
      current.reason ??= 'cancelled';
      controller.abort();
    });
    try {
      const keys = [...new Set(claim.paragraphs.flatMap((p) => p.keys))].filter((k) => k !== '');
      const translations = await store.getMachineTranslations(modelId, keys);
      const missing = keys.filter((k) => !translations.has(k));
      const scored: MachineTranslationEntry[] = [];
      this.report({
        type: 'claimed',
        slug: claim.slug,
        window: claim.window,
        attempt: claim.attempt,
        paragraphs: claim.paragraphs.length,
        missing: missing.length,
      });
      if (missing.length > 0) {
        const engine = this.options.getEngine();
        await engine.ready();
        // The first window of a run is the paragraph a reader is waiting for.
        const outputs = await untilAborted(
          translateWithScores(engine, missing, {
            signal: controller.signal,
            priority: claim.window === 0 ? 'latency' : 'throughput',
          }),
          controller.signal,
        );
        if (outputs.length !== missing.length) {
          throw new EngineError(
            'engine_failed',
            `the engine returned ${outputs.length} translations for ${missing.length} sentences`,
          );
        }
        missing.forEach((k, i) => {
          const entry = machineEntry(k, outputs[i]);
          translations.set(k, entry.target);
          scored.push(entry);
        });
      }
      const entries = scored;
      // Sent by the commit itself where the events can be (PostgreSQL): a later window's "done" cannot overtake them.
      const notice = await events.notice?.(claim.slug, paragraphEvents(claim.paragraphs, translations), stateEvents);
      const result = await store.commitWindow(claim, entries, this.options.id, this.now(), notice);
      if (!result.ok) {
        this.report({
          type: result.reason === 'stale' ? 'taken-over' : 'run-ended',
          slug: claim.slug,
          window: claim.window,
        });
        // A stale claim's job now belongs to the worker that claimed the window again: leave it to that one.
        if (result.reason === 'ended') await boss.boss.complete(boss.queue, job.id);
        return;
      }
      if (!notice) await this.publishWindow(claim.slug, claim.paragraphs, result.state, translations);
      await boss.boss.complete(boss.queue, job.id);
      this.report({
        type: 'window',
        slug: claim.slug,
        window: claim.window,
        attempt: claim.attempt,
        paragraphs: claim.paragraphs.length,
        translated: missing.length,
        ms: Math.round(performance.now() - started),
        done: result.state.done,
        total: result.state.total,
      });
    } catch (error) {
      await this.failed(job, claim, error, current.reason);
    } finally {
      unsubscribe();
      this.current = null;
    }
  }

  /** What to do with a window that did not commit: hand it back, end the run, or nothing (cancelled). */
  private async failed(job: PgBoss.JobWithMetadata<unknown>, claim: WindowClaim, error: unknown, reason?: Abort) {
    const { boss } = this.options;
    if (reason === 'cancelled') {
      this.report({ type: 'run-ended', slug: claim.slug, window: claim.window });
      return void (await boss.boss.complete(boss.queue, job.id));
    }
    if (reason !== 'shutdown' && endsTheRun(error)) {
      const failure = { code: error.code, message: error.message };
      await this.endRun(claim.slug, claim.runId, failure);
      this.report({ type: 'run-failed', slug: claim.slug, code: error.code, message: error.message });
      return void (await boss.boss.complete(boss.queue, job.id));
    }
    const message =
      reason === 'shutdown'
        ? 'the worker stopped before finishing this window'
        : error instanceof Error
          ? error.message
          : String(error);
    this.report({ type: 'retry', slug: claim.slug, message });
    await boss.boss.fail(boss.queue, job.id, { message });
  }

  /** A window job that failed every try: its run fails, and its readers are told why. */
  private async handleFailed(job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
    const { boss } = this.options;
    if (isWindowJob(job.data)) {
      const last = (job.output as { message?: unknown } | null)?.message;
      const message =
        `[paralelo:worker] a window of this translation failed ${WINDOW_RETRIES + 1} times` +
        (typeof last === 'string' ? `; the last time: ${last}` : '') +
        '. Open the document again to retry; see the workers’ logs.';
      const code: JobErrorCode = 'internal';
      if (await this.endRun(job.data.slug, job.data.runId, { code, message })) {
        this.report({ type: 'run-failed', slug: job.data.slug, code, message });
      }
    }
    await boss.boss.complete(boss.failedQueue, job.id);
  }

  /** Fails a run and tells its readers why (in the same transaction where the events allow); false if it had ended. */
  private async endRun(slug: string, runId: string, failure: { code: JobErrorCode; message: string }) {
    const { store, events } = this.options;
    const told: JobEvent[] = [{ type: 'failed', ...failure }];
    const notice = await events.notice?.(slug, told);
    const ended = await store.endRun(runId, 'failed', this.now(), failure, notice);
    if (ended && !notice) await events.publish(slug, told);
    return ended !== undefined;
  }

  /** The window's paragraphs, then the run's progress (and its end), to every web instance's readers. */
  private async publishWindow(
    slug: string,
    paragraphs: readonly WindowParagraph[],
    state: JobState,
    known?: Map<string, string>,
  ): Promise<void> {
    const { store, events, modelId } = this.options;
    const translations =
      known ?? (await store.getMachineTranslations(modelId, [...new Set(paragraphs.flatMap((p) => p.keys))]));
    await events.publish(slug, [...paragraphEvents(paragraphs, translations), ...stateEvents(state)]);
  }
}

/** The paragraph events of a window, from the translations of its sentences. */
function paragraphEvents(paragraphs: readonly WindowParagraph[], translations: Map<string, string>): JobEvent[] {
  return paragraphs.map((p) => ({
    type: 'paragraph',
    index: p.index,
    targets: p.keys.map((k) => (k === '' ? '' : (translations.get(k) ?? ''))),
    cached: false,
  }));
}

/** What a run's state after a window says to its readers: its progress, and its end after the last window. */
function stateEvents(state: JobState): JobEvent[] {
  return [
    { type: 'progress', done: state.done, total: state.total },
    ...(state.status === 'done' ? [{ type: 'done' as const }] : []),
  ];
}
