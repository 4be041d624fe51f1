import type BetterSqlite3 from 'better-sqlite3';
import { StoreError } from './types';

/** One schema step; versions are consecutive from 1 and recorded in PRAGMA user_version. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The schema, oldest first. Never edit a migration that has shipped: add the next version instead (revisions and
 * alignments will arrive as version 2 and later).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'machine translation cache and translation jobs',
    sql: `
      CREATE TABLE machine_translations (
        model_id   TEXT    NOT NULL,
        source_key TEXT    NOT NULL,
        target     TEXT    NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (model_id, source_key)
      ) WITHOUT ROWID;

      CREATE TABLE translation_jobs (
        slug          TEXT    NOT NULL,
        model_id      TEXT    NOT NULL,
        status        TEXT    NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'failed')),
        done          INTEGER NOT NULL CHECK (done >= 0),
        total         INTEGER NOT NULL CHECK (total >= 0),
        error_code    TEXT,
        error_message TEXT,
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (slug, model_id)
      ) WITHOUT ROWID;
    `,
  },
];

/** Latest schema version this build knows. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database up to the latest schema in one IMMEDIATE transaction, so two processes opening the same new
 * file at once cannot both apply version 1. Returns the versions before and after.
 */
export function migrate(
  db: BetterSqlite3.Database,
  dbPath: string,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`[paralelo:store] migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const apply = db.transaction(() => {
    // Read inside the write lock: another process may have migrated while we waited for it.
    const from = db.pragma('user_version', { simple: true }) as number;
    if (from > latest) {
      throw new StoreError(
        'newer_schema',
        `${dbPath} has schema version ${from} but this Paralelo knows only up to ${latest}. ` +
          'Update Paralelo, or set PARALELO_DB to another file.',
      );
    }
    for (const m of migrations.slice(from)) db.exec(m.sql);
    // PRAGMA takes no bound parameters; latest is a number we computed, not input.
    if (latest !== from) db.pragma(`user_version = ${latest}`);
    return { from, to: Math.max(from, latest) };
  });
  return apply.immediate();
}
