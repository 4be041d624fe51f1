import type { ParaleloConfig } from '../config';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

export type {
  AppendRevisionResult,
  ImportedMemoryEntry,
  JobState,
  JobStatus,
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
export { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';

/** Opens a new handle on the configured store (SQLite at config.dbPath); the caller closes it. */
export async function openStore(config: Pick<ParaleloConfig, 'dbPath'>): Promise<Store> {
  return openSqliteStore(config.dbPath);
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
 * The process-wide store handle for config.dbPath, opened on first use. Closing it through close() forgets it, so
 * the next call opens a fresh one.
 */
export function getSharedStore(config: Pick<ParaleloConfig, 'dbPath'>): Promise<Store> {
  const stores = sharedStores();
  const existing = stores.get(config.dbPath);
  if (existing) return existing;
  const opening = openStore(config).then((store): Store => {
    const close = store.close.bind(store);
    return Object.assign(Object.create(store) as Store, {
      close: async () => {
        if (stores.get(config.dbPath) === opening) stores.delete(config.dbPath);
        await close();
      },
    });
  });
  // A failed open is not cached: the user fixes the file and the next request tries again.
  opening.catch(() => stores.delete(config.dbPath));
  stores.set(config.dbPath, opening);
  return opening;
}
