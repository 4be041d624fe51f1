// Over 300 lines: the in-process job is one state machine (windows, steering, cancel, errors, listeners), read more
// easily in one file, as lib/jobs/translation-worker.ts is for the queued one.
import {
  deliver,
  type JobDocument,
  type JobErrorCode,
  type JobEvent,
  type JobListener,
  type JobSnapshot,
} from '../jobs/types';
import { EngineError, type TranslationEngine } from '../mt/engine';
import { machineEntry, translateWithScores } from '../mt/scored';
import type { JobState, JobStatus, Store } from '../store/types';
import { StoreError } from '../store/types';
import { normalizeSentenceKey } from '../text/normalize';
import { planWindow, prioritizeQueue, translationOrder, windowLimit } from './translation-job-plan';

export type { JobDocument, JobErrorCode, JobEvent, JobListener, JobSnapshot } from '../jobs/types';

/**
 * Most sentences per engine call, reached after the first windows (the first paragraph alone, then 32 sentences:
 * windowLimit): large enough for batches of 32 similar lengths, small enough that the paragraphs below
 * the screen follow within seconds (bench:mt, 200 sentences: 2.2x naive at 32, 2.6x at 64 with batch 32, 3.0x at
 * 128).
 */
export const DEFAULT_WINDOW_SENTENCES = 64;

export interface TranslationJobsOptions {
  store: Store;
  /** Called only when a sentence is missing from the cache, so a fully cached document never loads the model. */
  getEngine: () => TranslationEngine;
  modelId: string;
  /** Most distinct uncached sentences per engine call after the first (default DEFAULT_WINDOW_SENTENCES). */
  windowSentences?: number;
  /** Least time between two progress writes of the job state (default 1000 ms); start and end always write. */
  progressWriteIntervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
  /** Also hands every event to this (the in-process JobEvents, which the web server's streams subscribe to). */
  onEvent?: (slug: string, event: JobEvent) => void;
}

interface Job {
  doc: JobDocument;
  state: JobState;
  controller: AbortController;
  /** Positions not yet emitted and not in the window being translated, in translation order. */
  queue: number[];
  /** Paragraph events emitted so far, for late subscribers that ask for a replay. */
  emitted: JobEvent[];
  settled: Promise<JobSnapshot>;
}

/** Raised inside a run when the job's signal aborts; never leaves this module. */
class Cancelled extends Error {}

/** Rejects with Cancelled as soon as the signal aborts, whether or not the wrapped promise honours it. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(new Cancelled());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function describeFailure(error: unknown): { code: JobErrorCode; message: string } {
  if (error instanceof EngineError) return { code: error.code, message: error.message };
  if (error instanceof StoreError) return { code: 'store_failed', message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `[paralelo:translate] unexpected failure: ${message}` };
}

/**
 * The translation jobs of one model in this process: at most one running job per document, shared by every
 * caller, running on whether or not anyone listens.
 */
