import { memoryRuns, type MemoryWindow } from './memory-runs';
import { byTerm, lastOfEachTerm } from './glossary-entries';
import { bestMemory, isSameAsLatest } from './revisions';
import { finiteScore } from './rows';
import {
  StoreError,
  type ImportedMemoryEntry,
  type JobState,
  type MachineScore,
  type MachineTranslationEntry,
  type AppendRevisionResult,
  type CheckIgnoreEvent,
  type StoredGlossaryEntry,
  type MemoryEntry,
  type NewRevision,
  type RevisionRecord,
  type Store,
} from './types';

/** A translation-memory pair as kept in memory, with what ranks it. */
interface MemoryRow extends MemoryEntry {
  slug: string;
  paragraphIndex: number;
  approved: boolean;
  revisionId: number;
}

/** The data behind memory stores; handles opened on the same MemoryDatabase see each other's writes, like a file. */
export interface MemoryDatabase {
  translations: Map<string, Map<string, string>>;
  /** Scores of the cached translations, by model then key (a key written without a score has none). */
  scores: Map<string, Map<string, MachineScore>>;
  jobs: Map<string, JobState>;
  /** Every revision, in id order (ids are positions + 1). */
  revisions: RevisionRecord[];
  memory: MemoryRow[];
  /** Imported pairs by origin file, in import order. */
  imported: (ImportedMemoryEntry & { origin: string; order: number })[];
  /** The windows of queued runs, by run id. */
  windows: Map<string, MemoryWindow[]>;
  /** QA ignore events, in id order (ids are positions + 1). */
  checkIgnores: CheckIgnoreEvent[];
  /** The glossary, and the id the next entry gets. */
  glossary: StoredGlossaryEntry[];
  glossaryNextId: number;
  /** Counts the writes of revisions, machine translations and memory (Store.translationVersion). */
  translationVersion: number;
}

/** An empty in-memory database. */
export function createMemoryDatabase(): MemoryDatabase {
  return {
    translations: new Map(),
    scores: new Map(),
    jobs: new Map(),
    revisions: [],
    memory: [],
    imported: [],
    windows: new Map(),
    checkIgnores: [],
    glossary: [],
    glossaryNextId: 1,
    translationVersion: 0,
  };
}

// NUL cannot occur in a slug or model id, so the pair maps to one key without ambiguity.
const jobKey = (slug: string, modelId: string) => `${modelId}\u0000${slug}`;

