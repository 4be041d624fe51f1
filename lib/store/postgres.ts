import type pg from 'pg';
import {
  describeLocation,
  explainPg,
  openPool,
  pgErrorCode,
  pgText,
  pgTextOrNull,
  type PostgresLocation,
} from './postgres-connection';
import { migratePostgres } from './postgres-migrations';
import { postgresRuns } from './postgres-runs';
import { lastPerKey, upsertJobState, upsertTranslations } from './postgres-statements';
import { rowToJobState, rowToRevision, type JobRow, type RevisionRow } from './rows';
import { bestMemory, isSameAsLatest, type MemoryCandidate } from './revisions';
import {
  StoreError,
  type AppendRevisionResult,
  type AppendRevisionsResult,
  type ImportedMemoryEntry,
  type JobState,
  type MachineTranslationEntry,
  type MemoryEntry,
  type MemoryMatches,
  type NewRevision,
  type RevisionAppend,
  type RevisionRecord,
  type RunPlan,
  type Store,
  type WindowClaim,
} from './types';

export interface PostgresStoreOptions {
  /** Connections in the pool (default 8): a web instance's requests and a worker's writes share them. */
  poolSize?: number;
}

/** Rolls back a batch of revisions at its first conflict (see appendRevisions). */
class ConflictRollback extends Error {
  constructor(
    readonly at: number,
    readonly latest: RevisionRecord | null,
  ) {
    super('conflict');
  }
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

class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private closed = false;
  private readonly runs;

  constructor(
    private readonly pool: pg.Pool,
    private readonly location: PostgresLocation,
  ) {
    this.runs = postgresRuns((doing, fn) =>
      this.transaction(doing, fn).catch((error: unknown) => {
        throw explainPg(error, this.location, doing);
      }),
    );
  }

  startRun(plan: RunPlan) {
    return this.runs.startRun(plan);
  }

  claimWindow(runId: string, jobKey: string, worker: string) {
    return this.runs.claimWindow(runId, jobKey, worker);
  }

  commitWindow(claim: WindowClaim, entries: readonly MachineTranslationEntry[], worker: string, now: number) {
    return this.runs.commitWindow(claim, entries, worker, now);
  }

  endRun(runId: string, status: 'cancelled' | 'failed', now: number, failure?: { code: string; message: string }) {
    return this.runs.endRun(runId, status, now, failure);
  }

  prioritizeRun(runId: string, fromIndex: number) {
    return this.runs.prioritizeRun(runId, fromIndex);
  }

