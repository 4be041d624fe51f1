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
