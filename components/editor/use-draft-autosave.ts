import { useCallback, useEffect, useRef } from 'react';
import { clearDrafts, removeDraft, writeDraft } from '@/components/common/drafts';

/** How often typing is written to localStorage at most. */
const DRAFT_THROTTLE_MS = 400;

/** The next draft to write: its text on a version, and the saved text it is compared with (equal: nothing to keep). */
type PendingDraft = { version: string; text: string; savedText: string };

/**
 * Keeps the editor's text in localStorage while the user types (throttled), so a reload, a closed tab or a crash
 * loses at most the last few hundred milliseconds of typing. Text equal to what is saved removes the draft.
 */
export function useDraftAutosave(slug: string, index: number) {
  const pending = useRef<(PendingDraft & { slug: string; index: number }) | null>(null);
  const timer = useRef<number | null>(null);

  /** Forgets the write that is waiting, without writing it. */
  const drop = useCallback(() => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    pending.current = null;
  }, []);

  /** Writes the waiting draft now. */
  const flush = useCallback(() => {
    const draft = pending.current;
    drop();
    if (!draft) return;
    if (draft.text === draft.savedText) removeDraft(draft.slug, draft.index, draft.version);
    else
      writeDraft({
        slug: draft.slug,
        index: draft.index,
        version: draft.version,
        text: draft.text,
        savedAt: Date.now(),
      });
  }, [drop]);

  /** The user typed: the draft is written within DRAFT_THROTTLE_MS. */
  const record = useCallback(
    (draft: PendingDraft) => {
      pending.current = { ...draft, slug, index };
      if (timer.current === null) timer.current = window.setTimeout(flush, DRAFT_THROTTLE_MS);
    },
    [slug, index, flush],
  );

  /** Writes a draft at once (on another version: after a conflict), replacing any write that waits. */
  const writeNow = useCallback(
    (version: string, text: string) => {
      // A throttled write of the old base must not land after this one.
      drop();
      writeDraft({ slug, index, version, text, savedAt: Date.now() });
    },
    [slug, index, drop],
  );

  /** Removes every draft of the paragraph (it was saved, or the user took the other version). */
  const forget = useCallback(() => {
    drop();
    clearDrafts(slug, index);
  }, [slug, index, drop]);

  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  return { record, flush, writeNow, forget };
}
