'use client';

import { useTranslations } from 'next-intl';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { linkedParagraph } from './sentence-links';
import { REVIEW_PARAM } from './view-mode';
import type { ParagraphView } from '@/lib/documents/types';
import type { SaveKind } from '@/lib/documents/save-input';
import type { RevisionStatusValue } from '@/lib/store/types';
import { newClientSaveId, saveParagraph, type SaveAnswer } from './api';
import type { StoredDraft } from './drafts';
import { useLatest } from './use-latest';

/** What every cell may read: which paragraph is open, and where. Changes rarely. */
export interface EditorState {
  slug: string;
  editing: { index: number; restore: StoredDraft | null } | null;
  /** Paragraph indices of this page, in reading order (for next/previous). */
  order: number[];
  /** Cells whose stored draft was just saved or discarded ask again. */
  draftsTick: number;
}

/** What cells and the editor may do. Stable across renders, so cells do not re-render when it is read. */
export interface EditorActions {
  open: (index: number, restore?: StoredDraft | null) => void;
  /** Closes the editor and gives the focus back to the paragraph. */
  close: (index: number) => void;
  /** Opens the next (+1) or previous (-1) paragraph of the page. */
  move: (index: number, delta: 1 | -1) => void;
  /**
   * Opens the next paragraph nobody has approved after `after` (wrapping; on another page, goes there). `done`:
   * `after` itself was just approved, so it is no candidate.
   */
  reviewNext: (after: number, done?: boolean) => void;
  /** Puts the server's view of a paragraph in place (after a save, a revert or a conflict). */
  applyParagraph: (paragraph: ParagraphView) => void;
  announce: (message: string) => void;
  draftsChanged: () => void;
  /** A save with no text box behind it (taking or dismissing a machine suggestion). */
  quickSave: (
    paragraph: ParagraphView,
    body: { text: string; status: RevisionStatusValue; kind: SaveKind },
  ) => PendingSave;
}

type PendingSave = Promise<SaveAnswer>;

const StateContext = createContext<EditorState | null>(null);
const ActionsContext = createContext<EditorActions | null>(null);

/** The cell id a closed editor gives the focus back to. */
export function cellId(index: number): string {
  return `en-${index}`;
}

export const CELL_HINT_ID = 'editor-cell-hint';

export function useEditorState(): EditorState {
  const value = useContext(StateContext);
  if (!value) throw new Error('editor: useEditorState outside EditorProvider');
  return value;
}

export function useEditorActions(): EditorActions {
  const value = useContext(ActionsContext);
  if (!value) throw new Error('editor: useEditorActions outside EditorProvider');
  return value;
}

/** Where the next paragraph to review is: on this page (href null) or at a link to another page. */
export type NextToReview = { index: number; href: string | null } | null;

type Props = {
  slug: string;
  order: number[];
  onParagraph: (paragraph: ParagraphView) => void;
  findNextToReview: (after: number, done: boolean) => NextToReview;
  children: ReactNode;
};

/** Holds which paragraph is being edited and the live region every outcome is announced in. */
export default function EditorProvider({ slug, order, onParagraph, findNextToReview, children }: Props) {
  const t = useTranslations('editor');
  const [editing, setEditing] = useState<EditorState['editing']>(null);
  const [message, setMessage] = useState('');
  const [draftsTick, setDraftsTick] = useState(0);
  const focusCell = useRef<number | null>(null);
  const clearTimer = useRef<number | undefined>(undefined);
  // Read by the actions, which stay the same across renders so that cells do not re-render when they read them.
  const orderRef = useLatest(order);
  const onParagraphRef = useLatest(onParagraph);
  const findNextRef = useLatest(findNextToReview);
  const quickSaves = useRef(new Map<string, string>());

  useEffect(() => {
    // Arriving from "Next to review" on another page (?review=1#p-N): the editor opens on that paragraph.
    const url = new URL(window.location.href);
    const linked = linkedParagraph(url.hash);
    if (url.searchParams.get(REVIEW_PARAM) === '1' && linked !== null && orderRef.current.includes(linked))
      setEditing({ index: linked, restore: null });
  }, [orderRef]);

  useEffect(() => {
    if (editing || focusCell.current === null) return;
    document.getElementById(cellId(focusCell.current))?.focus();
    focusCell.current = null;
  }, [editing]);

  const announce = useCallback((text: string) => {
    // The same sentence twice in a row must be read twice: clear first, then set.
    setMessage('');
    window.clearTimeout(clearTimer.current);
    window.setTimeout(() => setMessage(text), 30);
    // The visible toast goes away; the next message is announced afresh.
    clearTimer.current = window.setTimeout(() => setMessage(''), 8000);
  }, []);

  const actions = useMemo<EditorActions>(
    () => ({
      open: (index, restore = null) => setEditing({ index, restore }),
      close: (index) => {
        focusCell.current = index;
        setEditing(null);
      },
      move: (index, delta) => {
        const at = orderRef.current.indexOf(index);
        const next = orderRef.current[at + delta];
        if (next === undefined) {
          announce(delta > 0 ? t('announce.lastParagraph') : t('announce.firstParagraph'));
          return;
        }
        setEditing({ index: next, restore: null });
      },
      reviewNext: (after, done = false) => {
        const next = findNextRef.current(after, done);
        if (next === null) {
          if (done) {
            focusCell.current = after;
            setEditing(null);
          }
          announce(t('announce.allApproved'));
        } else if (next.href !== null) window.location.assign(next.href);
        else setEditing({ index: next.index, restore: null });
      },
      applyParagraph: (paragraph) => onParagraphRef.current(paragraph),
      announce,
      draftsChanged: () => setDraftsTick((n) => n + 1),
      quickSave: async (paragraph, body) => {
        // One id per attempt: a repeated click while the first is on its way is the same save.
        const attemptKey = `${paragraph.index}:${paragraph.version ?? '0'}:${body.kind}:${body.text}`;
        const clientSaveId = quickSaves.current.get(attemptKey) ?? newClientSaveId();
        quickSaves.current.set(attemptKey, clientSaveId);
        const result = await saveParagraph({
          slug,
          index: paragraph.index,
          version: paragraph.version ?? '0',
          text: body.text,
          status: body.status,
          clientSaveId,
          saveKind: body.kind,
        });
        if (result.kind !== 'failed') quickSaves.current.delete(attemptKey);
        if (result.kind === 'saved') onParagraphRef.current(result.paragraph);
        if (result.kind === 'conflict') onParagraphRef.current(result.current);
        return result;
      },
    }),
    [announce, slug, t, orderRef, onParagraphRef, findNextRef],
  );

  const state = useMemo<EditorState>(() => ({ slug, editing, order, draftsTick }), [slug, editing, order, draftsTick]);

  return (
    <ActionsContext.Provider value={actions}>
      <StateContext.Provider value={state}>
        <p id={CELL_HINT_ID} className="sr-only">
          {t('cellHint')}
        </p>
        {children}
        <div className="editor-live" aria-live="polite" aria-atomic="true" data-testid="editor-announcer">
          {message}
        </div>
      </StateContext.Provider>
    </ActionsContext.Provider>
  );
}
