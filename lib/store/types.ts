/**
 * The Store: everything Paralelo derives or edits, kept apart from the content/ files (the source of truth for
 * source text). SQLite (better-sqlite3, synchronous underneath) is the embedded default, PostgreSQL (postgres.ts,
 * PARALELO_DATABASE_URL) the team server's, and memory.ts serves tests.
 */

/**
 * How sure the model was of one cached output: the mean and the minimum natural-log probability of the tokens it
 * chose (lib/mt TranslationScore). Not a quality estimate; see the README's "Check this sentence".
 */
export interface MachineScore {
  meanLogProb: number;
  minLogProb: number;
}

/**
 * One machine translation to cache: the normalized source sentence (normalizeSentenceKey), the model's output and,
 * when the engine gave one, its score. Writing an entry without a score clears the key's old score: it belonged to
 * the old output.
 */
export interface MachineTranslationEntry {
  sourceKey: string;
  target: string;
  score?: MachineScore | null;
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
  /** The queued run this state belongs to (startRun); absent for a job run inside one process. */
  runId?: string;
}

/** A paragraph's review state once a human saved it. */
export type RevisionStatusValue = 'edited' | 'approved';

/**
 * What made a revision: a save, a revert to an older revision, taking/dismissing a machine suggestion, importing a
 * published translation, or fixing where an imported paragraph starts and ends (align).
 */
export type RevisionKind = 'save' | 'revert' | 'suggestion' | 'import' | 'align';

/** One stored revision of a paragraph's English (append-only: never updated, never deleted). */
export interface RevisionRecord {
  id: number;
  slug: string;
  paragraphIndex: number;
  text: string;
  status: RevisionStatusValue;
  author: string | null;
  /** Milliseconds since the epoch. */
  createdAt: number;
  baseRevisionId: number | null;
  kind: RevisionKind;
  /** The source paragraph the revision was made against, and a hash of its normalized form (for sourceChanged). */
  sourceText: string;
  sourceHash: string;
  /** The machine translation current when it was saved, and the model that made it. */
  machineText: string | null;
  modelId: string | null;
  /** The client's id for this save: a retry with the same id returns this revision instead of adding another. */
  clientSaveId: string;
}

/** One translation-memory pair recorded with a revision: a normalized source key and its human target. */
export interface MemoryEntry {
  level: 'paragraph' | 'sentence';
  sourceKey: string;
  target: string;
}

/** A revision to append, with the translation-memory pairs it yields (written in the same transaction). */
export interface NewRevision extends Omit<RevisionRecord, 'id'> {
  memory: readonly MemoryEntry[];
}

/**
 * The outcome of appendRevision: saved (a new revision), replayed (this clientSaveId was already saved for the
 * paragraph: the earlier revision, nothing written), unchanged (identical to the latest revision: nothing written),
 * or conflict (the paragraph's latest revision is not the expected base: nothing written).
 */
export type AppendRevisionResult =
  | { ok: true; kind: 'saved' | 'replayed' | 'unchanged'; revision: RevisionRecord }
  | { ok: false; code: 'conflict'; latest: RevisionRecord | null };

/** One revision of appendRevisions, with the version it was made from. */
export interface RevisionAppend {
  revision: NewRevision;
  expectedBaseId: number | null;
}

/**
 * The outcome of appendRevisions: every revision's own outcome (saved, replayed or unchanged), or the first
 * conflict (item `at` was not made from its paragraph's latest revision), and then nothing at all was written.
 */
export type AppendRevisionsResult =
  | { ok: true; results: Extract<AppendRevisionResult, { ok: true }>[] }
  | { ok: false; code: 'conflict'; at: number; latest: RevisionRecord | null };

/** A translation-memory pair read from a TMX, XLIFF or PO file (no revision behind it). */
export interface ImportedMemoryEntry extends MemoryEntry {
  /** Final/approved in the file. */
  approved: boolean;
}

/** The best translation-memory targets found, per normalized source key. */
export interface MemoryMatches {
  paragraphs: Map<string, string>;
  sentences: Map<string, string>;
}

/** One paragraph of a queued window: its index and the cache keys of its sentences (normalizeSentenceKey). */
export interface WindowParagraph {
  index: number;
  keys: string[];
}

/**
 * A document's translation run for the job queue, planned as windows that workers claim one at a time. Every
 * paragraph not yet translated when it was planned is in exactly one window.
 */
export interface RunPlan {
  /** Chosen by the caller: the queue's jobs carry it. */
  runId: string;
  slug: string;
  modelId: string;
  /** Paragraphs of the document, and how many of them were already translated. */
  total: number;
  done: number;
  /** In translation order: the first is claimed first (prioritizeRun may reorder those not claimed yet). */
  windows: WindowParagraph[][];
  /** Milliseconds since the epoch. */
  startedAt: number;
}

