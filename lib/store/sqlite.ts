// Over 300 lines: one Store over one better-sqlite3 handle, whose prepared statements and transactions are built
// together in its constructor; queued runs are in sqlite-runs.ts, the rows it reads in rows.ts.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations';
import type { CheckIgnoreMethods } from './check-ignores';
import type { RunMethods } from './runs';
import { sqliteCheckIgnores } from './sqlite-check-ignores';
import type { GlossaryMethods } from './glossary-entries';
import { sqliteGlossary } from './sqlite-glossary';
import { sqliteRuns } from './sqlite-runs';
import { finiteScore, jobStateParams, rowToJobState, rowToRevision, type JobRow, type RevisionRow } from './rows';
import { bestMemory, isSameAsLatest, type MemoryCandidate } from './revisions';
import {
  StoreError,
  type AppendRevisionResult,
  type AppendRevisionsResult,
  type RevisionAppend,
  type ImportedMemoryEntry,
  type JobState,
  type MachineScore,
  type MachineTranslationEntry,
  type MemoryMatches,
  type NewRevision,
  type RevisionRecord,
  type Store,
} from './types';

export interface SqliteStoreOptions {
  /** How long a write waits for another connection's lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/** Bound parameters per IN list: far below SQLite's limit, large enough that 5,000 keys take 10 queries. */
const IN_CHUNK = 500;

/**
 * An IN list of keys padded to a power of two (at most IN_CHUNK) by repeating its last key, which changes no result:
 * statements then come in a few sizes that are each prepared once.
 */
function padInList(keys: string[]): string[] {
  let size = 1;
  while (size < keys.length) size *= 2;
  size = Math.min(size, IN_CHUNK);
  const last = keys[keys.length - 1];
  if (last === undefined) return keys;
  while (keys.length < size) keys.push(last);
  return keys;
}

const marksFor = (keys: readonly string[]): string => new Array<string>(keys.length).fill('?').join(', ');

function sqliteCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : '';
}

