/**
 * The Access contract over PostgreSQL (the accounts in a pg pool, as a PostgreSQL store passes it to openAccess),
 * each run in a schema of its own. Runs when PARALELO_TEST_DATABASE_URL names a server (for example
 * postgres://postgres@127.0.0.1:5700/postgres) and the `pg` package is installed (it comes with the PostgreSQL
 * store); skipped otherwise.
 */
import crypto from 'node:crypto';
import { describe, it } from 'vitest';
import { createAccountsAccess } from '../../../lib/access/accounts';
import { openBetterAuthDirectory } from '../../../lib/access/better-auth';
import { createLocalAccess } from '../../../lib/access/local';
import type { Access, Directory } from '../../../lib/access/types';
import { accessContract, type OpenedAccess } from './access-suite';

const url = process.env.PARALELO_TEST_DATABASE_URL;

type Pool = { query(sql: string): Promise<{ rows: Record<string, unknown>[] }>; end(): Promise<void> };
type PgModule = { default: { Pool: new (options: { connectionString: string; options?: string }) => Pool } };

// A name the type checker does not resolve: `pg` is optional here.
const pgModule = 'pg';
const pg = url ? ((await import(pgModule).catch(() => null)) as PgModule | null) : null;

async function onPostgres(adapter: (d: Directory) => Access): Promise<OpenedAccess> {
  const schema = `paralelo_access_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg!.default.Pool({ connectionString: url! });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = new pg!.default.Pool({ connectionString: url!, options: `-c search_path=${schema}` });
  const directory = await openBetterAuthDirectory({
    database: { kind: 'postgres', pool: pool as never },
    baseURL: 'http://localhost:3000',
  });
  return {
    access: adapter(directory),
    async stored() {
      const tables = await pool.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}'`,
      );
      let all = '';
      for (const { table_name } of tables.rows) {
        const rows = await pool.query(`SELECT * FROM ${schema}."${String(table_name)}"`);
        all += JSON.stringify(rows.rows);
      }
      return all;
    },
    async dispose() {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

if (pg) {
  accessContract('local, PostgreSQL', () => onPostgres(createLocalAccess));
  accessContract('accounts, PostgreSQL', () => onPostgres(createAccountsAccess));
} else {
  describe('Access contract over PostgreSQL', () => {
    it.skip(`needs PARALELO_TEST_DATABASE_URL and the pg package (${url ? 'pg is not installed' : 'no URL set'})`, () => {});
  });
}
