/**
 * Where a PostgreSQL-backed part of Paralelo lives, and how it is named in messages: no pg here, so that the CLI can
 * describe a team server's database without loading the driver.
 */
import { StoreError } from './types';

/** Where a PostgreSQL-backed part of Paralelo keeps its data: a server URL and a schema inside its database. */
export interface PostgresLocation {
  /** postgres://user:password@host:port/database (PARALELO_DATABASE_URL). */
  url: string;
  /** Schema of Paralelo's tables (PARALELO_DATABASE_SCHEMA, default public). */
  schema: string;
}

export const DEFAULT_SCHEMA = 'public';

/** Lower-case letters, digits and underscores: used unquoted in search_path and in LISTEN channel names. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

/** The URL without its password, for messages and logs. */
export function describeLocation(location: PostgresLocation): string {
  try {
    const url = new URL(location.url);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    const schema = location.schema === DEFAULT_SCHEMA ? '' : ` (schema ${location.schema})`;
    return `postgres://${user}${url.host}${url.pathname}${schema}`;
  } catch {
    return 'PARALELO_DATABASE_URL';
  }
}

/** Checks the URL and schema name before anything connects; throws a StoreError saying what to fix. */
export function checkLocation(location: PostgresLocation): void {
  let url: URL;
  try {
    url = new URL(location.url);
  } catch {
    throw new StoreError(
      'cannot_open',
      'PARALELO_DATABASE_URL is not a URL. Write it as postgres://user:password@host:5432/database.',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new StoreError(
      'cannot_open',
      `PARALELO_DATABASE_URL starts with "${url.protocol}//"; it must be a postgres:// URL ` +
        '(postgres://user:password@host:5432/database). Leave it unset to use the SQLite file (PARALELO_DB).',
    );
  }
  if (!SCHEMA_NAME.test(location.schema)) {
    throw new StoreError(
      'cannot_open',
      `PARALELO_DATABASE_SCHEMA "${location.schema.slice(0, 60)}" is not a schema name Paralelo accepts: ` +
        'lower-case letters, digits and underscores, starting with a letter or underscore, at most 40 characters.',
    );
  }
}

/**
 * Loads a PostgreSQL adapter when first chosen. The CLI run from its TypeScript sources through tsx (its build older
 * than them, in a checkout being edited) cannot load a module this late: it is told to rebuild rather than fail
 * with a missing file.
 */
export async function loadPostgresAdapter<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    throw new StoreError(
      'cannot_open',
      'the PostgreSQL adapter cannot be loaded from the TypeScript sources (the CLI built in dist/ is older than ' +
        'them): run `npm run build:bin`, then run this again.',
      { cause: error },
    );
  }
}
