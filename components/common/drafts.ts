/**
 * Unsaved drafts in localStorage, keyed by document, paragraph and the version they were written on,
 * so a reload or a crashed tab gives the text back (and a draft written on an older version is still offered).
 */
export interface StoredDraft {
  slug: string;
  index: number;
  /** The paragraph version the draft was written on (sent as If-Match when it is saved). */
  version: string;
  text: string;
  /** Milliseconds since the epoch. */
  savedAt: number;
}

const PREFIX = 'paralelo:draft:v1:';

function keyOf(slug: string, index: number, version: string): string {
  return `${PREFIX}${encodeURIComponent(slug)}:${index}:${encodeURIComponent(version)}`;
}

function paragraphPrefix(slug: string, index: number): string {
  return `${PREFIX}${encodeURIComponent(slug)}:${index}:`;
}

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null; // storage disabled (privacy settings): drafts just do not survive
  }
}

/** Writes (or replaces) the draft of a paragraph at a version. */
export function writeDraft(draft: StoredDraft): void {
  try {
    storage()?.setItem(keyOf(draft.slug, draft.index, draft.version), JSON.stringify(draft));
  } catch {
    // quota exceeded: the text is still in the textarea
  }
}

/** Removes the draft written on one version (the text went back to what is saved). */
export function removeDraft(slug: string, index: number, version: string): void {
  try {
    storage()?.removeItem(keyOf(slug, index, version));
  } catch {
    // nothing to remove
  }
}

/** The newest stored draft of a paragraph, whatever version it was written on. */
export function readDraft(slug: string, index: number): StoredDraft | null {
  const store = storage();
  if (!store) return null;
  const prefix = paragraphPrefix(slug, index);
  let newest: StoredDraft | null = null;
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (!key?.startsWith(prefix)) continue;
    try {
      const value = JSON.parse(store.getItem(key) ?? 'null') as StoredDraft | null;
      if (value && typeof value.text === 'string' && (!newest || value.savedAt > newest.savedAt)) newest = value;
    } catch {
      // a damaged entry is ignored
    }
  }
  return newest;
}

/** Removes every draft of a paragraph (after a save, or when the user discards it). */
export function clearDrafts(slug: string, index: number): void {
  const store = storage();
  if (!store) return;
  const prefix = paragraphPrefix(slug, index);
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}
