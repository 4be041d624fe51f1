import type pg from 'pg';
import { rowToCheckIgnore, type CheckIgnoreMethods, type CheckIgnoreRow } from './check-ignores';

type Query = <R extends pg.QueryResultRow>(doing: string, text: string, values: unknown[]) => Promise<R[]>;

/** The PostgreSQL store's QA ignore events: one append, one ordered read. */
export function postgresCheckIgnores(query: Query): CheckIgnoreMethods {
  return {
    recordCheckIgnore: async (event) => {
      const rows = await query<{ id: string }>(
        'recording an ignored finding',
        `INSERT INTO check_ignores (slug, paragraph_index, finding_key, ignored, author, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [event.slug, event.paragraphIndex, event.findingKey, event.ignored, event.author, event.createdAt],
      );
      return { ...event, id: Number(rows[0]!.id) };
    },
    listCheckIgnores: async (slug, paragraphIndex) => {
      const rows =
        paragraphIndex === undefined
          ? await query<CheckIgnoreRow>(
              'reading ignored findings',
              'SELECT * FROM check_ignores WHERE slug = $1 ORDER BY id',
              [slug],
            )
          : await query<CheckIgnoreRow>(
              'reading ignored findings',
              'SELECT * FROM check_ignores WHERE slug = $1 AND paragraph_index = $2 ORDER BY id',
              [slug, paragraphIndex],
            );
      return rows.map(rowToCheckIgnore);
    },
  };
}
