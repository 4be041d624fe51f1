/** The PostgreSQL store's revisions and translation memory: the statements behind appendRevisions and lookups. */
import type pg from 'pg';
import { pgText, pgTextOrNull } from './postgres-connection';
import { lastPerKey, type Queryable } from './postgres-statements';
import { bestMemory, isSameAsLatest, type MemoryCandidate } from './revisions';
import { rowToRevision, type RevisionRow } from './rows';
import type {
  AppendRevisionResult,
  ImportedMemoryEntry,
  MemoryEntry,
  MemoryMatches,
  RevisionAppend,
  RevisionRecord,
} from './types';

/** Rolls back a batch of revisions at its first conflict (see appendRevisions). */
export class ConflictRollback extends Error {
  constructor(
    readonly at: number,
    readonly latest: RevisionRecord | null,
  ) {
    super('conflict');
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

/**
 * Appends a batch of revisions inside the caller's transaction, each checked against its paragraph's latest revision
 * with every paragraph's head locked first; throws ConflictRollback at the first conflict (the caller rolls back).
 */
export async function appendBatch(
  client: pg.PoolClient,
  items: readonly RevisionAppend[],
): Promise<Extract<AppendRevisionResult, { ok: true }>[]> {
  const latest = await lockHeads(client, items);
  const results: Extract<AppendRevisionResult, { ok: true }>[] = [];
  for (const [at, item] of items.entries()) {
    const result = await appendOne(client, item, latest);
    if (!result.ok) throw new ConflictRollback(at, result.latest);
    results.push(result);
  }
  return results;
}

/**
 * Locks the head row of every paragraph of the batch, creating it if needed, in (slug, index) order so two batches
 * never wait on each other in a cycle, and returns each one's latest revision id. Until this transaction ends,
 * every other save of those paragraphs waits here, before its version check: the check and the insert below
 * cannot interleave with another writer, in this process or any other.
 */
async function lockHeads(client: pg.PoolClient, items: readonly RevisionAppend[]): Promise<Map<string, number | null>> {
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
async function appendOne(
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

/** Translation-memory targets for the keys, both levels from one statement (one snapshot): see Store.lookupMemory. */
export async function lookupMemoryIn(
  db: Queryable,
  paragraphKeys: readonly string[],
  sentenceKeys: readonly string[],
): Promise<MemoryMatches> {
  const paragraphs = [...new Set(paragraphKeys.map(pgText))];
  const sentences = [...new Set(sentenceKeys.map(pgText))];
  if (paragraphs.length === 0 && sentences.length === 0) return { paragraphs: new Map(), sentences: new Map() };
  const { rows } = await db.query<{
    level: MemoryEntry['level'];
    source_key: string;
    target: string;
    approved: boolean;
    ord: number;
    imported: boolean;
  }>(
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

/** Stores imported pairs in one statement; the same origin again replaces its pairs (see Store.importMemory). */
export async function importMemoryInto(
  db: Queryable,
  entries: readonly ImportedMemoryEntry[],
  origin: string,
): Promise<{ stored: number }> {
  if (entries.length === 0) return { stored: 0 };
  const unique = lastPerKey(
    entries.map((e) => ({ ...e, sourceKey: pgText(e.sourceKey), target: pgText(e.target) })),
    (e) => `${e.level}\u0000${e.sourceKey}`,
  );
  await db.query(
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