export class TranslationJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Map<string, Set<JobListener>>();
  private readonly windowSentences: number;
  private readonly progressWriteIntervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: TranslationJobsOptions) {
    this.windowSentences = Math.max(1, options.windowSentences ?? DEFAULT_WINDOW_SENTENCES);
    this.progressWriteIntervalMs = options.progressWriteIntervalMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Starts the document's job, or joins the running one (then priorityFrom re-prioritizes it). A job that ended
   * is started afresh: cached sentences make it cheap, and failed or cancelled work is retried.
   */
  start(doc: JobDocument, options: { priorityFrom?: number } = {}): JobSnapshot {
    const running = this.jobs.get(doc.slug);
    if (running && running.state.status === 'running') {
      if (options.priorityFrom !== undefined) this.prioritize(doc.slug, options.priorityFrom);
      return { ...running.state };
    }
    const indices = doc.paragraphs.map((p) => p.index);
    let resolveSettled!: (snapshot: JobSnapshot) => void;
    const job: Job = {
      doc,
      state: {
        slug: doc.slug,
        modelId: this.options.modelId,
        status: 'running',
        done: 0,
        total: doc.paragraphs.length,
        updatedAt: this.now(),
      },
      controller: new AbortController(),
      queue: translationOrder(indices, options.priorityFrom),
      emitted: [],
      settled: new Promise((resolve) => (resolveSettled = resolve)),
    };
    this.jobs.set(doc.slug, job);
    void this.run(job).then(() => resolveSettled({ ...job.state }));
    return { ...job.state };
  }

  /**
   * Listens to a document's jobs (this one and later ones); returns the unsubscribe function. Leaving does not
   * stop the job. With replay, a running job's paragraphs so far and its progress are delivered first.
   */
  subscribe(slug: string, listener: JobListener, options: { replay?: boolean } = {}): () => void {
    let set = this.listeners.get(slug);
    if (!set) this.listeners.set(slug, (set = new Set()));
    set.add(listener);
    const job = this.jobs.get(slug);
    if (options.replay && job && job.state.status === 'running') {
      for (const event of job.emitted) deliver(listener, event);
      deliver(listener, { type: 'progress', done: job.state.done, total: job.state.total });
    }
    return () => {
      const current = this.listeners.get(slug);
      current?.delete(listener);
      if (current?.size === 0) this.listeners.delete(slug);
    };
  }

  /** Cancels the document's running job (the engine call is aborted); false if none was running. */
  cancel(slug: string): boolean {
    const job = this.jobs.get(slug);
    if (!job || job.state.status !== 'running') return false;
    job.controller.abort();
    return true;
  }

  /** Moves the paragraphs from paragraphIndex on to the front of the running job's queue; false if none runs. */
  prioritize(slug: string, paragraphIndex: number): boolean {
    const job = this.jobs.get(slug);
    if (!job || job.state.status !== 'running') return false;
    const indices = job.doc.paragraphs.map((p) => p.index);
    job.queue = prioritizeQueue(job.queue, indices, paragraphIndex);
    return true;
  }

  /** The state of the document's latest job in this process, or undefined if none ran since the process started. */
  snapshot(slug: string): JobSnapshot | undefined {
    const job = this.jobs.get(slug);
    return job ? { ...job.state } : undefined;
  }

  /** The state of every document's latest job in this process, by slug. */
  snapshots(): Map<string, JobSnapshot> {
    return new Map([...this.jobs].map(([slug, job]) => [slug, { ...job.state }]));
  }

  /** Like snapshot, falling back to the stored state; a stored 'running' with no job here is marked interrupted. */
  async status(slug: string): Promise<JobSnapshot | undefined> {
    const live = this.snapshot(slug);
    if (live) return live;
    const stored = await this.options.store.getJobState(slug, this.options.modelId);
    if (!stored) return undefined;
    return stored.status === 'running' ? { ...stored, interrupted: true } : stored;
  }

  /** Resolves with the final snapshot once the document's current job ends (at once if it already has). */
  async whenSettled(slug: string): Promise<JobSnapshot | undefined> {
    return this.jobs.get(slug)?.settled;
  }

  /** Cancels every running job and waits until each has recorded how it ended. */
  async close(): Promise<void> {
    const running = [...this.jobs.values()].filter((job) => job.state.status === 'running');
    for (const job of running) job.controller.abort();
    await Promise.all(running.map((job) => job.settled));
  }

  private emit(job: Job, event: JobEvent): void {
    if (event.type === 'paragraph') job.emitted.push(event);
    const set = this.listeners.get(job.state.slug);
    // Copy: a listener may unsubscribe while we iterate.
    if (set) for (const listener of [...set]) deliver(listener, event);
    this.options.onEvent?.(job.state.slug, event);
  }

  private async run(job: Job): Promise<void> {
    const { store, modelId } = this.options;
    const { signal } = job.controller;
    const paragraphs = job.doc.paragraphs;
    let lastWrite = 0;
    const writeState = async (force: boolean) => {
      const now = this.now();
      if (!force && now - lastWrite < this.progressWriteIntervalMs) return;
      lastWrite = now;
      job.state.updatedAt = now;
      await store.putJobState({ ...job.state });
    };

    try {
      // Let the caller of start() subscribe before anything is emitted.
      await Promise.resolve();
      await abortable(writeState(true), signal);
      if (paragraphs.length === 0) return await this.finish(job, 'done');

      const keysOf = paragraphs.map((p) => p.sentences.map(normalizeSentenceKey));
      // Blank sentences need no model: they translate to blank.
      const translations = new Map<string, string>([['', '']]);
      const wanted = [...new Set(keysOf.flat())].filter((k) => k !== '');
      const cached = await abortable(store.getMachineTranslations(modelId, wanted), signal);
      for (const [key, target] of cached) translations.set(key, target);

      const isComplete = (position: number) => (keysOf[position] ?? []).every((k) => translations.has(k));
      const emitParagraph = (position: number, fromCache: boolean) => {
        const paragraph = paragraphs[position];
        const keys = keysOf[position];
        if (!paragraph || !keys) return;
        const targets = keys.map((k) => translations.get(k) ?? '');
        this.emit(job, { type: 'paragraph', index: paragraph.index, targets, cached: fromCache });
        job.state.done++;
      };
      // Emits every queued paragraph that is now complete, in queue order, and drops it from the queue.
      const flushComplete = (fromCache: boolean) => {
        const rest: number[] = [];
        for (const position of job.queue) {
          if (isComplete(position)) emitParagraph(position, fromCache);
          else rest.push(position);
        }
        job.queue = rest;
      };

      flushComplete(true);
      this.emit(job, { type: 'progress', done: job.state.done, total: job.state.total });

      let engine: TranslationEngine | undefined;
      for (let window = 0; job.queue.length > 0; window++) {
        if (signal.aborted) throw new Cancelled();
        const firstWindow = window === 0;
        const plan = planWindow(job.queue, (p) => (keysOf[p] ?? []).filter((k) => !translations.has(k)), {
          maxSentences: windowLimit(window, this.windowSentences),
          first: firstWindow,
        });
        const inWindow = new Set(plan.positions);
        job.queue = job.queue.filter((p) => !inWindow.has(p));

        if (!engine) {
          engine = this.options.getEngine();
          if (engine.info.modelId !== modelId) {
            throw new Error(`the engine runs ${engine.info.modelId} but jobs were configured for ${modelId}`);
          }
          await abortable(engine.ready(), signal);
        }
        // The first window is what the reader waits for.
        const outputs = await abortable(
          translateWithScores(engine, plan.keys, { signal, priority: firstWindow ? 'latency' : 'throughput' }),
          signal,
        );
        if (outputs.length !== plan.keys.length) {
          throw new EngineError(
            'engine_failed',
            `the engine returned ${outputs.length} translations for ${plan.keys.length} sentences`,
          );
        }
        const entries = plan.keys.map((sourceKey, i) => machineEntry(sourceKey, outputs[i]));
        // Stored before it is shown: what a reader has seen survives a crash.
        await store.putMachineTranslations(modelId, entries);
        for (const e of entries) translations.set(e.sourceKey, e.target);

        for (const position of plan.positions) emitParagraph(position, false);
        // Later paragraphs made only of sentences this window translated are complete too.
        flushComplete(false);
        this.emit(job, { type: 'progress', done: job.state.done, total: job.state.total });
        if (signal.aborted) throw new Cancelled();
        await writeState(false);
      }
      await this.finish(job, 'done');
    } catch (error) {
      if (error instanceof Cancelled || signal.aborted) return await this.finish(job, 'cancelled');
      await this.finish(job, 'failed', describeFailure(error));
    }
  }

  /** Records the end of a job in memory and in the store, then tells the listeners. */
  private async finish(
    job: Job,
    status: Exclude<JobStatus, 'running'>,
    failure?: { code: JobErrorCode; message: string },
  ): Promise<void> {
    const final: JobState = { ...job.state, status, updatedAt: this.now() };
    if (failure) {
      final.errorCode = failure.code;
      final.errorMessage = failure.message;
    }
    try {
      await this.options.store.putJobState({ ...final });
    } catch {
      // The state row only reports progress; translations already stored stay valid, so the end still stands.
    }
    // The job counts as running until here, so a start() during the write above joins it and hears its end,
    // rather than starting a second job whose listeners would hear this one's end.
    job.state = final;
    job.emitted = [];
    job.queue = [];
    if (status === 'failed' && failure) this.emit(job, { type: 'failed', ...failure });
    else this.emit(job, { type: status === 'done' ? 'done' : 'cancelled' });
  }
}
