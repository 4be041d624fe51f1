import type { PoolClient } from 'pg';
import type { Migration } from './migrations';
import { StoreError } from './types';

/**
 * The PostgreSQL schema, oldest first: the same tables as SQLite's (lib/store/migrations.ts) written for
 * PostgreSQL, plus paragraph_heads, the row each paragraph's savers lock. Never edit a migration that has shipped:
 * add the next version instead.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'machine translations, jobs, revisions and translation memory',
    // Revisions are append-only. paragraph_heads holds each paragraph's latest revision: a save locks that row
    // before its version check (lib/store/postgres.ts), and the UNIQUE constraint on (slug, paragraph,
    // client_save_id) makes a retried save idempotent even if the lock were bypassed.
    sql: `
      CREATE TABLE machine_translations (
        model_id   text   NOT NULL,
        source_key text   NOT NULL,
        target     text   NOT NULL,
        updated_at bigint NOT NULL,
        PRIMARY KEY (model_id, source_key)
      );

      CREATE TABLE translation_jobs (
        slug          text    NOT NULL,
        model_id      text    NOT NULL,
        status        text    NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'failed')),
        done          integer NOT NULL CHECK (done >= 0),
        total         integer NOT NULL CHECK (total >= 0),
        error_code    text,
        error_message text,
        updated_at    bigint  NOT NULL,
        PRIMARY KEY (slug, model_id)
      );

      CREATE TABLE revisions (
        id               bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        slug             text    NOT NULL,
        paragraph_index  integer NOT NULL CHECK (paragraph_index >= 0),
        text             text    NOT NULL,
        status           text    NOT NULL CHECK (status IN ('edited', 'approved')),
        author           text    CHECK (author IS NULL OR char_length(author) <= 80),
        created_at       bigint  NOT NULL,
        base_revision_id bigint  REFERENCES revisions (id),
        kind             text    NOT NULL CHECK (kind IN ('save', 'revert', 'suggestion', 'import', 'align')),
        source_text      text    NOT NULL,
        source_hash      text    NOT NULL,
        machine_text     text,
        model_id         text,
        client_save_id   text    NOT NULL,
        CONSTRAINT revisions_client_save UNIQUE (slug, paragraph_index, client_save_id)
      );
      CREATE INDEX revisions_by_paragraph ON revisions (slug, paragraph_index, id);

      CREATE TABLE paragraph_heads (
        slug               text    NOT NULL,
        paragraph_index    integer NOT NULL,
        latest_revision_id bigint  REFERENCES revisions (id),
        PRIMARY KEY (slug, paragraph_index)
      );

      CREATE TABLE translation_memory (
        level           text    NOT NULL CHECK (level IN ('paragraph', 'sentence')),
        source_key      text    NOT NULL,
        slug            text    NOT NULL,
        paragraph_index integer NOT NULL,
        target          text    NOT NULL,
        approved        boolean NOT NULL,
        revision_id     bigint  NOT NULL REFERENCES revisions (id),
        PRIMARY KEY (level, source_key, slug, paragraph_index)
      );
      CREATE INDEX translation_memory_by_paragraph ON translation_memory (slug, paragraph_index);

      CREATE TABLE imported_memory (
        id          bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        level       text    NOT NULL CHECK (level IN ('paragraph', 'sentence')),
        source_key  text    NOT NULL,
        origin      text    NOT NULL,
        target      text    NOT NULL,
        approved    boolean NOT NULL,
        imported_at bigint  NOT NULL,
        UNIQUE (level, source_key, origin)
      );
    `,
  },
  {
    version: 2,
    name: 'queued translation runs and their windows',
    // As SQLite's version 5: a job state may belong to a queued run; each window remembers the queue job it is
    // bound to and the token of its latest claim, so a commit from a worker whose claim was taken over writes
    // nothing.
    sql: `
      ALTER TABLE translation_jobs ADD COLUMN run_id text;
      CREATE UNIQUE INDEX translation_jobs_by_run ON translation_jobs (run_id) WHERE run_id IS NOT NULL;

      CREATE TABLE translation_windows (
        run_id       text    NOT NULL,
        window_no    integer NOT NULL CHECK (window_no >= 0),
        claim_order  integer NOT NULL,
        paragraphs   jsonb   NOT NULL,
        job_key      text,
        token        text,
        attempts     integer NOT NULL DEFAULT 0,
        claimed_by   text,
        committed_by text,
        committed_at bigint,
        PRIMARY KEY (run_id, window_no)
      );
      CREATE INDEX translation_windows_by_job ON translation_windows (run_id, job_key);
    `,
  },
  {
    version: 3,
    name: 'the library documents (the database content source)',
    // The source bytes as imported (Markdown with its front matter, or a content/ file as it was), so every web
    // instance reads the same documents (lib/content/database-source.ts); sha256 is the version parses are cached
    // by. origin 'folder' rows came from a content/ file named file_name, and only that file updates them.
    sql: `
      CREATE TABLE documents (
        slug       text    PRIMARY KEY CHECK (slug ~ '^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$' AND char_length(slug) <= 120),
        file_name  text    NOT NULL CHECK (char_length(file_name) <= 1000),
        format     text    NOT NULL CHECK (format IN ('markdown', 'text')),
        body       bytea   NOT NULL,
        size       integer NOT NULL CHECK (size = octet_length(body) AND size <= 20971520),
        sha256     text    NOT NULL,
        origin     text    NOT NULL CHECK (origin IN ('import', 'folder')),
        created_at bigint  NOT NULL,
        updated_at bigint  NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'documents taken out of the library',
    // A removed document keeps its row (its bytes, and its slug taken, so no later document inherits its
    // revisions); deleted_at hides it from the library and keeps its content/ file from being imported again.
    sql: `ALTER TABLE documents ADD COLUMN deleted_at bigint;`,
  },
  {
    version: 5,
    name: 'scores of machine translations',
    // As SQLite's version 6: the model's mean and minimum token log-probability, with the output they belong to.
    sql: `
      ALTER TABLE machine_translations ADD COLUMN mean_logprob double precision;
      ALTER TABLE machine_translations ADD COLUMN min_logprob double precision;
    `,
  },
  {
    version: 6,
    name: 'QA findings ignored per occurrence, as events',
    sql: `
      CREATE TABLE check_ignores (
        id              bigserial PRIMARY KEY,
        slug            text      NOT NULL,
        paragraph_index integer   NOT NULL,
        finding_key     text      NOT NULL,
        ignored         boolean   NOT NULL,
        author          text,
        created_at      bigint    NOT NULL
      );
      CREATE INDEX check_ignores_by_document ON check_ignores (slug, paragraph_index, id);
    `,
  },
  {
    version: 7,
    name: 'the library glossary',
    sql: `
      CREATE TABLE glossary_entries (
        id         bigserial PRIMARY KEY,
        term       text      NOT NULL UNIQUE,
        forms      jsonb     NOT NULL,
        english    jsonb     NOT NULL,
        forbidden  jsonb     NOT NULL,
        note       text,
        author     text,
        updated_at bigint    NOT NULL
      );
    `,
  },
  {
    version: 8,
    name: 'a version of the translations, for the findings cache',
    // Bumped on every write of what a document's current English and its memory matches come from (as SQLite's
    // version 9). Deferred to the commit, and once per transaction: the one row is locked last and briefly, so
    // writers never wait on it while holding other locks (no deadlock), and a reader that sees the new number sees
    // the writes it counts (the update commits with them).
    sql: `
      CREATE TABLE translation_version (id integer PRIMARY KEY CHECK (id = 1), n bigint NOT NULL);
      INSERT INTO translation_version (id, n) VALUES (1, 0);
      CREATE FUNCTION paralelo_bump_translation_version() RETURNS trigger LANGUAGE plpgsql
        SET search_path FROM CURRENT AS $$
      BEGIN
        IF current_setting('paralelo.translation_bumped', true) IS DISTINCT FROM txid_current()::text THEN
          UPDATE translation_version SET n = n + 1 WHERE id = 1;
          PERFORM set_config('paralelo.translation_bumped', txid_current()::text, true);
        END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER translation_version_bump AFTER INSERT OR UPDATE OR DELETE ON machine_translations
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION paralelo_bump_translation_version();
      CREATE CONSTRAINT TRIGGER translation_version_bump AFTER INSERT OR UPDATE OR DELETE ON revisions
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION paralelo_bump_translation_version();
      CREATE CONSTRAINT TRIGGER translation_version_bump AFTER INSERT OR UPDATE OR DELETE ON translation_memory
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION paralelo_bump_translation_version();
      CREATE CONSTRAINT TRIGGER translation_version_bump AFTER INSERT OR UPDATE OR DELETE ON imported_memory
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION paralelo_bump_translation_version();
    `,
  },
];

/** Latest PostgreSQL schema version this build knows. */
export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.length;

/**
 * Brings the connected schema up to the latest version in one transaction. DDL is transactional in PostgreSQL,
 * and an advisory lock keyed on the schema makes a second process that starts at the same moment wait, then find
 * the work done. Returns the versions before and after.
 */
export async function migratePostgres(
  client: PoolClient,
  where: string,
  migrations: readonly Migration[] = POSTGRES_MIGRATIONS,
): Promise<{ from: number; to: number }> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`[paralelo:store] migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('paralelo.migrate.' || current_schema()))`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS paralelo_schema_migrations (
         version    integer     PRIMARY KEY,
         name       text        NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM paralelo_schema_migrations',
    );
    const from = rows[0]?.version ?? 0;
    if (from > latest) {
      throw new StoreError(
        'newer_schema',
        `${where} has schema version ${from} but this Paralelo knows only up to ${latest}. ` +
          'Update Paralelo on this machine, or point PARALELO_DATABASE_URL at another database.',
      );
    }
    for (const m of migrations.slice(from)) {
      await client.query(m.sql);
      await client.query('INSERT INTO paralelo_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await client.query('COMMIT');
    return { from, to: Math.max(from, latest) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
