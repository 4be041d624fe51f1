import { useCallback, useRef, useState } from 'react';
import { newClientSaveId, type SaveAnswer } from '@/components/common/api';
import type { RevisionStatusValue } from '@/lib/store/types';

/** One save attempt: retried as is (same clientSaveId) until the text, status or base version change. */
type Attempt = { id: string; text: string; status: RevisionStatusValue; version: string };

/**
 * Sends the editor's writes one at a time (a second click while the first is on its way does nothing) and makes
 * saves idempotent: a retry of a failed save with the same text, status and base reuses its clientSaveId, so the
 * server answers it as a replay rather than a second revision.
 */
export function useSaveAttempt() {
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const attempt = useRef<Attempt | null>(null);

  /** Runs one write, or answers null when another is on its way. */
  const once = useCallback(async (send: () => Promise<SaveAnswer>): Promise<SaveAnswer | null> => {
    if (inFlight.current) return null;
    inFlight.current = true;
    setBusy(true);
    try {
      return await send();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);

  /** Saves `fields` on top of `version`, reusing the clientSaveId of the failed attempt with the same ones. */
  const save = useCallback(
    async (
      fields: { text: string; status: RevisionStatusValue; version: string },
      send: (clientSaveId: string, version: string) => Promise<SaveAnswer>,
    ): Promise<SaveAnswer | null> => {
      if (inFlight.current) return null;
      const previous = attempt.current;
      const same =
        previous &&
        previous.text === fields.text &&
        previous.status === fields.status &&
        previous.version === fields.version;
      const now: Attempt = same ? previous : { id: newClientSaveId(), ...fields };
      attempt.current = now;
      const result = await once(() => send(now.id, now.version));
      if (result && result.kind !== 'failed') attempt.current = null;
      return result;
    },
    [once],
  );

  return { busy, save, once };
}
