/**
 * The job seams: a JobQueue (start, cancel and report documents' translations) and JobEvents (what those
 * translations emit, delivered to every subscriber). Each has an in-process adapter, the embedded default with
 * SQLite, and a PostgreSQL one (pg-boss, LISTEN/NOTIFY) for a team server whose `paralelo worker` processes
 * translate; each adapter passes the seam's shared contract suite (tests/unit/jobs).
 */
import type { EngineErrorCode } from '../mt/engine';
import type { JobState, RunNotice } from '../store/types';

/** What a job needs of a document; the content loader's documents are a superset. */
export interface JobDocument {
  slug: string;
  paragraphs: readonly { index: number; sentences: readonly string[] }[];
}

/** Why a job failed: an engine code a user can act on, the store, or a bug. */
export type JobErrorCode = EngineErrorCode | 'store_failed' | 'internal';

export type JobEvent =
  /** A paragraph is translated: one target per source sentence; cached when no sentence needed the model. */
  | { type: 'paragraph'; index: number; targets: string[]; cached: boolean }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done' }
  | { type: 'cancelled' }
  | { type: 'failed'; code: JobErrorCode; message: string };

export type JobListener = (event: JobEvent) => void;

/**
 * A job's state as a queue knows it. `interrupted` marks a state read from the store that says 'running' although
 * no job runs: the process that ran it in-process stopped mid-job.
 */
export interface JobSnapshot extends JobState {
  interrupted?: boolean;
}

/** Starts, cancels and reports documents' translation jobs for one model. */
export interface JobQueue {
  readonly kind: 'in-process' | 'pg-boss';
  /**
   * Starts the document's translation, or joins the running one (priorityFrom then puts the paragraphs from that
   * index first). A job that ended is started afresh: cached sentences make it cheap.
   */
  start(doc: JobDocument, options?: { priorityFrom?: number }): Promise<JobSnapshot>;
  /** Cancels the document's running job; what is translated stays stored. False if none was running. */
  cancel(slug: string): Promise<boolean>;
  /** The document's latest job (running, or how the last one ended), or undefined if none ever ran. */
  status(slug: string): Promise<JobSnapshot | undefined>;
  /** status() of every document that has a job (the library page shows them all at once), by slug. */
  statuses(): Promise<Map<string, JobSnapshot>>;
  /** Stops what this handle runs or holds open (jobs queued in PostgreSQL stay queued). */
  close(): Promise<void>;
}

/** Delivers the events of documents' jobs to their subscribers: in this process, or in every web instance. */
export interface JobEvents {
  readonly kind: 'in-process' | 'postgres';
  /**
   * Calls listener with every event published for the document from now on, by any publisher the adapter reaches,
   * in the order each publisher sent them; resolves once listening. onInterrupted is called if events may have been
   * missed (the connection that listens was lost): the subscriber should read the stored state again. Returns the
   * unsubscribe function.
   */
  subscribe(slug: string, listener: JobListener, options?: { onInterrupted?: () => void }): Promise<() => void>;
  /** Sends events of a document's job to every subscriber, in order. */
  publish(slug: string, events: readonly JobEvent[]): Promise<void>;
  /**
   * Only where events travel through the store's database (PostgreSQL): the same events as a notice for the store
   * write they report (Store.commitWindow, Store.endRun), sent inside its transaction, so that listeners hear the writes
   * of one run in the order they were committed. `after` adds the small events made from the state the write leaves
   * (progress, done). Where absent, publish after the write.
   */
  notice?(slug: string, events: readonly JobEvent[], after?: (state: JobState) => JobEvent[]): Promise<RunNotice>;
  /** Ends every subscription of this handle and releases its connections. Safe to call twice. */
  close(): Promise<void>;
}

/** Calls a listener, keeping a broken one (a closed stream) from stopping the others. */
export function deliver(listener: JobListener, event: JobEvent): void {
  try {
    listener(event);
  } catch {
    // A broken subscriber must not end a job others are waiting for.
  }
}
