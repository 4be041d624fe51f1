/**
 * The accounts on a team server's PostgreSQL: the Access contract over the pool of a PostgreSQL store (as the server
 * and `paralelo user|token` open it), each run in a schema of its own; and the CLI and the server's shared access
 * reading and writing the same accounts there. Runs when PARALELO_TEST_DATABASE_URL is set (.ci/run sets it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSharedAccess, openConfiguredAccess } from '../../../lib/access';
import { createAccountsAccess } from '../../../lib/access/accounts';
import { openBetterAuthDirectory } from '../../../lib/access/better-auth';
import { createLocalAccess } from '../../../lib/access/local';
import type { Access, Directory } from '../../../lib/access/types';
import { loadConfig } from '../../../lib/config';
import { getSharedStore } from '../../../lib/store';
import { openPostgresStore, postgresPoolOf } from '../../../lib/store/postgres';
import { createTestSchema, hasTestDatabase } from '../../helpers/postgres';
import { EN, runCli } from '../cli/run-cli';
import { accessContract, type OpenedAccess } from './access-suite';

async function onPostgres(adapter: (d: Directory) => Access): Promise<OpenedAccess> {
  const location = await createTestSchema();
  const store = await openPostgresStore(location);
  const pool = postgresPoolOf(store)!;
  const directory = await openBetterAuthDirectory({
    database: { kind: 'postgres', pool },
    baseURL: 'http://localhost:3000',
  });
  return {
    access: adapter(directory),
    async stored() {
      const tables = await pool.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
        [location.schema],
      );
      let all = '';
      for (const { table_name } of tables.rows) {
        const rows = await pool.query(`SELECT * FROM ${location.schema}."${table_name}"`);
        all += JSON.stringify(rows.rows);
      }
      return all;
    },
    async dispose() {
      await store.close();
      await location.cleanup();
    },
  };
}

if (hasTestDatabase()) {
  accessContract('local, PostgreSQL', () => onPostgres(createLocalAccess));
  accessContract('accounts, PostgreSQL', () => onPostgres(createAccountsAccess));
}

describe.runIf(hasTestDatabase())('accounts with PARALELO_DATABASE_URL', () => {
  let location: Awaited<ReturnType<typeof createTestSchema>>;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    location = await createTestSchema();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-pg-accounts-'));
    env = {
      ...EN,
      PARALELO_DATABASE_URL: location.url,
      PARALELO_DATABASE_SCHEMA: location.schema,
      PARALELO_DB: path.join(dir, 'paralelo.sqlite'),
      PARALELO_CONTENT_DIR: path.join(dir, 'content'),
    };
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await location.cleanup();
  });

  it('opens on a fresh database from several processes at once: the tables are made once, one secret for all', async () => {
    const fresh = await createTestSchema();
    const stores = await Promise.all([0, 1, 2].map(() => openPostgresStore(fresh)));
    try {
      const directories = await Promise.all(
        stores.map((store) =>
          openBetterAuthDirectory({
            database: { kind: 'postgres', pool: postgresPoolOf(store)! },
            baseURL: 'http://x',
          }),
        ),
      );
      expect(directories).toHaveLength(3);
      const { rows } = await postgresPoolOf(stores[0]!)!.query('SELECT count(*)::int AS n FROM paralelo_settings');
      expect(rows[0]).toEqual({ n: 1 });
      for (const d of directories) await d.close();
    } finally {
      for (const store of stores) await store.close();
      await fresh.cleanup();
    }
  });

  it('paralelo user and token write to the database that the server signs people in from; no SQLite file', async () => {
    const added = await runCli(['user', 'add', 'ana@example.com', '--name', 'Ana', '--role', 'reviewer'], env);
    expect(added.code, added.stderr).toBe(0);
    const token = await runCli(['token', 'create', 'ana@example.com', '--name', 'ci'], env);
    expect(token.code, token.stderr).toBe(0);
    const listed = await runCli(['user', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout)).toMatchObject({ users: [{ email: 'ana@example.com', role: 'reviewer' }] });

    // The server's process-wide access, as a route handler gets it, over the same variables.
    const config = loadConfig({ ...process.env, ...env, PARALELO_AUTH: 'accounts' });
    const access = await getSharedAccess(config);
    const who = await access.identify(new Headers({ authorization: `Bearer ${token.stdout.trim()}` }));
    expect(who).toMatchObject({ email: 'ana@example.com', role: 'reviewer' });
    expect(await access.directory.hasAdmin()).toBe(false);

    // Another process (a second web instance) opening the same database sees the same accounts.
    const other = await openConfiguredAccess(config);
    try {
      expect((await other.directory.listUsers()).map((u) => u.email)).toContain('ana@example.com');
    } finally {
      await other.close();
    }
    expect(fs.existsSync(env.PARALELO_DB!)).toBe(false);
    await access.directory.close();
    await (await getSharedStore(config)).close();
  });
});
