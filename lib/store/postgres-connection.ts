import pg from 'pg';
import { checkLocation, describeLocation, type PostgresLocation } from './postgres-location';
import { StoreError } from './types';

export { checkLocation, DEFAULT_SCHEMA, describeLocation, type PostgresLocation } from './postgres-location';

/** int8 (ids, millisecond timestamps, counts) as numbers: every value Paralelo stores is far below 2^53. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/**
 * A connection pool on the location, every connection with the schema first on its search_path. The caller ends
 * it. Idle connections that fail (the server restarted) are logged, not thrown: the pool opens new ones.
 */
export function openPool(location: PostgresLocation, options: { max: number; applicationName: string }): pg.Pool {
  checkLocation(location);
  const pool = new pg.Pool({
    connectionString: location.url,
    max: options.max,
    options: `-c search_path=${location.schema}`,
    application_name: options.applicationName,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    types: TYPES,
  });
  let warned = false;
  pool.on('error', (error) => {
    if (warned) return;
    warned = true;
    console.warn(`[paralelo:store] an idle connection to ${describeLocation(location)} failed: ${error.message}`);
  });
  return pool;
}

/** A single connection outside any pool (LISTEN needs one of its own), with the same settings as openPool. */
export function openClient(location: PostgresLocation, applicationName: string): pg.Client {
  checkLocation(location);
  return new pg.Client({
    connectionString: location.url,
    options: `-c search_path=${location.schema}`,
    application_name: applicationName,
    connectionTimeoutMillis: 10_000,
    types: TYPES,
  });
}

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : '';
}

/** The SQLSTATE or Node error code of a failure from pg, or '' (23505 unique violation, ECONNREFUSED, …). */
export function pgErrorCode(error: unknown): string {
  return codeOf(error);
}

/** Turns a pg failure into a StoreError whose message names the server (never the password) and the fix. */
export function explainPg(error: unknown, location: PostgresLocation, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = codeOf(error);
  const where = describeLocation(location);
  const detail = error instanceof Error ? error.message : String(error);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH'].includes(code)) {
    return new StoreError(
      'cannot_open',
      `cannot reach PostgreSQL at ${where} (${code}). Start the server, or fix the host and port in ` +
        'PARALELO_DATABASE_URL.',
      { cause: error },
    );
  }
  if (/timeout exceeded when trying to connect/i.test(detail)) {
    return new StoreError(
      'cannot_open',
      `PostgreSQL at ${where} did not answer within 10 s. Check that the server is up and reachable from here.`,
      { cause: error },
    );
  }
  if (code === '28P01' || code === '28000') {
    return new StoreError(
      'cannot_open',
      `PostgreSQL at ${where} refused the login (${detail}). Check the user and password in PARALELO_DATABASE_URL.`,
      { cause: error },
    );
  }
  if (code === '3D000') {
    return new StoreError(
      'cannot_open',
      `${detail} on ${where}. Create it (createdb) or point PARALELO_DATABASE_URL at an existing database.`,
      { cause: error },
    );
  }
  if (code === '42501' || code === '25006') {
    return new StoreError(
      'read_only',
      `${doing} failed on ${where}: ${detail}. Give the user of PARALELO_DATABASE_URL the right to create and ` +
        'write tables in its schema, or connect to the primary server rather than a read-only replica.',
      { cause: error },
    );
  }
  return new StoreError('failed', `${doing} failed on ${where}: ${detail}`, { cause: error });
}

/**
 * PostgreSQL text cannot hold U+0000, which a source file may contain: it is written as U+FFFD. Lookups apply the
 * same mapping, so a key with NUL still finds its row.
 */
export function pgText(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
}

/** pgText for a value that may be null. */
export function pgTextOrNull(value: string | null): string | null {
  return value === null ? null : pgText(value);
}
