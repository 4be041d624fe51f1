import type { NewRevision, RevisionRecord } from './types';

/**
 * True when appending `revision` would record nothing new: same text, status, source and machine suggestion as the
 * latest revision. Such a save is answered with the latest revision instead of growing the history with twins.
 */
export function isSameAsLatest(revision: NewRevision, latest: RevisionRecord): boolean {
  return (
    revision.text === latest.text &&
    revision.status === latest.status &&
    revision.sourceHash === latest.sourceHash &&
    revision.machineText === latest.machineText
  );
}

/** One memory candidate: from a local revision or an imported file, with what ranks it. */
export interface MemoryCandidate {
  sourceKey: string;
  target: string;
  approved: boolean;
  imported: boolean;
  /** Larger is newer, comparable among candidates of the same source (revision id, or import order). */
  order: number;
}

/** Approved beats edited; at the same approval local revisions beat imported files; then newest first. */
export function bestMemory(candidates: readonly MemoryCandidate[]): Map<string, string> {
  const score = (c: MemoryCandidate) => (c.approved ? 2 : 0) + (c.imported ? 0 : 1);
  const ranked = [...candidates].sort((a, b) => score(b) - score(a) || b.order - a.order);
  const best = new Map<string, string>();
  for (const c of ranked) if (!best.has(c.sourceKey)) best.set(c.sourceKey, c.target);
  return best;
}
