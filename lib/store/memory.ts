import { StoreError, type JobState, type MachineTranslationEntry, type Store } from './types';

/** The data behind memory stores; handles opened on the same MemoryDatabase see each other's writes, like a file. */
export interface MemoryDatabase {
  translations: Map<string, Map<string, string>>;
  jobs: Map<string, JobState>;
}

/** An empty in-memory database. */
export function createMemoryDatabase(): MemoryDatabase {
  return { translations: new Map(), jobs: new Map() };
}

// NUL cannot occur in a slug or model id, so the pair maps to one key without ambiguity.
const jobKey = (slug: string, modelId: string) => `${modelId}\u0000${slug}`;

/** A Store kept in memory (tests, throwaway runs); pass a MemoryDatabase to share data between handles. */
export function createMemoryStore(database: MemoryDatabase = createMemoryDatabase()): Store {
  let closed = false;
  const check = (doing: string) => {
    if (closed) throw new StoreError('closed', `${doing}: the memory store is closed`);
  };
  return {
    kind: 'memory',
    async getMachineTranslations(modelId, sourceKeys) {
      check('reading machine translations');
      const cache = database.translations.get(modelId);
      const found = new Map<string, string>();
      if (!cache) return found;
      for (const key of sourceKeys) {
        const target = cache.get(key);
        if (target !== undefined) found.set(key, target);
      }
      return found;
    },
    async putMachineTranslations(modelId, entries: readonly MachineTranslationEntry[]) {
      check('writing machine translations');
      let cache = database.translations.get(modelId);
      if (!cache) database.translations.set(modelId, (cache = new Map()));
      for (const e of entries) cache.set(e.sourceKey, e.target);
    },
    async countMachineTranslations(modelId, sourceKeys) {
      check('counting machine translations');
      const cache = database.translations.get(modelId);
      if (!cache) return 0;
      let count = 0;
      for (const key of new Set(sourceKeys)) if (cache.has(key)) count++;
      return count;
    },
    async getJobState(slug, modelId) {
      check('reading a job state');
      const state = database.jobs.get(jobKey(slug, modelId));
      return state ? { ...state } : undefined;
    },
    async putJobState(state) {
      check('writing a job state');
      // Copy, and drop absent optional fields, so what comes back equals what SQLite would return.
      const copy: JobState = { ...state };
      if (copy.errorCode === undefined) delete copy.errorCode;
      if (copy.errorMessage === undefined) delete copy.errorMessage;
      database.jobs.set(jobKey(state.slug, state.modelId), copy);
    },
    async listJobStates(modelId) {
      check('listing job states');
      return [...database.jobs.values()]
        .filter((s) => s.modelId === modelId)
        .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
        .map((s) => ({ ...s }));
    },
    async close() {
      closed = true;
    },
  };
}
