import type pg from 'pg';
import { byTerm, lastOfEachTerm, rowToGlossaryEntry, type GlossaryMethods, type GlossaryRow } from './glossary-entries';

type Query = <R extends pg.QueryResultRow>(doing: string, text: string, values: unknown[]) => Promise<R[]>;
type Transaction = <T>(doing: string, fn: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

const COLUMNS = 'term, forms, english, forbidden, note, author, updated_at';

/** The PostgreSQL store's glossary: an import is one statement (INSERT … ON CONFLICT), an edit one transaction. */
export function postgresGlossary(query: Query, transaction: Transaction): GlossaryMethods {
  return {
    listGlossary: async () =>
      (await query<GlossaryRow>('reading the glossary', 'SELECT * FROM glossary_entries', []))
        .map(rowToGlossaryEntry)
        .sort(byTerm),
    upsertGlossaryEntries: async (entries) => {
      if (entries.length === 0) return { added: 0, updated: 0 };
      // One row per term (ON CONFLICT cannot touch a row twice in one statement).
      const unique = lastOfEachTerm(entries);
      // xmax = 0 on a row this statement inserted, not on one it updated.
      const rows = await query<{ inserted: boolean }>(
        'writing glossary entries',
        `INSERT INTO glossary_entries (${COLUMNS})
         SELECT e.term, e.forms, e.english, e.forbidden, e.note, e.author, e.updated_at
         FROM jsonb_to_recordset($1::jsonb) AS e (term text, forms jsonb, english jsonb, forbidden jsonb, note text,
           author text, updated_at bigint)
         ON CONFLICT (term) DO UPDATE SET forms = excluded.forms, english = excluded.english,
           forbidden = excluded.forbidden, note = excluded.note, author = excluded.author,
           updated_at = excluded.updated_at
         RETURNING (xmax = 0) AS inserted`,
        [
          JSON.stringify(
            unique.map((e) => ({
              term: e.term,
              forms: e.forms,
              english: e.english,
              forbidden: e.forbidden,
              note: e.note ?? null,
              author: e.author,
              updated_at: e.updatedAt,
            })),
          ),
        ],
      );
      const added = rows.filter((r) => r.inserted).length;
      return { added, updated: unique.length - added };
    },
    updateGlossaryEntry: (id, e) =>
      transaction('changing a glossary entry', async (client) => {
        const mine = await client.query('SELECT id FROM glossary_entries WHERE id = $1 FOR UPDATE', [id]);
        if (mine.rowCount === 0) return undefined;
        const other = await client.query<{ id: string }>('SELECT id FROM glossary_entries WHERE term = $1', [e.term]);
        if (other.rows[0] && Number(other.rows[0].id) !== id) return 'exists' as const;
        const { rows } = await client.query<GlossaryRow>(
          `UPDATE glossary_entries SET term = $2, forms = $3, english = $4, forbidden = $5, note = $6, author = $7,
             updated_at = $8 WHERE id = $1 RETURNING *`,
          [
            id,
            e.term,
            JSON.stringify(e.forms),
            JSON.stringify(e.english),
            JSON.stringify(e.forbidden),
            e.note ?? null,
            e.author,
            e.updatedAt,
          ],
        );
        return rowToGlossaryEntry(rows[0]!);
      }),
    deleteGlossaryEntry: async (id) =>
      (
        await query<{ id: string }>(
          'deleting a glossary entry',
          'DELETE FROM glossary_entries WHERE id = $1 RETURNING id',
          [id],
        )
      ).length > 0,
  };
}