/** Turns a better-sqlite3 failure into a StoreError whose message names the file and the fix. */
function explain(error: unknown, dbPath: string, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = sqliteCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(
      'not_a_database',
      `${dbPath} is not a Paralelo database (${detail}). Move the file aside (a new one is created on the next start) ` +
        'or set PARALELO_DB to another path.',
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return new StoreError(
      'read_only',
      `${dbPath} cannot be written (${detail}). Make the file and its folder writable by this user ` +
        `(the -wal and -shm files are created beside it), or set PARALELO_DB to a writable path.`,
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreError(
      'cannot_open',
      `${dbPath} cannot be opened (${detail}). Check that its folder exists and is writable, or set PARALELO_DB.`,
      { cause: error },
    );
  }
  return new StoreError('failed', `${doing} failed on ${dbPath}: ${detail}`, { cause: error });
}

/** Opens (creating if needed) the SQLite database at dbPath, migrated to the latest schema. Throws StoreError. */
export function openSqliteStore(dbPath: string, options: SqliteStoreOptions = {}): Store {
  const inMemory = dbPath === ':memory:';
  const file = inMemory ? dbPath : path.resolve(dbPath);
  let db: Database.Database;
  if (!inMemory) {
    const folder = path.dirname(file);
    try {
      fs.mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw new StoreError(
        'cannot_open',
        `cannot create the folder ${folder} for the database ${file} (${sqliteCode(error) || String(error)}). ` +
          'Create it with write permission for this user, or set PARALELO_DB to a writable path.',
        { cause: error },
      );
    }
  }
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (error) {
    throw explain(error, file, 'opening');
  }
  try {
    // The first statement reads the header: this is where a non-database file is found out.
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    // NORMAL is durable across application crashes in WAL mode; only a power cut can lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, file);
    return new SqliteStore(db, file);
  } catch (error) {
    db.close();
    throw explain(error, file, 'opening');
  }
}

/** Thrown inside appendAllTransaction to roll back every revision of the batch when one of them conflicts. */
class ConflictRollback extends Error {
  constructor(
    readonly at: number,
    readonly latest: RevisionRecord | null,
  ) {
    super('conflict');
  }
}

// The queued runs', the QA ignores' and the glossary's methods come from sqliteRuns, sqliteCheckIgnores and
// sqliteGlossary, assigned in the constructor: declared here by merging.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the constructor assigns them
interface SqliteStore extends RunMethods, CheckIgnoreMethods, GlossaryMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private closed = false;
  private readonly statements;
  private readonly writeTranslations;
  private readonly revisionStatements;
  private readonly appendTransaction;
  private readonly appendAllTransaction;

  constructor(
    private readonly db: Database.Database,
    private readonly dbPath: string,
  ) {
    this.statements = {
      upsertTranslation: db.prepare(
        `INSERT INTO machine_translations (model_id, source_key, target, updated_at, mean_logprob, min_logprob)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (model_id, source_key) DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at,
           mean_logprob = excluded.mean_logprob, min_logprob = excluded.min_logprob`,
      ),
      selectChunk: this.selectTranslations(IN_CHUNK),
      getJob: db.prepare<[string, string], JobRow>('SELECT * FROM translation_jobs WHERE slug = ? AND model_id = ?'),
      listJobs: db.prepare<[string], JobRow>('SELECT * FROM translation_jobs WHERE model_id = ? ORDER BY slug'),
      putJob: db.prepare(
        `INSERT INTO translation_jobs (slug, model_id, status, done, total, error_code, error_message, updated_at,
           run_id)
         VALUES (@slug, @modelId, @status, @done, @total, @errorCode, @errorMessage, @updatedAt, @runId)
         ON CONFLICT (slug, model_id) DO UPDATE SET status = excluded.status, done = excluded.done,
           total = excluded.total, error_code = excluded.error_code, error_message = excluded.error_message,
           updated_at = excluded.updated_at, run_id = excluded.run_id`,
      ),
    };
    this.revisionStatements = {
      latest: db.prepare<[string, number], RevisionRow>(
        'SELECT * FROM revisions WHERE slug = ? AND paragraph_index = ? ORDER BY id DESC LIMIT 1',
      ),
      bySaveId: db.prepare<[string, number, string], RevisionRow>(
        'SELECT * FROM revisions WHERE slug = ? AND paragraph_index = ? AND client_save_id = ?',
      ),
      byId: db.prepare<[string, number, number], RevisionRow>(
        'SELECT * FROM revisions WHERE slug = ? AND paragraph_index = ? AND id = ?',
      ),
      // SQLite fills the bare columns of a max() aggregate from the row holding the maximum.
      latestOfDocument: db.prepare<[string], RevisionRow & { last: number }>(
        'SELECT *, max(id) AS last FROM revisions WHERE slug = ? GROUP BY paragraph_index',
      ),
      list: db.prepare<[string, number, number, number], RevisionRow>(
        'SELECT * FROM revisions WHERE slug = ? AND paragraph_index = ? AND id < ? ORDER BY id DESC LIMIT ?',
      ),
      insert: db.prepare(
        `INSERT INTO revisions (slug, paragraph_index, text, status, author, created_at, base_revision_id, kind,
           source_text, source_hash, machine_text, model_id, client_save_id)
         VALUES (@slug, @paragraphIndex, @text, @status, @author, @createdAt, @baseRevisionId, @kind,
           @sourceText, @sourceHash, @machineText, @modelId, @clientSaveId)`,
      ),
      forgetMemory: db.prepare('DELETE FROM translation_memory WHERE slug = ? AND paragraph_index = ?'),
      remember: db.prepare(
        `INSERT OR REPLACE INTO translation_memory (level, source_key, slug, paragraph_index, target, approved, revision_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    const rs = this.revisionStatements;
    this.appendTransaction = db.transaction(
      (revision: NewRevision, expectedBaseId: number | null): AppendRevisionResult => {
        // A replay is recognised before the version check: the first attempt has moved the version on.
        const earlier = rs.bySaveId.get(revision.slug, revision.paragraphIndex, revision.clientSaveId);
        if (earlier) return { ok: true, kind: 'replayed', revision: rowToRevision(earlier) };
        const latestRow = rs.latest.get(revision.slug, revision.paragraphIndex);
        const latest = latestRow ? rowToRevision(latestRow) : null;
        if ((latest?.id ?? null) !== expectedBaseId) return { ok: false, code: 'conflict', latest };
        if (latest && isSameAsLatest(revision, latest)) return { ok: true, kind: 'unchanged', revision: latest };
        const { memory, ...fields } = revision;
        const id = Number(rs.insert.run({ ...fields, baseRevisionId: latest?.id ?? null }).lastInsertRowid);
        // The memory holds what each paragraph's latest revision says, so the previous pairs go.
        rs.forgetMemory.run(revision.slug, revision.paragraphIndex);
        const approved = revision.status === 'approved' ? 1 : 0;
        for (const m of memory) {
          rs.remember.run(m.level, m.sourceKey, revision.slug, revision.paragraphIndex, m.target, approved, id);
        }
        return { ok: true, kind: 'saved', revision: { ...fields, baseRevisionId: latest?.id ?? null, id } };
      },
    );
    // Each append inside is a savepoint of this transaction; a conflict throws to roll every one of them back.
    this.appendAllTransaction = db.transaction((items: readonly RevisionAppend[]) =>
      items.map((item, at) => {
        const result = this.appendTransaction(item.revision, item.expectedBaseId);
        if (!result.ok) throw new ConflictRollback(at, result.latest);
        return result;
      }),
    );
    const upsert = this.statements.upsertTranslation;
    this.writeTranslations = db.transaction((modelId: string, entries: readonly MachineTranslationEntry[]) => {
      const now = Date.now();
      for (const e of entries) {
        const score = finiteScore(e.score);
        upsert.run(modelId, e.sourceKey, e.target, now, score?.meanLogProb ?? null, score?.minLogProb ?? null);
      }
    });
    Object.assign(
      this,
      sqliteRuns(
        db,
        (doing, fn) => this.run(doing, fn),
        (params) => this.statements.putJob.run(params),
        (modelId, entries) => this.writeTranslations(modelId, entries),
      ),
      sqliteCheckIgnores(db, (doing, fn) => this.run(doing, fn)),
      sqliteGlossary(db, (doing, fn) => this.run(doing, fn)),
    );
  }

  private selectTranslations(count: number) {
    const marks = new Array<string>(count).fill('?').join(', ');
    return this.db.prepare<string[], { source_key: string; target: string }>(
      `SELECT source_key, target FROM machine_translations WHERE model_id = ? AND source_key IN (${marks})`,
    );
  }

  // Statements with an IN list of a padded size (see padInList), prepared once per text: preparing one per call was
  // most of a small lookup's cost (an event stream's page of paragraphs, 200 streams opened at once).
  private readonly inListStatements = new Map<string, Database.Statement<unknown[], unknown>>();

  private inListStatement(sql: string): Database.Statement<unknown[], unknown> {
    let statement = this.inListStatements.get(sql);
    if (!statement) this.inListStatements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  async translationVersion(): Promise<string> {
    return this.run('reading the translations version', () => {
      const row = this.db.prepare<[], { n: number }>('SELECT n FROM translation_version WHERE id = 1').get();
      return String(row?.n ?? 0);
    });
  }

  private async run<T>(doing: string, fn: () => T): Promise<T> {
    if (this.closed) throw new StoreError('closed', `${doing}: the store for ${this.dbPath} is closed`);
    try {
      return fn();
    } catch (error) {
      throw explain(error, this.dbPath, doing);
    }
  }

  /** Rows for the distinct keys, chunked so no statement exceeds the bound-parameter limit. */
  private lookUp(modelId: string, sourceKeys: readonly string[]): { source_key: string; target: string }[] {
    const keys = [...new Set(sourceKeys)];
    const rows: { source_key: string; target: string }[] = [];
    for (let i = 0; i < keys.length; i += IN_CHUNK) {
      const chunk = padInList(keys.slice(i, i + IN_CHUNK));
      const stmt =
        chunk.length === IN_CHUNK
          ? this.statements.selectChunk
          : this.inListStatement(
              `SELECT source_key, target FROM machine_translations WHERE model_id = ? AND source_key IN (${marksFor(chunk)})`,
            );
      rows.push(...(stmt.all(modelId, ...chunk) as { source_key: string; target: string }[]));
    }
    return rows;
  }

  getMachineTranslations(modelId: string, sourceKeys: readonly string[]): Promise<Map<string, string>> {
    return this.run('reading machine translations', () => {
      // One read transaction so every chunk sees the same snapshot.
      const rows = this.db.transaction(() => this.lookUp(modelId, sourceKeys)).deferred();
      return new Map(rows.map((r) => [r.source_key, r.target]));
    });
  }

  putMachineTranslations(modelId: string, entries: readonly MachineTranslationEntry[]): Promise<void> {
    return this.run('writing machine translations', () => {
      if (entries.length > 0) this.writeTranslations.immediate(modelId, entries);
    });
  }

  getMachineScores(modelId: string, sourceKeys: readonly string[]): Promise<Map<string, MachineScore>> {
    return this.run('reading machine scores', () => {
      const keys = [...new Set(sourceKeys)];
      const found = new Map<string, MachineScore>();
      this.db
        .transaction(() => {
          for (let i = 0; i < keys.length; i += IN_CHUNK) {
            const chunk = keys.slice(i, i + IN_CHUNK);
            const marks = new Array<string>(chunk.length).fill('?').join(', ');
            const rows = this.db
              .prepare<string[], { source_key: string; mean_logprob: number | null; min_logprob: number | null }>(
                `SELECT source_key, mean_logprob, min_logprob FROM machine_translations
                 WHERE model_id = ? AND source_key IN (${marks}) AND mean_logprob IS NOT NULL`,
              )
              .all(modelId, ...chunk);
            for (const r of rows) {
              if (r.mean_logprob === null || r.min_logprob === null) continue;
              found.set(r.source_key, { meanLogProb: r.mean_logprob, minLogProb: r.min_logprob });
            }
          }
        })
        .deferred();
      return found;
    });
  }

  countMachineTranslations(modelId: string, sourceKeys: readonly string[]): Promise<number> {
    return this.run('counting machine translations', () =>
      this.db.transaction(() => this.lookUp(modelId, sourceKeys).length).deferred(),
    );
  }

  getJobState(slug: string, modelId: string): Promise<JobState | undefined> {
    return this.run('reading a job state', () => {
      const row = this.statements.getJob.get(slug, modelId);
      return row ? rowToJobState(row) : undefined;
    });
  }

  putJobState(state: JobState): Promise<void> {
    return this.run('writing a job state', () => {
      // A single statement is its own transaction; IMMEDIATE matters only for read-then-write transactions.
      this.statements.putJob.run(jobStateParams(state));
    });
  }

  listJobStates(modelId: string): Promise<JobState[]> {
    return this.run('listing job states', () => this.statements.listJobs.all(modelId).map(rowToJobState));
  }

  async appendRevision(revision: NewRevision, expectedBaseId: number | null): Promise<AppendRevisionResult> {
    const result = await this.appendRevisions([{ revision, expectedBaseId }]);
    return result.ok ? result.results[0]! : { ok: false, code: 'conflict', latest: result.latest };
  }

  appendRevisions(items: readonly RevisionAppend[]): Promise<AppendRevisionsResult> {
    return this.run('saving revisions', () => {
      const attempt = (): AppendRevisionsResult => {
        try {
          // IMMEDIATE takes the write lock before the version checks, so two writers cannot both pass them.
          return { ok: true, results: this.appendAllTransaction.immediate(items) };
        } catch (error) {
          if (error instanceof ConflictRollback)
            return { ok: false, code: 'conflict', at: error.at, latest: error.latest };
          throw error;
        }
      };
      try {
        return attempt();
      } catch (error) {
        // Another connection inserted the same clientSaveId between our read and our insert: once more, and the
        // replay check inside the transaction finds that revision.
        if (sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE') return attempt();
        throw error;
      }
    });
  }

  latestRevisions(slug: string): Promise<Map<number, RevisionRecord>> {
    return this.run('reading revisions', () => {
      const rows = this.revisionStatements.latestOfDocument.all(slug);
      return new Map(rows.map((r) => [r.paragraph_index, rowToRevision(r)]));
    });
  }

  listRevisions(
    slug: string,
    paragraphIndex: number,
    options: { limit: number; beforeId?: number },
  ): Promise<RevisionRecord[]> {
    return this.run('listing revisions', () =>
      this.revisionStatements.list
        .all(slug, paragraphIndex, options.beforeId ?? Number.MAX_SAFE_INTEGER, Math.max(0, options.limit))
        .map(rowToRevision),
    );
  }

  getRevision(slug: string, paragraphIndex: number, id: number): Promise<RevisionRecord | undefined> {
    return this.run('reading a revision', () => {
      const row = this.revisionStatements.byId.get(slug, paragraphIndex, id);
      return row ? rowToRevision(row) : undefined;
    });
  }

  lookupMemory(paragraphKeys: readonly string[], sentenceKeys: readonly string[]): Promise<MemoryMatches> {
    return this.run('reading translation memory', () =>
      this.db
        .transaction(() => ({
          paragraphs: this.bestMemory('paragraph', paragraphKeys),
          sentences: this.bestMemory('sentence', sentenceKeys),
        }))
        .deferred(),
    );
  }

  /** The best target per key among local revisions and imported files (see bestMemory). */
  private bestMemory(level: 'paragraph' | 'sentence', sourceKeys: readonly string[]): Map<string, string> {
    const keys = [...new Set(sourceKeys)];
    const candidates: MemoryCandidate[] = [];
    for (let i = 0; i < keys.length; i += IN_CHUNK) {
      const chunk = padInList(keys.slice(i, i + IN_CHUNK));
      const marks = marksFor(chunk);
      const rows = this.inListStatement(
        `SELECT source_key, target, approved, revision_id AS ord, 0 AS imported FROM translation_memory
             WHERE level = ? AND source_key IN (${marks})
           UNION ALL
           SELECT source_key, target, approved, id AS ord, 1 AS imported FROM imported_memory
             WHERE level = ? AND source_key IN (${marks})`,
      ).all(level, ...chunk, level, ...chunk) as {
        source_key: string;
        target: string;
        approved: number;
        ord: number;
        imported: number;
      }[];
      for (const r of rows) {
        candidates.push({
          sourceKey: r.source_key,
          target: r.target,
          approved: r.approved === 1,
          imported: r.imported === 1,
          order: r.ord,
        });
      }
    }
    return bestMemory(candidates);
  }

  importMemory(entries: readonly ImportedMemoryEntry[], origin: string): Promise<{ stored: number }> {
    return this.run('importing translation memory', () => {
      const upsert = this.db.prepare(
        `INSERT INTO imported_memory (level, source_key, origin, target, approved, imported_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (level, source_key, origin) DO UPDATE SET target = excluded.target,
           approved = excluded.approved, imported_at = excluded.imported_at`,
      );
      const write = this.db.transaction(() => {
        const now = Date.now();
        for (const e of entries) upsert.run(e.level, e.sourceKey, origin, e.target, e.approved ? 1 : 0, now);
        return { stored: entries.length };
      });
      return write.immediate();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