  runWindows(runId: string) {
    return this.runs.runWindows(runId);
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
        const latest = await this.lockHeads(client, items);
        const results: Extract<AppendRevisionResult, { ok: true }>[] = [];
        for (const [at, item] of items.entries()) {
          const result = await this.appendOne(client, item, latest);
          if (!result.ok) throw new ConflictRollback(at, result.latest);
          results.push(result);
        }
        return results;
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

  /**
   * Locks the head row of every paragraph of the batch, creating it if needed, in (slug, index) order so two batches
   * never wait on each other in a cycle, and returns each one's latest revision id. Until this transaction ends,
   * every other save of those paragraphs waits here, before its version check: the check and the insert below
   * cannot interleave with another writer, in this process or any other.
   */
  private async lockHeads(
    client: pg.PoolClient,
    items: readonly RevisionAppend[],
  ): Promise<Map<string, number | null>> {
    const keys = lastPerKey(
      items.map((i) => ({ slug: i.revision.slug, index: i.revision.paragraphIndex })),
      (k) => `${k.slug}\u0000${String(k.index).padStart(10, '0')}`,
    );
    const latest = new Map<string, number | null>();
    for (const { slug, index } of keys) {
      // DO UPDATE (a no-op) rather than DO NOTHING: it takes the row lock and returns the row, new or not.
      const { rows } = await client.query<{ latest_revision_id: number | null }>(
        `INSERT INTO paragraph_heads (slug, paragraph_index, latest_revision_id) VALUES ($1, $2, NULL)
         ON CONFLICT (slug, paragraph_index) DO UPDATE SET slug = excluded.slug
         RETURNING latest_revision_id`,
        [slug, index],
      );
      latest.set(headKey(slug, index), rows[0]?.latest_revision_id ?? null);
    }
    return latest;
  }

  /** appendRevision's check and write inside the batch's transaction, with its paragraph's head locked. */
  private async appendOne(
    client: pg.PoolClient,
    { revision, expectedBaseId }: RevisionAppend,
    heads: Map<string, number | null>,
  ): Promise<AppendRevisionResult> {
    const key = headKey(revision.slug, revision.paragraphIndex);
    const headId = heads.get(key) ?? null;
    const { rows } = await client.query<RevisionRow>(
      `SELECT * FROM revisions
       WHERE slug = $1 AND paragraph_index = $2 AND (client_save_id = $3 OR id = $4)`,
      [revision.slug, revision.paragraphIndex, pgText(revision.clientSaveId), headId],
    );
    // A replay is recognised before the version check: the first attempt has moved the version on.
    const earlier = rows.find((r) => r.client_save_id === pgText(revision.clientSaveId));
    if (earlier) return { ok: true, kind: 'replayed', revision: rowToRevision(earlier) };
    const latestRow = rows.find((r) => r.id === headId);
    const latest = latestRow ? rowToRevision(latestRow) : null;
    if ((latest?.id ?? null) !== expectedBaseId) return { ok: false, code: 'conflict', latest };
    if (latest && isSameAsLatest(revision, latest)) return { ok: true, kind: 'unchanged', revision: latest };

    const { memory, ...fields } = revision;
    const pairs = lastPerKey(memory, (m) => `${m.level}\u0000${pgText(m.sourceKey)}`);
    // One statement: the revision, the head moved onto it, and the paragraph's memory pairs replaced (the memory
    // holds what each paragraph's latest revision says). The DELETE and the upsert touch disjoint rows.
    const inserted = await client.query<{ id: number }>(
      `WITH rev AS (
         INSERT INTO revisions (slug, paragraph_index, text, status, author, created_at, base_revision_id, kind,
           source_text, source_hash, machine_text, model_id, client_save_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         RETURNING id
       ), head AS (
         UPDATE paragraph_heads SET latest_revision_id = (SELECT id FROM rev)
         WHERE slug = $1 AND paragraph_index = $2
       ), forget AS (
         DELETE FROM translation_memory
         WHERE slug = $1 AND paragraph_index = $2
           AND (level, source_key) NOT IN (SELECT * FROM unnest($14::text[], $15::text[]))
       ), remember AS (
         INSERT INTO translation_memory (level, source_key, slug, paragraph_index, target, approved, revision_id)
         SELECT l, k, $1, $2, t, $4 = 'approved', (SELECT id FROM rev)
         FROM unnest($14::text[], $15::text[], $16::text[]) AS u (l, k, t)
         ON CONFLICT (level, source_key, slug, paragraph_index) DO UPDATE SET target = excluded.target,
           approved = excluded.approved, revision_id = excluded.revision_id
       )
       SELECT id FROM rev`,
      [
        fields.slug,
        fields.paragraphIndex,
        pgText(fields.text),
        fields.status,
        pgTextOrNull(fields.author),
        fields.createdAt,
        latest?.id ?? null,
        fields.kind,
        pgText(fields.sourceText),
        pgText(fields.sourceHash),
        pgTextOrNull(fields.machineText),
        pgTextOrNull(fields.modelId),
        pgText(fields.clientSaveId),
        pairs.map((m) => m.level),
        pairs.map((m) => pgText(m.sourceKey)),
        pairs.map((m) => pgText(m.target)),
      ],
    );
    const id = inserted.rows[0]!.id;
    heads.set(key, id);
    return { ok: true, kind: 'saved', revision: { ...fields, baseRevisionId: latest?.id ?? null, id } };
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
    const paragraphs = [...new Set(paragraphKeys.map(pgText))];
    const sentences = [...new Set(sentenceKeys.map(pgText))];
    if (paragraphs.length === 0 && sentences.length === 0) {
      this.check('reading translation memory');
      return { paragraphs: new Map(), sentences: new Map() };
    }
    // Both levels in one statement, so they come from one snapshot.
    const rows = await this.query<{
      level: MemoryEntry['level'];
      source_key: string;
      target: string;
      approved: boolean;
      ord: number;
      imported: boolean;
    }>(
      'reading translation memory',
      `WITH wanted (level, source_key) AS (
         SELECT 'paragraph', k FROM unnest($1::text[]) AS k
         UNION ALL SELECT 'sentence', k FROM unnest($2::text[]) AS k
       )
       SELECT m.level, m.source_key, m.target, m.approved, m.revision_id AS ord, false AS imported
         FROM translation_memory m JOIN wanted USING (level, source_key)
       UNION ALL
       SELECT i.level, i.source_key, i.target, i.approved, i.id AS ord, true AS imported
         FROM imported_memory i JOIN wanted USING (level, source_key)`,
      [paragraphs, sentences],
    );
    const candidates = (level: MemoryEntry['level']): MemoryCandidate[] =>
      rows
        .filter((r) => r.level === level)
        .map((r) => ({
          sourceKey: r.source_key,
          target: r.target,
          approved: r.approved,
          imported: r.imported,
          order: r.ord,
        }));
    return {
      paragraphs: mapBack(bestMemory(candidates('paragraph')), paragraphKeys),
      sentences: mapBack(bestMemory(candidates('sentence')), sentenceKeys),
    };
  }

  async importMemory(entries: readonly ImportedMemoryEntry[], origin: string): Promise<{ stored: number }> {
    if (entries.length === 0) {
      this.check('importing translation memory');
      return { stored: 0 };
    }
    const unique = lastPerKey(
      entries.map((e) => ({ ...e, sourceKey: pgText(e.sourceKey), target: pgText(e.target) })),
      (e) => `${e.level}\u0000${e.sourceKey}`,
    );
    await this.query(
      'importing translation memory',
      `INSERT INTO imported_memory (level, source_key, origin, target, approved, imported_at)
       SELECT l, k, $1, t, a, $6 FROM unnest($2::text[], $3::text[], $4::text[], $5::boolean[]) AS u (l, k, t, a)
       ON CONFLICT (level, source_key, origin) DO UPDATE SET target = excluded.target,
         approved = excluded.approved, imported_at = excluded.imported_at`,
      [
        pgText(origin),
        unique.map((e) => e.level),
        unique.map((e) => e.sourceKey),
        unique.map((e) => e.target),
        unique.map((e) => e.approved),
        Date.now(),
      ],
    );
    return { stored: entries.length };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

function headKey(slug: string, index: number): string {
  return `${slug}\u0000${index}`;
}

/** Best matches keyed as the caller asked (a key holding NUL was looked up as stored, with U+FFFD). */
function mapBack(best: Map<string, string>, asked: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const key of asked) {
    const target = best.get(pgText(key));
    if (target !== undefined) found.set(key, target);
  }
  return found;
}
