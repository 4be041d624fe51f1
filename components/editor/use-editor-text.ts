import { useState } from 'react';
import type { StoredDraft } from '@/components/common/drafts';

/**
 * The editor's text and the version it is written on. Until the user types (or restores a draft) the text is the
 * server's and follows it (a machine translation arriving, a suggestion taken elsewhere); from then on it is theirs
 * until it is saved. A restored draft keeps its own version, so saving it over newer work conflicts.
 */
export function useEditorText(current: string, version: string, restore: StoredDraft | null) {
  const [text, setText] = useState(restore?.text ?? current);
  const [base, setBase] = useState(restore?.version ?? version);
  const [touched, setTouched] = useState(Boolean(restore));
  const [followed, setFollowed] = useState({ current, version });
  if (!touched && (followed.current !== current || followed.version !== version)) {
    setFollowed({ current, version });
    setText(current);
    setBase(version);
  }

  /** The user typed (or restored a draft written on `on`). */
  const take = (value: string, on?: string) => {
    setTouched(true);
    setText(value);
    if (on !== undefined) setBase(on);
  };

  /** Saved: the text is the server's again, written on the saved version. */
  const saved = (on: string) => {
    setTouched(false);
    setBase(on);
  };

  return { text, base, touched, take, saved, setText, setBase };
}
