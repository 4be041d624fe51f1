import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations';
import { StoreError, type JobState, type JobStatus, type MachineTranslationEntry, type Store } from './types';

export interface SqliteStoreOptions {
  /** How long a write waits for another connection's lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/** Bound parameters per IN list: far below SQLite's limit, large enough that 5,000 keys take 10 queries. */
const IN_CHUNK = 500;

interface JobRow {
  slug: string;
  model_id: string;
  status: JobStatus;
  done: number;
  total: number;
  error_code: string | null;
  error_message: string | null;
  updated_at: number;
}

function rowToJobState(row: JobRow): JobState {
  const state: JobState = {
    slug: row.slug,
    modelId: row.model_id,
    status: row.status,
    done: row.done,
    total: row.total,
    updatedAt: row.updated_at,
  };
  if (row.error_code !== null) state.errorCode = row.error_code;
  if (row.error_message !== null) state.errorMessage = row.error_message;
  return state;
}

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

class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private closed = false;
  private readonly statements;
  private readonly writeTranslations;

  constructor(
    private readonly db: Database.Database,
    private readonly dbPath: string,
  ) {
    this.statements = {
      upsertTranslation: db.prepare(
        `INSERT INTO machine_translations (model_id, source_key, target, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (model_id, source_key) DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at`,
      ),
      selectChunk: this.selectTranslations(IN_CHUNK),
      getJob: db.prepare<[string, string], JobRow>('SELECT * FROM translation_jobs WHERE slug = ? AND model_id = ?'),
      listJobs: db.prepare<[string], JobRow>('SELECT * FROM translation_jobs WHERE model_id = ? ORDER BY slug'),
      putJob: db.prepare(
        `INSERT INTO translation_jobs (slug, model_id, status, done, total, error_code, error_message, updated_at)
         VALUES (@slug, @modelId, @status, @done, @total, @errorCode, @errorMessage, @updatedAt)
         ON CONFLICT (slug, model_id) DO UPDATE SET status = excluded.status, done = excluded.done,
           total = excluded.total, error_code = excluded.error_code, error_message = excluded.error_message,
           updated_at = excluded.updated_at`,
      ),
    };
    const upsert = this.statements.upsertTranslation;
    this.writeTranslations = db.transaction((modelId: string, entries: readonly MachineTranslationEntry[]) => {
      const now = Date.now();
      for (const e of entries) upsert.run(modelId, e.sourceKey, e.target, now);
    });
  }

  private selectTranslations(count: number) {
    const marks = new Array<string>(count).fill('?').join(', ');
    return this.db.prepare<string[], { source_key: string; target: string }>(
      `SELECT source_key, target FROM machine_translations WHERE model_id = ? AND source_key IN (${marks})`,
    );
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
      const chunk = keys.slice(i, i + IN_CHUNK);
      const stmt = chunk.length === IN_CHUNK ? this.statements.selectChunk : this.selectTranslations(chunk.length);
      rows.push(...stmt.all(modelId, ...chunk));
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
      const params = {
        slug: state.slug,
        modelId: state.modelId,
        status: state.status,
        done: state.done,
        total: state.total,
        errorCode: state.errorCode ?? null,
        errorMessage: state.errorMessage ?? null,
        updatedAt: state.updatedAt,
      };
      // A single statement is its own transaction; IMMEDIATE matters only for read-then-write transactions.
      this.statements.putJob.run(params);
    });
  }

  listJobStates(modelId: string): Promise<JobState[]> {
    return this.run('listing job states', () => this.statements.listJobs.all(modelId).map(rowToJobState));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