/** One window of a run as stored: who holds it, how often it was claimed, who committed it. */
export interface WindowRecord {
  runId: string;
  /** Its number in the plan (0 is the first planned). */
  window: number;
  paragraphs: WindowParagraph[];
  /** The queue job it is bound to, once claimed. */
  jobKey: string | null;
  /** How many times it was claimed: more than 1 after a worker died or timed out holding it. */
  attempts: number;
  claimedBy: string | null;
  committedBy: string | null;
  /** Milliseconds since the epoch. */
  committedAt: number | null;
}

/** A window held by one worker for one queue job; the token fences its commit against a later claim. */
export interface WindowClaim {
  runId: string;
  slug: string;
  modelId: string;
  window: number;
  paragraphs: WindowParagraph[];
  token: string;
  /** 1 on the first claim of the window, 2 after one retry, and so on. */
  attempt: number;
}

/**
 * claimWindow's outcome: a window to translate; the window this job already committed (its worker stopped after
 * committing and before the queue heard it: nothing to translate again); none (the run is over, superseded, or
 * every window is taken); or unknown (no window was ever recorded for this run id).
 */
export type ClaimWindowResult =
  | { status: 'claimed'; claim: WindowClaim }
  | { status: 'committed'; window: WindowRecord; state: JobState }
  | { status: 'none' }
  | { status: 'unknown' };

/**
 * commitWindow's outcome: written (the state after it), or nothing written because the window was claimed again
 * or committed since this claim (stale), or the run is no longer the document's running run (ended).
 */
export type CommitWindowResult = { ok: true; state: JobState } | { ok: false; reason: 'stale' | 'ended' };

/**
 * Notifications a run's write sends from inside its own transaction, made from the run's state after it. PostgreSQL
 * delivers notifications in commit order, and the writes of one run are decided one after another (its row lock), so
 * what one commit announces reaches every listener before what a later commit announces: a run's "done" never
 * overtakes another worker's last paragraphs. Only a store that sends notifications (kind 'postgres') takes one.
 */
export interface RunNotice {
  /** The LISTEN channel (lib/jobs/pg-events.ts eventChannel). */
  channel: string;
  /** The payloads to send, in order, given the run's state after the write. */
  payloads(state: JobState): string[];
}

/**
 * One QA finding's occurrence ignored (or ignored no longer), kept as an event: never updated, never deleted, so the
 * paragraph's history shows who ignored what and when. The latest event of an occurrence decides.
 */
