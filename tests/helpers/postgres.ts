import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { PostgresLocation } from '../../lib/store/postgres-connection';

/**
 * The PostgreSQL server the PG suites run against: PARALELO_TEST_DATABASE_URL, which .ci/run exports after starting
 * a throwaway cluster. Without it those suites are skipped, and say so once.
 */
export const TEST_DATABASE_URL = process.env.PARALELO_TEST_DATABASE_URL ?? '';

let told = false;

/** Whether the PG suites can run; when they cannot, prints why once per test file. */
export function hasTestDatabase(): boolean {
  if (TEST_DATABASE_URL) return true;
  if (!told) {
    told = true;
    console.warn(
      '[paralelo:test] PostgreSQL suites skipped: PARALELO_TEST_DATABASE_URL is not set ' +
        '(bash .ci/run starts a throwaway cluster and sets it; see the README, "Running for a team").',
    );
  }
  return false;
}

/**
 * A schema of its own on the test server for one test (dropped by cleanup), so test files running side by side
 * never see each other's rows, queues or notifications.
 */
export async function createTestSchema(): Promise<PostgresLocation & { cleanup(): Promise<void> }> {
  const schema = `t_${process.pid}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  return {
    url: TEST_DATABASE_URL,
    schema,
    cleanup: () => dropSchemas(TEST_DATABASE_URL, schema),
  };
}

/** Drops a schema of Paralelo's and pg-boss's beside it (<schema>_pgboss), if they exist. */
export async function dropSchemas(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_pgboss CASCADE`);
  } finally {
    await client.end();
  }
}
