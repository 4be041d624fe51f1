import type pg from 'pg';
import type { ParaleloConfig } from '../config';
import { onShutdown } from '../shutdown';
import { loadPostgresAdapter } from './postgres-location';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

export type {
  AppendRevisionResult,
  ImportedMemoryEntry,
  JobState,
  JobStatus,
  MachineScore,
  MachineTranslationEntry,
  MemoryEntry,
  MemoryMatches,
  NewRevision,
  RevisionKind,
  RevisionRecord,
  RevisionStatusValue,
  Store,
  StoreErrorCode,
} from './types';
export { StoreError } from './types';
export { createMemoryDatabase, createMemoryStore, type MemoryDatabase } from './memory';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite';
export type { PostgresStoreOptions } from './postgres';
export { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';

type StoreConfig = Pick<ParaleloConfig, 'dbPath'> & Partial<Pick<ParaleloConfig, 'database'>>;

/**
 * Opens a new handle on the configured store (PostgreSQL when configured, else SQLite at config.dbPath). The
 * PostgreSQL adapter (and pg with it) is loaded only when chosen: a SQLite user's commands never pay for it.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (!config.database) return openSqliteStore(config.dbPath);
  const { openPostgresStore } = await loadPostgresAdapter(() => import('./postgres'));
  return openPostgresStore(config.database);
}

/** The pool of a PostgreSQL store (for the accounts and documents of its database), or null for SQLite. */
export async function poolOfStore(store: Store): Promise<pg.Pool | null> {
  if (store.kind !== 'postgres') return null;
  const { postgresPoolOf } = await loadPostgresAdapter(() => import('./postgres'));
  return postgresPoolOf(store);
}

/** One key per place a store lives: two configurations naming the same database share one handle. */
function storeKey(config: StoreConfig): string {
  return config.database ? `${config.database.url}#${config.database.schema}` : config.dbPath;
}

// Kept on globalThis, not in module scope: Next dev re-evaluates modules on every hot reload, and each evaluation
// would otherwise open one more connection to the same file.
const SHARED = Symbol.for('paralelo.store.shared');
type SharedStores = Map<string, Promise<Store>>;

function sharedStores(): SharedStores {
  const g = globalThis as typeof globalThis & { [SHARED]?: SharedStores };
  return (g[SHARED] ??= new Map());
}

/**
 * The process-wide store handle for the configured database, opened on first use. Closing it through close() forgets it, so
 * the next call opens a fresh one.
 */
export function getSharedStore(config: StoreConfig): Promise<Store> {
  const stores = sharedStores();
  const key = storeKey(config);
  const existing = stores.get(key);
  if (existing) return existing;
  const opening = openStore(config).then((store): Store => {
    const close = store.close.bind(store);
    const shared: Store = Object.assign(Object.create(store) as Store, {
      close: async () => {
        forget();
        if (stores.get(key) === opening) stores.delete(key);
        await close();
      },
    });
    // A PostgreSQL pool keeps the process alive: `paralelo serve` closes it on SIGTERM.
    const forget = onShutdown('store', () => shared.close());
    return shared;
  });
  // A failed open is not cached: the user fixes the file and the next request tries again.
  opening.catch(() => stores.delete(key));
  stores.set(key, opening);
  return opening;
}
