import type pg from 'pg';
import {
  describeLocation,
  explainPg,
  openPool,
  pgErrorCode,
  pgText,
  type PostgresLocation,
} from './postgres-connection';
import { migratePostgres } from './postgres-migrations';
import { appendBatch, ConflictRollback, importMemoryInto, lookupMemoryIn } from './postgres-revisions';
import type { CheckIgnoreMethods } from './check-ignores';
import { postgresCheckIgnores } from './postgres-check-ignores';
import type { GlossaryMethods } from './glossary-entries';
import { postgresGlossary } from './postgres-glossary';
import { postgresRuns } from './postgres-runs';
import type { RunMethods } from './runs';
import { selectScores, upsertJobState, upsertTranslations } from './postgres-statements';
import { rowToJobState, rowToRevision, type JobRow, type RevisionRow } from './rows';
import {
  StoreError,
  type AppendRevisionResult,
  type AppendRevisionsResult,
  type ImportedMemoryEntry,
  type JobState,
  type MachineScore,
  type MachineTranslationEntry,
  type MemoryMatches,
  type NewRevision,
  type RevisionAppend,
  type RevisionRecord,
  type Store,
} from './types';

export interface PostgresStoreOptions {
  /** Connections in the pool (default 8): a web instance's requests and a worker's writes share them. */
  poolSize?: number;
}

/**
 * Opens a pooled store on PostgreSQL, creating the schema if needed and migrating it to the latest version.
 * Throws a StoreError whose message names the server (without the password) and what to do.
 */
