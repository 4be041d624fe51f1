import type BetterSqlite3 from 'better-sqlite3';
import { StoreError } from './types';

/** One schema step; versions are consecutive from 1 and recorded in PRAGMA user_version. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The schema, oldest first. Never edit a migration that has shipped: add the next version instead (version 2 added
 * revisions and translation memory, version 5 queued runs, version 6 scores, 7 ignored QA findings, 8 the glossary).
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
  {
    version: 2,
    name: 'paragraph revisions and translation memory',
    // Revisions are append-only. The UNIQUE index on (slug, paragraph, client_save_id) is what makes a retried
    // save idempotent even if two copies of it race: the second insert fails instead of adding a twin.
    sql: `
      CREATE TABLE revisions (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        slug             TEXT    NOT NULL,
        paragraph_index  INTEGER NOT NULL CHECK (paragraph_index >= 0),
        text             TEXT    NOT NULL,
        status           TEXT    NOT NULL CHECK (status IN ('edited', 'approved')),
        author           TEXT    CHECK (author IS NULL OR length(author) <= 80),
        created_at       INTEGER NOT NULL,
        base_revision_id INTEGER REFERENCES revisions (id),
        kind             TEXT    NOT NULL CHECK (kind IN ('save', 'revert', 'suggestion')),
        source_text      TEXT    NOT NULL,
        source_hash      TEXT    NOT NULL,
        machine_text     TEXT,
        model_id         TEXT,
        client_save_id   TEXT    NOT NULL
      );
      CREATE INDEX revisions_by_paragraph ON revisions (slug, paragraph_index, id);
      CREATE UNIQUE INDEX revisions_client_save ON revisions (slug, paragraph_index, client_save_id);

      CREATE TABLE translation_memory (
        level           TEXT    NOT NULL CHECK (level IN ('paragraph', 'sentence')),
        source_key      TEXT    NOT NULL,
        slug            TEXT    NOT NULL,
        paragraph_index INTEGER NOT NULL,
        target          TEXT    NOT NULL,
        approved        INTEGER NOT NULL CHECK (approved IN (0, 1)),
        revision_id     INTEGER NOT NULL REFERENCES revisions (id),
        PRIMARY KEY (level, source_key, slug, paragraph_index)
      ) WITHOUT ROWID;
      CREATE INDEX translation_memory_by_paragraph ON translation_memory (slug, paragraph_index);
    `,
  },
  {
    version: 3,
    name: 'translation memory imported from files',
    // Apart from translation_memory, whose rows each point at the revision they come from.
    sql: `
      CREATE TABLE imported_memory (
        id          INTEGER PRIMARY KEY,
        level       TEXT    NOT NULL CHECK (level IN ('paragraph', 'sentence')),
        source_key  TEXT    NOT NULL,
        origin      TEXT    NOT NULL,
        target      TEXT    NOT NULL,
        approved    INTEGER NOT NULL CHECK (approved IN (0, 1)),
        imported_at INTEGER NOT NULL,
        UNIQUE (level, source_key, origin)
      );
    `,
  },
  {
    version: 4,
    name: 'revisions made by importing a translation or fixing its alignment',
    // SQLite cannot alter a CHECK constraint: the table is rebuilt (ids, and so the foreign keys pointing at them,
    // are kept). migrate() runs with foreign keys off and checks them all before committing.
    sql: `
      CREATE TABLE revisions_v4 (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        slug             TEXT    NOT NULL,
        paragraph_index  INTEGER NOT NULL CHECK (paragraph_index >= 0),
        text             TEXT    NOT NULL,
        status           TEXT    NOT NULL CHECK (status IN ('edited', 'approved')),
        author           TEXT    CHECK (author IS NULL OR length(author) <= 80),
        created_at       INTEGER NOT NULL,
        base_revision_id INTEGER REFERENCES revisions (id),
        kind             TEXT    NOT NULL CHECK (kind IN ('save', 'revert', 'suggestion', 'import', 'align')),
        source_text      TEXT    NOT NULL,
        source_hash      TEXT    NOT NULL,
        machine_text     TEXT,
        model_id         TEXT,
        client_save_id   TEXT    NOT NULL
      );
      INSERT INTO revisions_v4 SELECT id, slug, paragraph_index, text, status, author, created_at, base_revision_id,
        kind, source_text, source_hash, machine_text, model_id, client_save_id FROM revisions;
      DROP TABLE revisions;
      ALTER TABLE revisions_v4 RENAME TO revisions;
      CREATE INDEX revisions_by_paragraph ON revisions (slug, paragraph_index, id);
      CREATE UNIQUE INDEX revisions_client_save ON revisions (slug, paragraph_index, client_save_id);
    `,
  },
  {
    version: 5,
    name: 'queued translation runs and their windows',
    // A job state may belong to a queued run (lib/store/runs.ts); each window remembers the queue job it is bound
    // to and the token of its latest claim, so a commit from a worker whose claim was taken over writes nothing.
    sql: `
      ALTER TABLE translation_jobs ADD COLUMN run_id TEXT;
      CREATE UNIQUE INDEX translation_jobs_by_run ON translation_jobs (run_id) WHERE run_id IS NOT NULL;

      CREATE TABLE translation_windows (
        run_id       TEXT    NOT NULL,
        window_no    INTEGER NOT NULL CHECK (window_no >= 0),
        claim_order  INTEGER NOT NULL,
        paragraphs   TEXT    NOT NULL,
        job_key      TEXT,
        token        TEXT,
        attempts     INTEGER NOT NULL DEFAULT 0,
        claimed_by   TEXT,
        committed_by TEXT,
        committed_at INTEGER,
        PRIMARY KEY (run_id, window_no)
      ) WITHOUT ROWID;
      CREATE INDEX translation_windows_by_job ON translation_windows (run_id, job_key);
    `,
  },
  {
    version: 6,
    name: 'scores of machine translations',
    // The mean and minimum token log-probability of the model's output (lib/mt TranslationScore), kept with the
    // cached output they belong to; NULL for outputs cached before, or by an engine that gives none.
    sql: `
      ALTER TABLE machine_translations ADD COLUMN mean_logprob REAL;
      ALTER TABLE machine_translations ADD COLUMN min_logprob REAL;
    `,
  },
  {
    version: 7,
    name: 'QA findings ignored per occurrence, as events',
    sql: `
      CREATE TABLE check_ignores (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        slug            TEXT    NOT NULL,
        paragraph_index INTEGER NOT NULL,
        finding_key     TEXT    NOT NULL,
        ignored         INTEGER NOT NULL CHECK (ignored IN (0, 1)),
        author          TEXT,
        created_at      INTEGER NOT NULL
      );
      CREATE INDEX check_ignores_by_document ON check_ignores (slug, paragraph_index, id);
    `,
  },
  {
    version: 8,
    name: 'the library glossary',
    sql: `
      CREATE TABLE glossary_entries (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        term       TEXT    NOT NULL UNIQUE,
        forms      TEXT    NOT NULL,
        english    TEXT    NOT NULL,
        forbidden  TEXT    NOT NULL,
        note       TEXT,
        author     TEXT,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 9,
    name: 'a version of the translations, for the findings cache',
    // Bumped by triggers on every write of what a document's current English and its memory matches come from, so
    // that no write path can forget it (Store.translationVersion).
    sql: `
      CREATE TABLE translation_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
      INSERT INTO translation_version (id, n) VALUES (1, 0);
      CREATE TRIGGER translation_version_machine_translations_insert AFTER INSERT ON machine_translations
        BEGIN UPDATE translation_version SET n = n + 1; END;
      CREATE TRIGGER translation_version_machine_translations_update AFTER UPDATE ON machine_translations
        BEGIN UPDATE translation_version SET n = n + 1; END;
      CREATE TRIGGER translation_version_machine_translations_delete AFTER DELETE ON machine_translations
        BEGIN UPDATE translation_version SET n = n + 1; END;
      CREATE TRIGGER translation_version_revisions_insert AFTER INSERT ON revisions
        BEGIN UPDATE translation_version SET n = n + 1; END;
      CREATE TRIGGER translation_version_revisions_update AFTER UPDATE ON revisions
        BEGIN UPDATE translation_version SET n = n + 1; END;
      CREATE TRIGGER translation_version_revisions_delete AFTER DELETE ON revisions
        BEGIN UPDATE translation_version SET n = n + 1; END;
      CREATE TRIGGER translation_version_translation_memory_insert AFTER INSERT ON translation_memory
        BEGIN UPDATE translation_version SET n = n + 1; END;
      CREATE TRIGGER translation_version_translation_memory_update AFTER UPDATE ON translation_memory
        BEGIN UPDATE translation_version SET n = n + 1; END;
      CREATE TRIGGER translation_version_translation_memory_delete AFTER DELETE ON translation_memory
        BEGIN UPDATE translation_version SET n = n + 1; END;
      CREATE TRIGGER translation_version_imported_memory_insert AFTER INSERT ON imported_memory
        BEGIN UPDATE translation_version SET n = n + 1; END;
      CREATE TRIGGER translation_version_imported_memory_update AFTER UPDATE ON imported_memory
        BEGIN UPDATE translation_version SET n = n + 1; END;
      CREATE TRIGGER translation_version_imported_memory_delete AFTER DELETE ON imported_memory
        BEGIN UPDATE translation_version SET n = n + 1; END;
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
    // Tables rebuilt with foreign keys off must still satisfy every foreign key before anything is committed.
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0)
      throw new Error(`[paralelo:store] migrating ${dbPath} would break ${broken.length} foreign keys`);
    // PRAGMA takes no bound parameters; latest is a number we computed, not input.
    if (latest !== from) db.pragma(`user_version = ${latest}`);
    return { from, to: Math.max(from, latest) };
  });
  // SQLite's procedure for rebuilding a table (migration 4): foreign keys off outside the transaction (the pragma
  // is a no-op inside one), checked inside it, and on again afterwards.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  if (foreignKeys) db.pragma('foreign_keys = OFF');
  try {
    return apply.immediate();
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
}
