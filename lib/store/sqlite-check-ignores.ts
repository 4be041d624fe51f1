import type Database from 'better-sqlite3';
import { rowToCheckIgnore, type CheckIgnoreMethods, type CheckIgnoreRow } from './check-ignores';

/** The SQLite store's QA ignore events: one append, one ordered read. */
export function sqliteCheckIgnores(
  db: Database.Database,
  run: <T>(doing: string, fn: () => T) => Promise<T>,
): CheckIgnoreMethods {
  const insert = db.prepare(
    `INSERT INTO check_ignores (slug, paragraph_index, finding_key, ignored, author, created_at)
     VALUES (@slug, @paragraphIndex, @findingKey, @ignored, @author, @createdAt)`,
  );
  const ofDocument = db.prepare<[string], CheckIgnoreRow>('SELECT * FROM check_ignores WHERE slug = ? ORDER BY id');
  const ofParagraph = db.prepare<[string, number], CheckIgnoreRow>(
    'SELECT * FROM check_ignores WHERE slug = ? AND paragraph_index = ? ORDER BY id',
  );
  return {
    recordCheckIgnore: (event) =>
      run('recording an ignored finding', () => {
        const id = Number(insert.run({ ...event, ignored: event.ignored ? 1 : 0 }).lastInsertRowid);
        return { ...event, id };
      }),
    listCheckIgnores: (slug, paragraphIndex) =>
      run('reading ignored findings', () =>
        (paragraphIndex === undefined ? ofDocument.all(slug) : ofParagraph.all(slug, paragraphIndex)).map(
          rowToCheckIgnore,
        ),
      ),
  };
}