export async function openPostgresStore(
  location: PostgresLocation,
  options: PostgresStoreOptions = {},
): Promise<Store> {
  const pool = openPool(location, { max: options.poolSize ?? 8, applicationName: 'paralelo store' });
  try {
    const client = await pool.connect();
    try {
      if (location.schema !== 'public') {
        // Two processes creating the same schema at once would collide in the catalog: one at a time.
        await client.query(`SELECT pg_advisory_lock(hashtext('paralelo.create-schema'))`);
        try {
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${location.schema}`);
        } finally {
          await client.query(`SELECT pg_advisory_unlock(hashtext('paralelo.create-schema'))`);
        }
      }
      await migratePostgres(client, describeLocation(location));
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw explainPg(error, location, 'opening');
  }
  return new PostgresStore(pool, location);
}

/** Where a PostgreSQL store keeps its pool for postgresPoolOf. */
const POOL: unique symbol = Symbol.for('paralelo.store.postgres-pool') as never;

/**
 * The connection pool of a PostgreSQL store, or null for any other store: the accounts (lib/access) and the library's
 * documents (lib/content/database-source.ts) of the same database use it rather than open pools of their own.
 */
export function postgresPoolOf(store: Store): pg.Pool | null {
  // By a registered symbol, not instanceof: Next bundles each route with a copy of this module of its own, and the
  // process-wide store may have been made by another copy.
  return (store as Store & { [POOL]?: pg.Pool })[POOL] ?? null;
}

// The queued runs', the QA ignores' and the glossary's methods come from postgresRuns, postgresCheckIgnores and
// postgresGlossary, assigned in the constructor: declared here by merging.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the constructor assigns them
interface PostgresStore extends RunMethods, CheckIgnoreMethods, GlossaryMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  /** Shared with the accounts and the documents of the same database (postgresPoolOf). */
  readonly [POOL]: pg.Pool;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly location: PostgresLocation,
  ) {
    this[POOL] = pool;
    Object.assign(
      this,
      postgresRuns((doing, fn) =>
        this.transaction(doing, fn).catch((error: unknown) => {
          throw explainPg(error, this.location, doing);
        }),
      ),
      postgresCheckIgnores((doing, text, values) => this.query(doing, text, values)),
      postgresGlossary(
        (doing, text, values) => this.query(doing, text, values),
        (doing, fn) =>
          this.transaction(doing, fn).catch((error: unknown) => {
            throw explainPg(error, this.location, doing);
          }),
      ),
    );
  }

  private check(doing: string): void {
    if (this.closed) {
      throw new StoreError('closed', `${doing}: the store for ${describeLocation(this.location)} is closed`);
    }
  }

  private async query<R extends pg.QueryResultRow>(doing: string, text: string, values: unknown[]): Promise<R[]> {
    this.check(doing);
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      throw explainPg(error, this.location, doing);
    }
  }

  /** Runs fn in one READ COMMITTED transaction on one connection; rolls back if it throws. */
  private async transaction<T>(doing: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    this.check(doing);
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw explainPg(error, this.location, doing);
    }
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async translationVersion(): Promise<string> {
    const rows = await this.query<{ n: string }>(
      'reading the translations version',
      'SELECT n FROM translation_version WHERE id = 1',
      [],
    );
    return String(rows[0]?.n ?? '0');
  }

  async getMachineTranslations(modelId: string, sourceKeys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (sourceKeys.length === 0) return found;
    const stored = [...new Set(sourceKeys.map(pgText))];
    // One statement: one snapshot, whatever the number of keys (an array parameter, no IN list to chunk).
    const rows = await this.query<{ source_key: string; target: string }>(
      'reading machine translations',
      'SELECT source_key, target FROM machine_translations WHERE model_id = $1 AND source_key = ANY($2::text[])',
      [pgText(modelId), stored],
    );
    const byStored = new Map(rows.map((r) => [r.source_key, r.target]));
    for (const key of sourceKeys) {
      const target = byStored.get(pgText(key));
      if (target !== undefined) found.set(key, target);
    }
    return found;
  }

  async putMachineTranslations(modelId: string, entries: readonly MachineTranslationEntry[]): Promise<void> {
    this.check('writing machine translations');
    try {
      await upsertTranslations(this.pool, modelId, entries);
    } catch (error) {
      throw explainPg(error, this.location, 'writing machine translations');
    }
  }

  getMachineScores(modelId: string, sourceKeys: readonly string[]): Promise<Map<string, MachineScore>> {
    return this.transaction('reading machine scores', (client) => selectScores(client, modelId, sourceKeys));
  }

  async countMachineTranslations(modelId: string, sourceKeys: readonly string[]): Promise<number> {
    if (sourceKeys.length === 0) return 0;
    const rows = await this.query<{ count: number }>(
      'counting machine translations',
      'SELECT count(*) AS count FROM machine_translations WHERE model_id = $1 AND source_key = ANY($2::text[])',
      [pgText(modelId), [...new Set(sourceKeys.map(pgText))]],
    );
    return rows[0]?.count ?? 0;
  }

  async getJobState(slug: string, modelId: string): Promise<JobState | undefined> {
    const rows = await this.query<JobRow>(
      'reading a job state',
      'SELECT * FROM translation_jobs WHERE slug = $1 AND model_id = $2',
      [slug, pgText(modelId)],
    );
    return rows[0] ? rowToJobState(rows[0]) : undefined;
  }

  async putJobState(state: JobState): Promise<void> {
    this.check('writing a job state');
    try {
      await upsertJobState(this.pool, state);
    } catch (error) {
      throw explainPg(error, this.location, 'writing a job state');
    }
  }

  async listJobStates(modelId: string): Promise<JobState[]> {
    // COLLATE "C": byte order, as SQLite and the memory store sort, whatever the database's locale.
    const rows = await this.query<JobRow>(
      'listing job states',
      'SELECT * FROM translation_jobs WHERE model_id = $1 ORDER BY slug COLLATE "C"',
      [pgText(modelId)],
    );
    return rows.map(rowToJobState);
  }

  async appendRevision(revision: NewRevision, expectedBaseId: number | null): Promise<AppendRevisionResult> {
    const result = await this.appendRevisions([{ revision, expectedBaseId }]);
    return result.ok ? result.results[0]! : { ok: false, code: 'conflict', latest: result.latest };
  }

  async appendRevisions(items: readonly RevisionAppend[]): Promise<AppendRevisionsResult> {
    if (items.length === 0) {
      this.check('saving revisions');
      return { ok: true, results: [] };
    }
    const attempt = () =>
      this.transaction('saving revisions', async (client) => {
        return appendBatch(client, items);
      });
    try {
      try {
        return { ok: true, results: await attempt() };
      } catch (error) {
        // Under the head lock a twin clientSaveId is found by the replay check; should one still slip through,
        // the unique constraint refuses it and once more finds the stored revision.
        if (pgErrorCode(error) === '23505') return { ok: true, results: await attempt() };
        throw error;
      }
    } catch (error) {
      if (error instanceof ConflictRollback) return { ok: false, code: 'conflict', at: error.at, latest: error.latest };
      throw explainPg(error, this.location, 'saving revisions');
    }
  }

  async latestRevisions(slug: string): Promise<Map<number, RevisionRecord>> {
    const rows = await this.query<RevisionRow>(
      'reading revisions',
      `SELECT r.* FROM paragraph_heads h JOIN revisions r ON r.id = h.latest_revision_id WHERE h.slug = $1`,
      [slug],
    );
    return new Map(rows.map((r) => [r.paragraph_index, rowToRevision(r)]));
  }

  async listRevisions(
    slug: string,
    paragraphIndex: number,
    options: { limit: number; beforeId?: number },
  ): Promise<RevisionRecord[]> {
    const rows = await this.query<RevisionRow>(
      'listing revisions',
      `SELECT * FROM revisions WHERE slug = $1 AND paragraph_index = $2 AND id < $3 ORDER BY id DESC LIMIT $4`,
      [slug, paragraphIndex, options.beforeId ?? Number.MAX_SAFE_INTEGER, Math.max(0, options.limit)],
    );
    return rows.map(rowToRevision);
  }

  async getRevision(slug: string, paragraphIndex: number, id: number): Promise<RevisionRecord | undefined> {
    const rows = await this.query<RevisionRow>(
      'reading a revision',
      'SELECT * FROM revisions WHERE slug = $1 AND paragraph_index = $2 AND id = $3',
      [slug, paragraphIndex, id],
    );
    return rows[0] ? rowToRevision(rows[0]) : undefined;
  }

  async lookupMemory(paragraphKeys: readonly string[], sentenceKeys: readonly string[]): Promise<MemoryMatches> {
    this.check('reading translation memory');
    try {
      return await lookupMemoryIn(this.pool, paragraphKeys, sentenceKeys);
    } catch (error) {
      throw explainPg(error, this.location, 'reading translation memory');
    }
  }

  async importMemory(entries: readonly ImportedMemoryEntry[], origin: string): Promise<{ stored: number }> {
    this.check('importing translation memory');
    try {
      return await importMemoryInto(this.pool, entries, origin);
    } catch (error) {
      throw explainPg(error, this.location, 'importing translation memory');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
