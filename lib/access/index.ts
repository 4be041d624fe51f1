import type { ParaleloConfig } from '../config';
import { getSharedStore, openStore, poolOfStore, type Store } from '../store';
import { onShutdown } from '../shutdown';
import { createAccountsAccess } from './accounts';
import { openBetterAuthDirectory, type AuthDatabase } from './better-auth';
import { createLocalAccess } from './local';
import { createLoginLimiter, type LoginLimiter } from './login';
import type { Access } from './types';

export type { Access, AccessMode, Directory, Identity, TokenRecord, UserRecord } from './types';
export type { AuthDatabase } from './better-auth';
export { can, isRole, leastRoleFor, ROLES, type Action, type Role } from './roles';

type AccessConfig = Pick<ParaleloConfig, 'dbPath' | 'authMode' | 'origins' | 'port' | 'authSecret'> &
  Partial<Pick<ParaleloConfig, 'database'>>;

/** The address better-auth knows the server by: the first PARALELO_ORIGIN, else loopback on the port. */
export function baseUrlOf(config: Pick<ParaleloConfig, 'origins' | 'port'>): string {
  return config.origins[0] ?? `http://localhost:${config.port}`;
}

/**
 * Opens the access adapter of the configured mode over the accounts of the store's database (the SQLite file by
 * default; a PostgreSQL store passes `{ kind: 'postgres', pool }` with its own pool). The caller closes
 * `access.directory`.
 */
export async function openAccess(config: AccessConfig, database?: AuthDatabase): Promise<Access> {
  const directory = await openBetterAuthDirectory({
    database: database ?? { kind: 'sqlite', file: config.dbPath },
    baseURL: baseUrlOf(config),
    ...(config.authSecret ? { secret: config.authSecret } : {}),
  });
  return config.authMode === 'accounts' ? createAccountsAccess(directory) : createLocalAccess(directory);
}

/** The accounts of a PostgreSQL store's database, through its pool (its schema, its migrations applied). */
async function accountsOf(store: Store): Promise<AuthDatabase> {
  const pool = await poolOfStore(store);
  if (!pool) throw new Error('[paralelo:access] PARALELO_DATABASE_URL is set but the store opened is not PostgreSQL');
  return { kind: 'postgres', pool };
}

/**
 * Opens access over the configured database for one command (`paralelo user`, `paralelo token`, `paralelo serve`'s
 * check): the SQLite file, or with PARALELO_DATABASE_URL the PostgreSQL database of the store, whose pool it shares.
 * close() releases both.
 */
export async function openConfiguredAccess(config: AccessConfig): Promise<Access & { close(): Promise<void> }> {
  if (!config.database) {
    const access = await openAccess(config);
    return { ...access, close: () => access.directory.close() };
  }
  const store = await openStore({ ...config, database: config.database });
  try {
    const access = await openAccess(config, await accountsOf(store));
    return {
      ...access,
      close: async () => {
        await access.directory.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
}

const SHARED = Symbol.for('paralelo.access.shared');
type Shared = { key: string; access: Promise<Access>; limiter: LoginLimiter };

/**
 * The process-wide access adapter (kept on globalThis like the store, so Next dev reloads reuse it): with
 * PARALELO_DATABASE_URL its accounts and sessions are in PostgreSQL, through the process-wide store's pool, so every
 * web instance knows the same accounts.
 */
export function getSharedAccess(config: AccessConfig): Promise<Access> {
  return shared(config).access;
}

/** The process-wide limiter of failed sign-ins. */
export function getLoginLimiter(config: AccessConfig): LoginLimiter {
  return shared(config).limiter;
}

function shared(config: AccessConfig): Shared {
  const g = globalThis as typeof globalThis & { [SHARED]?: Shared };
  const where = config.database ? `${config.database.url}#${config.database.schema}` : config.dbPath;
  const key = `${where}|${config.authMode}`;
  if (g[SHARED]?.key === key) return g[SHARED];
  const { database } = config;
  const access = database
    ? getSharedStore({ ...config, database }).then(async (store) => openAccess(config, await accountsOf(store)))
    : openAccess(config);
  const entry: Shared = { key, access, limiter: createLoginLimiter() };
  // Its directory (better-auth's database handle) is released before the shared store whose pool it uses.
  void access.then(
    (opened) =>
      onShutdown('accounts', async () => {
        if (g[SHARED] === entry) delete g[SHARED];
        await opened.directory.close();
      }),
    () => {},
  );
  // A failed open is not kept: the next request tries again (the database may have been fixed meanwhile).
  access.catch(() => {
    if (g[SHARED] === entry) delete g[SHARED];
  });
  g[SHARED] = entry;
  return entry;
}