/** A Store kept in memory (tests, throwaway runs); pass a MemoryDatabase to share data between handles. */
export function createMemoryStore(database: MemoryDatabase = createMemoryDatabase()): Store {
  let closed = false;
  const check = (doing: string) => {
    if (closed) throw new StoreError('closed', `${doing}: the memory store is closed`);
  };
  /** appendRevision's check and write, synchronous: nothing can run between them. */
  const appendOne = (revision: NewRevision, expectedBaseId: number | null): AppendRevisionResult => {
    const mine = database.revisions.filter(
      (r) => r.slug === revision.slug && r.paragraphIndex === revision.paragraphIndex,
    );
    const earlier = mine.find((r) => r.clientSaveId === revision.clientSaveId);
    if (earlier) return { ok: true, kind: 'replayed', revision: { ...earlier } };
    const latest = mine.at(-1) ?? null;
    if ((latest?.id ?? null) !== expectedBaseId)
      return { ok: false, code: 'conflict', latest: latest && { ...latest } };
    if (latest && isSameAsLatest(revision, latest)) return { ok: true, kind: 'unchanged', revision: { ...latest } };
    const { memory, ...fields } = revision;
    const stored: RevisionRecord = {
      ...fields,
      baseRevisionId: latest?.id ?? null,
      id: database.revisions.length + 1,
    };
    database.revisions.push(stored);
    database.translationVersion += 1;
    // A new array (not filtered in place): appendRevisions restores the previous one on a conflict.
    database.memory = database.memory.filter(
      (m) => !(m.slug === revision.slug && m.paragraphIndex === revision.paragraphIndex),
    );
    for (const m of memory) {
      database.memory.push({
        level: m.level,
        sourceKey: m.sourceKey,
        target: m.target,
        slug: revision.slug,
        paragraphIndex: revision.paragraphIndex,
        approved: revision.status === 'approved',
        revisionId: stored.id,
      });
    }
    return { ok: true, kind: 'saved', revision: { ...stored } };
  };
  const putTranslations = (modelId: string, entries: readonly MachineTranslationEntry[]) => {
    database.translationVersion += 1;
    let cache = database.translations.get(modelId);
    if (!cache) database.translations.set(modelId, (cache = new Map()));
    let scores = database.scores.get(modelId);
    if (!scores) database.scores.set(modelId, (scores = new Map()));
    for (const e of entries) {
      cache.set(e.sourceKey, e.target);
      const score = finiteScore(e.score);
      if (score) scores.set(e.sourceKey, score);
      else scores.delete(e.sourceKey);
    }
  };
  return {
    kind: 'memory',
    ...memoryRuns(database, jobKey, check, putTranslations),
    async recordCheckIgnore(event) {
      check('recording an ignored finding');
      const stored = { ...event, id: database.checkIgnores.length + 1 };
      database.checkIgnores.push(stored);
      return { ...stored };
    },
    async listCheckIgnores(slug, paragraphIndex) {
      check('reading ignored findings');
      return database.checkIgnores
        .filter((e) => e.slug === slug && (paragraphIndex === undefined || e.paragraphIndex === paragraphIndex))
        .map((e) => ({ ...e }));
    },
    async listGlossary() {
      check('reading the glossary');
      return database.glossary.map((e) => structuredClone(e)).sort(byTerm);
    },
    async upsertGlossaryEntries(entries) {
      check('writing glossary entries');
      let added = 0;
      let updated = 0;
      for (const e of lastOfEachTerm(entries)) {
        const at = database.glossary.findIndex((g) => g.term === e.term);
        if (at >= 0) {
          database.glossary[at] = { ...structuredClone(e), id: database.glossary[at]!.id };
          updated++;
        } else {
          database.glossary.push({ ...structuredClone(e), id: database.glossaryNextId++ });
          added++;
        }
      }
      return { added, updated };
    },
    async updateGlossaryEntry(id, entry) {
      check('changing a glossary entry');
      const at = database.glossary.findIndex((g) => g.id === id);
      if (at < 0) return undefined;
      if (database.glossary.some((g) => g.term === entry.term && g.id !== id)) return 'exists';
      database.glossary[at] = { ...structuredClone(entry), id };
      return structuredClone(database.glossary[at]!);
    },
    async deleteGlossaryEntry(id) {
      check('deleting a glossary entry');
      const before = database.glossary.length;
      database.glossary = database.glossary.filter((g) => g.id !== id);
      return database.glossary.length < before;
    },
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
      putTranslations(modelId, entries);
    },
    async getMachineScores(modelId, sourceKeys) {
      check('reading machine scores');
      const scores = database.scores.get(modelId);
      const found = new Map<string, MachineScore>();
      for (const key of sourceKeys) {
        const score = scores?.get(key);
        if (score) found.set(key, { ...score });
      }
      return found;
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
      if (copy.runId === undefined) delete copy.runId;
      database.jobs.set(jobKey(state.slug, state.modelId), copy);
    },
    async listJobStates(modelId) {
      check('listing job states');
      return [...database.jobs.values()]
        .filter((s) => s.modelId === modelId)
        .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
        .map((s) => ({ ...s }));
    },
    async appendRevision(revision, expectedBaseId) {
      check('saving a revision');
      return appendOne(revision, expectedBaseId);
    },
    async appendRevisions(items) {
      check('saving revisions');
      // No await in here: the whole batch is one step of the event loop; a conflict restores what was there.
      const before = { revisions: database.revisions.length, memory: database.memory };
      const results: Extract<AppendRevisionResult, { ok: true }>[] = [];
      for (const [at, item] of items.entries()) {
        const result = appendOne(item.revision, item.expectedBaseId);
        if (!result.ok) {
          database.revisions.length = before.revisions;
          database.memory = before.memory;
          return { ok: false, code: 'conflict', at, latest: result.latest };
        }
        results.push(result);
      }
      return { ok: true, results };
    },
    async latestRevisions(slug) {
      check('reading revisions');
      const latest = new Map<number, RevisionRecord>();
      for (const r of database.revisions) if (r.slug === slug) latest.set(r.paragraphIndex, { ...r });
      return latest;
    },
    async listRevisions(slug, paragraphIndex, options) {
      check('listing revisions');
      const before = options.beforeId ?? Number.MAX_SAFE_INTEGER;
      return database.revisions
        .filter((r) => r.slug === slug && r.paragraphIndex === paragraphIndex && r.id < before)
        .reverse()
        .slice(0, Math.max(0, options.limit))
        .map((r) => ({ ...r }));
    },
    async getRevision(slug, paragraphIndex, id) {
      check('reading a revision');
      const r = database.revisions[id - 1];
      return r && r.slug === slug && r.paragraphIndex === paragraphIndex ? { ...r } : undefined;
    },
    async lookupMemory(paragraphKeys, sentenceKeys) {
      check('reading translation memory');
      const best = (level: MemoryEntry['level'], keys: readonly string[]) => {
        const wanted = new Set(keys);
        return bestMemory([
          ...database.memory
            .filter((m) => m.level === level && wanted.has(m.sourceKey))
            .map((m) => ({ ...m, imported: false, order: m.revisionId })),
          ...database.imported
            .filter((m) => m.level === level && wanted.has(m.sourceKey))
            .map((m) => ({ ...m, imported: true })),
        ]);
      };
      return { paragraphs: best('paragraph', paragraphKeys), sentences: best('sentence', sentenceKeys) };
    },
    async importMemory(entries, origin) {
      check('importing translation memory');
      database.translationVersion += 1;
      for (const e of entries) {
        const order = database.imported.length + 1;
        const copy = { level: e.level, sourceKey: e.sourceKey, target: e.target, approved: e.approved, origin, order };
        const at = database.imported.findIndex(
          (m) => m.origin === origin && m.level === e.level && m.sourceKey === e.sourceKey,
        );
        if (at >= 0) database.imported[at] = { ...copy, order: database.imported[at]!.order };
        else database.imported.push(copy);
      }
      return { stored: entries.length };
    },
    async translationVersion() {
      check('reading the translations version');
      return String(database.translationVersion);
    },
    async close() {
      closed = true;
    },
  };
}
