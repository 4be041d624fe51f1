/**
 * The Store: everything Paralelo derives or edits, kept apart from the content/ files (the source of truth for
 * source text). Methods are async so a PostgreSQL adapter can implement the same interface later; SQLite
 * (better-sqlite3, synchronous underneath) is the embedded default and memory.ts serves tests.
 */

/** One machine translation to cache: the normalized source sentence (normalizeSentenceKey) and the model's output. */
export interface MachineTranslationEntry {
  sourceKey: string;
  target: string;
}

export type JobStatus = 'running' | 'done' | 'cancelled' | 'failed';

/** The last known state of one document's translation job for one model; counts are in paragraphs. */
export interface JobState {
  slug: string;
  modelId: string;
  status: JobStatus;
  done: number;
  total: number;
  errorCode?: string;
  errorMessage?: string;
  /** Milliseconds since the epoch. */
  updatedAt: number;
}

export interface Store {
  /** Which adapter this is, for diagnostics. */
  readonly kind: 'sqlite' | 'memory';
  /** Cached machine translations of the given keys for a model; keys without one are absent from the map. */
  getMachineTranslations(modelId: string, sourceKeys: readonly string[]): Promise<Map<string, string>>;
  /** Caches machine translations in one transaction; an existing key is overwritten (idempotent upsert). */
  putMachineTranslations(modelId: string, entries: readonly MachineTranslationEntry[]): Promise<void>;
  /** How many of the given (distinct) keys have a cached translation for the model. */
  countMachineTranslations(modelId: string, sourceKeys: readonly string[]): Promise<number>;
  /** The last recorded job state of a document for a model, or undefined if it never ran. */
  getJobState(slug: string, modelId: string): Promise<JobState | undefined>;
  /** Records (replaces) the job state of a document for a model. */
  putJobState(state: JobState): Promise<void>;
  /** Every recorded job state for a model (the library page shows them all at once). */
  listJobStates(modelId: string): Promise<JobState[]>;
  /** Releases the handle; later calls reject with a StoreError ('closed'). Safe to call twice. */
  close(): Promise<void>;
}

export type StoreErrorCode = 'not_a_database' | 'read_only' | 'cannot_open' | 'newer_schema' | 'closed' | 'failed';

/** A store failure; the message names the database file and what to do about it. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[paralelo:store] ${message}`, options);
    this.name = 'StoreError';
  }
}
