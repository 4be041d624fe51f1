import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSharedStore, openStore } from '../../../lib/store';
import { openPostgresStore } from '../../../lib/store/postgres';
import { POSTGRES_SCHEMA_VERSION } from '../../../lib/store/postgres-migrations';
import type { Store } from '../../../lib/store/types';
import { createTestSchema, hasTestDatabase, TEST_DATABASE_URL } from '../../helpers/postgres';
import { newRevision } from './new-revision';
import { describeStoreSuite } from './store-suite';

const run = hasTestDatabase();

describe.runIf(run)('PostgreSQL store', () => {
  describeStoreSuite('postgres', async () => {
    const location = await createTestSchema();
    return { open: () => openPostgresStore(location, { poolSize: 4 }), cleanup: location.cleanup };
  });

  describe('PostgreSQL store specifics', () => {
    let location: Awaited<ReturnType<typeof createTestSchema>>;
    const opened: Store[] = [];
    beforeEach(async () => {
      location = await createTestSchema();
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await location.cleanup();
    });
    const open = async (where = location) => {
      const s = await openPostgresStore(where, { poolSize: 2 });
      opened.push(s);
      return s;
    };
    const sql = async (text: string) => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        return (await client.query(text)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    };

    it('migrates a new schema once, even when three processes open it at the same moment', async () => {
      const fresh = { ...location, schema: `${location.schema}_new` };
      try {
        const stores = await Promise.all([open(fresh), open(fresh), open(fresh)]);
        expect(stores.map((s) => s.kind)).toEqual(['postgres', 'postgres', 'postgres']);
        const versions = await sql(`SELECT version FROM ${fresh.schema}.paralelo_schema_migrations ORDER BY version`);
        expect(versions.map((r) => r.version)).toEqual(
          Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1),
        );
        await open(fresh);
        expect(await sql(`SELECT count(*)::int AS n FROM ${fresh.schema}.paralelo_schema_migrations`)).toEqual([
          { n: POSTGRES_SCHEMA_VERSION },
        ]);
      } finally {
        for (const s of opened.splice(0)) await s.close();
        await sql(`DROP SCHEMA IF EXISTS ${fresh.schema} CASCADE`);
      }
    });

    it('refuses a database migrated by a newer Paralelo, saying what to do', async () => {
      await (await open()).close();
      await sql(`INSERT INTO ${location.schema}.paralelo_schema_migrations (version, name) VALUES (99, 'future')`);
      await expect(open()).rejects.toMatchObject({
        name: 'StoreError',
        code: 'newer_schema',
        message: expect.stringMatching(/version 99 .*Update Paralelo/),
      });
    });

    it('explains a URL that is not postgres://, a bad schema name, a server that is down and a missing database', async () => {
      await expect(openPostgresStore({ url: 'mysql://x@localhost/db', schema: 'public' })).rejects.toMatchObject({
        code: 'cannot_open',
        message: expect.stringMatching(/must be a postgres:\/\/ URL/),
      });
      await expect(openPostgresStore({ url: TEST_DATABASE_URL, schema: 'Robert"; DROP' })).rejects.toMatchObject({
        code: 'cannot_open',
        message: expect.stringMatching(/PARALELO_DATABASE_SCHEMA .* is not a schema name/),
      });
      // Nothing listens on 5599 (the top of this project's test range); the password never shows in the message.
      const down = openPostgresStore({ url: 'postgres://ana:sekret@127.0.0.1:5599/paralelo', schema: 'public' });
      await expect(down).rejects.toMatchObject({
        code: 'cannot_open',
        message: expect.stringMatching(/cannot reach PostgreSQL at postgres:\/\/ana@127\.0\.0\.1:5599\/paralelo/),
      });
      await expect(down).rejects.not.toThrow(/sekret/);
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = '/no_such_database_here';
      await expect(openPostgresStore({ url: url.toString(), schema: 'public' })).rejects.toMatchObject({
        code: 'cannot_open',
        message: expect.stringMatching(/no_such_database_here.*does not exist.*createdb/),
      });
    });

    it('is what openStore and getSharedStore open when the configuration names a database', async () => {
      const config = { dbPath: '/nonexistent/never-created.db', database: location };
      const store = await openStore(config);
      opened.push(store);
      expect(store.kind).toBe('postgres');
      const shared = await getSharedStore(config);
      expect(await getSharedStore({ ...config })).toBe(shared);
      expect(shared.kind).toBe('postgres');
      await shared.close();
    });

    it('stores text holding U+0000 (which PostgreSQL text cannot) and finds it by the same key', async () => {
      const store = await open();
      await store.putMachineTranslations('m', [{ sourceKey: 'Hola\u0000mundo.', target: 'Hello\u0000world.' }]);
      const found = await store.getMachineTranslations('m', ['Hola\u0000mundo.']);
      expect(found.get('Hola\u0000mundo.')).toBe('Hello\uFFFDworld.');
      const saved = await store.appendRevision(newRevision({ sourceText: 'Hola\u0000.', clientSaveId: 'nul' }), null);
      expect(saved).toMatchObject({ ok: true, kind: 'saved' });
      const again = await store.appendRevision(newRevision({ sourceText: 'Hola\u0000.', clientSaveId: 'nul' }), null);
      expect(again).toMatchObject({ ok: true, kind: 'replayed' });
    });
  });
});