export interface CheckIgnoreEvent {
  id: number;
  slug: string;
  paragraphIndex: number;
  /** The finding's key within its paragraph (lib/checks Finding.key). */
  findingKey: string;
  /** True: ignored from now on; false: the ignore is taken back. */
  ignored: boolean;
  author: string | null;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

export type NewCheckIgnoreEvent = Omit<CheckIgnoreEvent, 'id'>;

/** A glossary entry as the library keeps it (lib/glossary GlossaryEntry, with who changed it last and when). */
export interface StoredGlossaryEntry {
  id: number;
  term: string;
  forms: string[];
  english: string[];
  forbidden: string[];
  note?: string;
  author: string | null;
  /** Milliseconds since the epoch. */
  updatedAt: number;
}

/** An entry to write: the glossary's fields, already checked (lib/glossary validEntry). */
export type GlossaryEntryInput = Omit<StoredGlossaryEntry, 'id'>;

export interface Store {
  /** Which adapter this is, for diagnostics. */
  readonly kind: 'sqlite' | 'postgres' | 'memory';
  /** Cached machine translations of the given keys for a model; keys without one are absent from the map. */
  getMachineTranslations(modelId: string, sourceKeys: readonly string[]): Promise<Map<string, string>>;
  /** Caches machine translations in one transaction; an existing key is overwritten (idempotent upsert). */
  putMachineTranslations(modelId: string, entries: readonly MachineTranslationEntry[]): Promise<void>;
  /** The scores of the given keys' cached translations for a model; keys cached without a score are absent. */
  getMachineScores(modelId: string, sourceKeys: readonly string[]): Promise<Map<string, MachineScore>>;
  /** How many of the given (distinct) keys have a cached translation for the model. */
  countMachineTranslations(modelId: string, sourceKeys: readonly string[]): Promise<number>;
  /** The last recorded job state of a document for a model, or undefined if it never ran. */
  getJobState(slug: string, modelId: string): Promise<JobState | undefined>;
  /** Records (replaces) the job state of a document for a model. */
  putJobState(state: JobState): Promise<void>;
  /** Every recorded job state for a model (the library page shows them all at once). */
  listJobStates(modelId: string): Promise<JobState[]>;
  /**
   * Appends a revision if the paragraph's latest revision id is still expectedBaseId (null: no revision yet), in one
   * write transaction (check and insert cannot interleave with another writer), and replaces the paragraph's
   * translation-memory pairs with the new ones. See AppendRevisionResult for the outcomes.
   */
  appendRevision(revision: NewRevision, expectedBaseId: number | null): Promise<AppendRevisionResult>;
  /**
   * Appends revisions of several paragraphs as one change (an alignment fix rewrites two): each is checked as by
   * appendRevision, all in one write transaction; when one conflicts, none is written.
   */
  appendRevisions(items: readonly RevisionAppend[]): Promise<AppendRevisionsResult>;
  /** The latest revision of every paragraph of a document that has one, by paragraph index. */
  latestRevisions(slug: string): Promise<Map<number, RevisionRecord>>;
  /** A paragraph's revisions newest first: at most `limit`, only ids below `beforeId` when given (paging). */
  listRevisions(
    slug: string,
    paragraphIndex: number,
    options: { limit: number; beforeId?: number },
  ): Promise<RevisionRecord[]>;
  /** One revision of a paragraph by id, or undefined (also when the id belongs to another paragraph). */
  getRevision(slug: string, paragraphIndex: number, id: number): Promise<RevisionRecord | undefined>;
  /**
   * Translation-memory targets for the given keys, across documents: approved beats edited, newest beats older, and
   * at the same approval this machine's revisions beat imported files.
   */
  lookupMemory(paragraphKeys: readonly string[], sentenceKeys: readonly string[]): Promise<MemoryMatches>;
  /** Stores pairs imported from a file in one transaction; importing the same file (origin) again replaces its pairs. */
  importMemory(entries: readonly ImportedMemoryEntry[], origin: string): Promise<{ stored: number }>;
  /**
   * Records a queued run and its windows as the document's running job, unless one is running already (then
   * nothing is written and its state comes back with started false). The windows of the run it replaces are
   * deleted.
   */
  startRun(plan: RunPlan): Promise<{ started: boolean; state: JobState }>;
  /**
   * Gives queue job `jobKey` a window of the run: the one it was given before if it has one (a retried job, with a
   * new token), else the next unclaimed one in order. See ClaimWindowResult.
   */
  claimWindow(runId: string, jobKey: string, worker: string): Promise<ClaimWindowResult>;
  /**
   * In one transaction, if the claim still holds and the run still runs: caches the window's machine translations,
   * marks the window committed by `worker`, and counts its paragraphs done (the run is done after its last window);
   * a notice is sent in that transaction, only if the window is written.
   */
  commitWindow(
    claim: WindowClaim,
    entries: readonly MachineTranslationEntry[],
    worker: string,
    now: number,
    notice?: RunNotice,
  ): Promise<CommitWindowResult>;
  /**
   * Ends the document's running run as cancelled or failed; undefined (nothing written) if it is not running. A notice
   * is sent in the same transaction, only if the run is ended.
   */
  endRun(
    runId: string,
    status: 'cancelled' | 'failed',
    now: number,
    failure?: { code: string; message: string },
    notice?: RunNotice,
  ): Promise<JobState | undefined>;
  /**
   * Puts the unclaimed windows holding paragraphs from `fromIndex` on first (reading order), then the others, as
   * TranslationJobs.prioritize does; false if the run is not running.
   */
  prioritizeRun(runId: string, fromIndex: number): Promise<boolean>;
  /** The windows of a run by number (empty once a later run replaced it). */
  runWindows(runId: string): Promise<WindowRecord[]>;
  /** Appends an ignore (or un-ignore) event of a QA finding and returns it with its id. */
  recordCheckIgnore(event: NewCheckIgnoreEvent): Promise<CheckIgnoreEvent>;
  /** A document's ignore events, oldest first; only one paragraph's when `paragraphIndex` is given. */
  listCheckIgnores(slug: string, paragraphIndex?: number): Promise<CheckIgnoreEvent[]>;
  /** The library's glossary, by term. */
  listGlossary(): Promise<StoredGlossaryEntry[]>;
  /**
   * Writes entries in one transaction: an entry whose term the glossary has replaces it, the others are added.
   * Returns how many of each; a term given twice is one entry, the last one's values.
   */
  upsertGlossaryEntries(entries: readonly GlossaryEntryInput[]): Promise<{ added: number; updated: number }>;
  /** Rewrites one entry; undefined when there is none with that id, 'exists' when another entry has its term. */
  updateGlossaryEntry(id: number, entry: GlossaryEntryInput): Promise<StoredGlossaryEntry | 'exists' | undefined>;
  /** Deletes one entry; false when there was none with that id. */
  deleteGlossaryEntry(id: number): Promise<boolean>;
  /**
   * A version of what a document's current English and its memory matches are made of (revisions, machine
   * translations, translation memory): it changes with every write of them, through any handle on the same data
   * (another server on the same PostgreSQL too). Read it before the data it versions: those are then never older
   * than it. One row: cheap enough to ask on every request (the findings cache's key).
   */
  translationVersion(): Promise<string>;
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
