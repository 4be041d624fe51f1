import type Database from 'better-sqlite3';
import { byTerm, lastOfEachTerm, rowToGlossaryEntry, type GlossaryMethods, type GlossaryRow } from './glossary-entries';
import type { GlossaryEntryInput } from './types';

const params = (e: GlossaryEntryInput) => ({
  term: e.term,
  forms: JSON.stringify(e.forms),
  english: JSON.stringify(e.english),
  forbidden: JSON.stringify(e.forbidden),
  note: e.note ?? null,
  author: e.author,
  updatedAt: e.updatedAt,
});

/** The SQLite store's glossary: each write one transaction. */
export function sqliteGlossary(
  db: Database.Database,
  run: <T>(doing: string, fn: () => T) => Promise<T>,
): GlossaryMethods {
  const q = {
    all: db.prepare<[], GlossaryRow>('SELECT * FROM glossary_entries'),
    byTerm: db.prepare<[string], GlossaryRow>('SELECT * FROM glossary_entries WHERE term = ?'),
    byId: db.prepare<[number], GlossaryRow>('SELECT * FROM glossary_entries WHERE id = ?'),
    insert: db.prepare(
      `INSERT INTO glossary_entries (term, forms, english, forbidden, note, author, updated_at)
       VALUES (@term, @forms, @english, @forbidden, @note, @author, @updatedAt)`,
    ),
    update: db.prepare(
      `UPDATE glossary_entries SET term = @term, forms = @forms, english = @english, forbidden = @forbidden,
         note = @note, author = @author, updated_at = @updatedAt WHERE id = @id`,
    ),
    remove: db.prepare<[number]>('DELETE FROM glossary_entries WHERE id = ?'),
  };
  const upsert = db.transaction((entries: readonly GlossaryEntryInput[]) => {
    let added = 0;
    let updated = 0;
    for (const e of lastOfEachTerm(entries)) {
      const existing = q.byTerm.get(e.term);
      if (existing) {
        q.update.run({ ...params(e), id: Number(existing.id) });
        updated++;
      } else {
        q.insert.run(params(e));
        added++;
      }
    }
    return { added, updated };
  });
  const update = db.transaction((id: number, e: GlossaryEntryInput) => {
    if (!q.byId.get(id)) return undefined;
    const other = q.byTerm.get(e.term);
    if (other && Number(other.id) !== id) return 'exists' as const;
    q.update.run({ ...params(e), id });
    return rowToGlossaryEntry(q.byId.get(id)!);
  });
  return {
    listGlossary: () => run('reading the glossary', () => q.all.all().map(rowToGlossaryEntry).sort(byTerm)),
    upsertGlossaryEntries: (entries) => run('writing glossary entries', () => upsert.immediate(entries)),
    updateGlossaryEntry: (id, entry) => run('changing a glossary entry', () => update.immediate(id, entry)),
    deleteGlossaryEntry: (id) => run('deleting a glossary entry', () => q.remove.run(id).changes > 0),
  };
}
