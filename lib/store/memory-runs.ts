import { randomUUID } from 'node:crypto';
import { initialRunState, refuseNotice, stateAfterCommit, windowsInPriority, type RunMethods } from './runs';
import type { JobState, MachineTranslationEntry, WindowRecord } from './types';

/** A window as the memory store keeps it: the record plus its claim order and current token. */
export interface MemoryWindow extends WindowRecord {
  order: number;
  token: string | null;
}

/** The part of a MemoryDatabase that queued runs use. */
export interface MemoryRunData {
  jobs: Map<string, JobState>;
  windows: Map<string, MemoryWindow[]>;
}

/**
 * The memory store's queued runs. Every method runs without an await between its checks and writes, so each is
 * atomic on the event loop as a transaction would be.
 */
export function memoryRuns(
  data: MemoryRunData,
  jobKey: (slug: string, modelId: string) => string,
  check: (doing: string) => void,
  putTranslations: (modelId: string, entries: readonly MachineTranslationEntry[]) => void,
): RunMethods {
  const running = (runId: string): JobState | undefined => {
    for (const state of data.jobs.values()) if (state.runId === runId && state.status === 'running') return state;
    return undefined;
  };
  const copy = (w: MemoryWindow): WindowRecord => ({
    runId: w.runId,
    window: w.window,
    paragraphs: w.paragraphs.map((p) => ({ index: p.index, keys: [...p.keys] })),
    jobKey: w.jobKey,
    attempts: w.attempts,
    claimedBy: w.claimedBy,
    committedBy: w.committedBy,
    committedAt: w.committedAt,
  });
  const claimOf = (state: JobState, w: MemoryWindow) => ({
    runId: w.runId,
    slug: state.slug,
    modelId: state.modelId,
    window: w.window,
    paragraphs: copy(w).paragraphs,
    token: w.token!,
    attempt: w.attempts,
  });

  return {
    async startRun(plan) {
      check('starting a run');
      const key = jobKey(plan.slug, plan.modelId);
      const current = data.jobs.get(key);
      if (current?.status === 'running' && current.runId) return { started: false, state: { ...current } };
      if (current?.runId) data.windows.delete(current.runId);
      const state = initialRunState(plan);
      data.jobs.set(key, state);
      data.windows.set(
        plan.runId,
        plan.windows.map((paragraphs, window) => ({
          runId: plan.runId,
          window,
          order: window,
          paragraphs: paragraphs.map((p) => ({ index: p.index, keys: [...p.keys] })),
          jobKey: null,
          token: null,
          attempts: 0,
          claimedBy: null,
          committedBy: null,
          committedAt: null,
        })),
      );
      return { started: true, state: { ...state } };
    },

    async claimWindow(runId, jobKeyOfQueue, worker) {
      check('claiming a window');
      const windows = data.windows.get(runId);
      if (!windows || windows.length === 0) return { status: 'unknown' };
      const state = running(runId);
      if (!state) return { status: 'none' };
      const bound = windows.find((w) => w.jobKey === jobKeyOfQueue);
      if (bound?.committedBy) return { status: 'committed', window: copy(bound), state: { ...state } };
      const next = bound ?? [...windows].sort((a, b) => a.order - b.order).find((w) => w.jobKey === null);
      if (!next) return { status: 'none' };
      Object.assign(next, { jobKey: jobKeyOfQueue, token: randomUUID(), claimedBy: worker });
      next.attempts += 1;
      return { status: 'claimed', claim: claimOf(state, next) };
    },

    async commitWindow(claim, entries, worker, now, notice) {
      check('committing a window');
      refuseNotice(notice, 'memory');
      const state = running(claim.runId);
      if (!state) return { ok: false, reason: 'ended' };
      const windows = data.windows.get(claim.runId) ?? [];
      const w = windows.find((x) => x.window === claim.window);
      if (!w || w.token !== claim.token || w.committedBy) return { ok: false, reason: 'stale' };
      putTranslations(claim.modelId, entries);
      Object.assign(w, { committedBy: worker, committedAt: now });
      const open = windows.filter((x) => !x.committedBy).length;
      const next = stateAfterCommit(state, w.paragraphs.length, open, now);
      data.jobs.set(jobKey(state.slug, state.modelId), next);
      return { ok: true, state: { ...next } };
    },

    async endRun(runId, status, now, failure, notice) {
      check('ending a run');
      refuseNotice(notice, 'memory');
      const state = running(runId);
      if (!state) return undefined;
      const ended: JobState = { ...state, status, updatedAt: now };
      if (failure) Object.assign(ended, { errorCode: failure.code, errorMessage: failure.message });
      data.jobs.set(jobKey(state.slug, state.modelId), ended);
      return { ...ended };
    },

    async prioritizeRun(runId, fromIndex) {
      check('prioritizing a run');
      if (!running(runId)) return false;
      const open = (data.windows.get(runId) ?? []).filter((w) => w.jobKey === null);
      const order = windowsInPriority(open, fromIndex);
      const base = Math.min(...open.map((w) => w.order));
      order.forEach((window, i) => {
        const w = open.find((x) => x.window === window);
        if (w) w.order = base + i;
      });
      return true;
    },

    async runWindows(runId) {
      check('listing windows');
      return (data.windows.get(runId) ?? []).map(copy);
    },
  };
}
