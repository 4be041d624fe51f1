import type pg from 'pg';
import { pgText, pgTextOrNull } from './postgres-connection';
import { finiteScore, jobStateParams } from './rows';
import type { JobState, MachineScore, MachineTranslationEntry } from './types';

/** Something that runs a statement: the pool, or one connection inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** The last of each key wins, as it would with one upsert per entry; the rest in key order. */
export function lastPerKey<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(keyOf(item), item);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
}

/** Caches machine translations in one statement (an existing key is overwritten). */
export async function upsertTranslations(
  db: Queryable,
  modelId: string,
  entries: readonly MachineTranslationEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  // In key order: two writers upserting overlapping keys then lock rows in the same order and cannot deadlock.
  const unique = lastPerKey(
    entries.map((e) => ({ sourceKey: pgText(e.sourceKey), target: pgText(e.target), score: finiteScore(e.score) })),
    (e) => e.sourceKey,
  );
  await db.query(
    `INSERT INTO machine_translations (model_id, source_key, target, updated_at, mean_logprob, min_logprob)
     SELECT $1, k, t, $4, m, n FROM unnest($2::text[], $3::text[], $5::float8[], $6::float8[]) AS u (k, t, m, n)
     ON CONFLICT (model_id, source_key) DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at,
       mean_logprob = excluded.mean_logprob, min_logprob = excluded.min_logprob`,
    [
      pgText(modelId),
      unique.map((e) => e.sourceKey),
      unique.map((e) => e.target),
      Date.now(),
      unique.map((e) => e.score?.meanLogProb ?? null),
      unique.map((e) => e.score?.minLogProb ?? null),
    ],
  );
}

/** Records (replaces) the job state of a document for a model. */
export async function upsertJobState(db: Queryable, state: JobState): Promise<void> {
  const p = jobStateParams(state);
  await db.query(
    `INSERT INTO translation_jobs (slug, model_id, status, done, total, error_code, error_message, updated_at, run_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (slug, model_id) DO UPDATE SET status = excluded.status, done = excluded.done,
       total = excluded.total, error_code = excluded.error_code, error_message = excluded.error_message,
       updated_at = excluded.updated_at, run_id = excluded.run_id`,
    [
      p.slug,
      pgText(p.modelId),
      p.status,
      p.done,
      p.total,
      pgTextOrNull(p.errorCode),
      pgTextOrNull(p.errorMessage),
      p.updatedAt,
      p.runId,
    ],
  );
}

/** The scores of the given keys' cached translations for a model (keys cached without one are absent). */
export async function selectScores(
  db: Queryable,
  modelId: string,
  sourceKeys: readonly string[],
): Promise<Map<string, MachineScore>> {
  const found = new Map<string, MachineScore>();
  if (sourceKeys.length === 0) return found;
  const { rows } = await db.query<{ source_key: string; mean_logprob: number; min_logprob: number }>(
    `SELECT source_key, mean_logprob, min_logprob FROM machine_translations
     WHERE model_id = $1 AND source_key = ANY($2::text[]) AND mean_logprob IS NOT NULL AND min_logprob IS NOT NULL`,
    [pgText(modelId), [...new Set(sourceKeys.map(pgText))]],
  );
  const byStored = new Map(rows.map((r) => [r.source_key, r]));
  for (const key of sourceKeys) {
    const row = byStored.get(pgText(key));
    if (row) found.set(key, { meanLogProb: Number(row.mean_logprob), minLogProb: Number(row.min_logprob) });
  }
  return found;
}
