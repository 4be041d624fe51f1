/**
 * The Store methods of QA ignores, which each adapter implements in a file of its own (<adapter>-check-ignores.ts),
 * and what they share.
 */
import type { CheckIgnoreEvent, Store } from './types';

export type CheckIgnoreMethods = Pick<Store, 'recordCheckIgnore' | 'listCheckIgnores'>;

/** A check_ignores row as both SQL adapters read it (SQLite gives 0/1 and numbers, PostgreSQL booleans and bigints). */
export interface CheckIgnoreRow {
  id: number | string;
  slug: string;
  paragraph_index: number;
  finding_key: string;
  ignored: number | boolean;
  author: string | null;
  created_at: number | string;
}

/** A row as the Store gives it. */
export function rowToCheckIgnore(row: CheckIgnoreRow): CheckIgnoreEvent {
  return {
    id: Number(row.id),
    slug: row.slug,
    paragraphIndex: row.paragraph_index,
    findingKey: row.finding_key,
    ignored: row.ignored === true || row.ignored === 1,
    author: row.author,
    createdAt: Number(row.created_at),
  };
}
