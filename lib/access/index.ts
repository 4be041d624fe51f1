import type { ParaleloConfig } from '../config';
import { createAccountsAccess } from './accounts';
import { openBetterAuthDirectory, type AuthDatabase } from './better-auth';
import { createLocalAccess } from './local';
import { createLoginLimiter, type LoginLimiter } from './login';
import type { Access } from './types';

export type { Access, AccessMode, Directory, Identity, TokenRecord, UserRecord } from './types';
export type { AuthDatabase } from './better-auth';
export { can, isRole, leastRoleFor, ROLES, type Action, type Role } from './roles';

type AccessConfig = Pick<ParaleloConfig, 'dbPath' | 'authMode' | 'origins' | 'port' | 'authSecret'>;

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

const SHARED = Symbol.for('paralelo.access.shared');
type Shared = { key: string; access: Promise<Access>; limiter: LoginLimiter };

/** The process-wide access adapter (kept on globalThis like the store, so Next dev reloads reuse it). */
export function getSharedAccess(config: AccessConfig): Promise<Access> {
  return shared(config).access;
}

/** The process-wide limiter of failed sign-ins. */
export function getLoginLimiter(config: AccessConfig): LoginLimiter {
  return shared(config).limiter;
}

function shared(config: AccessConfig): Shared {
  const g = globalThis as typeof globalThis & { [SHARED]?: Shared };
  const key = `${config.dbPath}|${config.authMode}`;
  if (g[SHARED]?.key === key) return g[SHARED];
  const access = openAccess(config);
  const entry: Shared = { key, access, limiter: createLoginLimiter() };
  // A failed open is not kept: the next request tries again (the database may have been fixed meanwhile).
  access.catch(() => {
    if (g[SHARED] === entry) delete g[SHARED];
  });
  g[SHARED] = entry;
  return entry;
}
