'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { maxTextLengthFor } from '@/lib/documents/save-input';
import type { ParagraphView, RevisionView } from '@/lib/documents/types';
import type { RevisionStatusValue } from '@/lib/store/types';
import { newClientSaveId, revertParagraph, saveParagraph, type SaveAnswer } from './api';
import ConflictPanel from './ConflictPanel';
import DraftOffer from './DraftOffer';
import { clearDrafts, readDraft, removeDraft, writeDraft, type StoredDraft } from './drafts';
import { useEditorActions, useEditorState } from './editor-context';
import HistoryPanel from './HistoryPanel';
import { useIdentity } from '@/components/common/identity-context';
import ProfileForm from './ProfileForm';
import StatusBadges from './StatusBadges';

type Props = {
  paragraph: ParagraphView;
  sourceLang: string;
  targetLang: string;
  /** English-only mode: the Spanish is not on screen, so the editor shows it above the text box. */
  showSource: boolean;
  /** A draft the user chose to restore before the editor opened. */
  restore: StoredDraft | null;
};

/** One save attempt: retried as is (same clientSaveId) until the text, status or base version change. */
type Attempt = { id: string; text: string; status: RevisionStatusValue; version: string };

/** The next draft to write, and the saved text it is compared with (equal means: nothing to keep). */
type PendingSave = Promise<SaveAnswer>;

type PendingDraft = StoredDraft & { savedText: string };

const DRAFT_THROTTLE_MS = 400;

/** The in-place editor of one paragraph's English: text box, save/approve, drafts, conflicts and history. */
export default function ParagraphEditor({ paragraph, sourceLang, targetLang, showSource, restore }: Props) {
  const t = useTranslations('editor');
  const { slug } = useEditorState();
  const { close, move, reviewNext, applyParagraph, announce, draftsChanged } = useEditorActions();
  const mayApprove = useIdentity().may('approve');
  const index = paragraph.index;
  const number = index + 1;
  const current = paragraph.target?.text ?? '';
  const currentStatus = paragraph.target?.status ?? 'machine';
  const version = paragraph.version ?? '0';
  // Checked here too, so an over-long text is never sent: the server refuses it with the same limit (413).
  const maxLength = maxTextLengthFor(paragraph.source.length);

  const [text, setText] = useState(restore?.text ?? current);
  // The version this text is written on: a restored draft keeps its own, so saving it over newer work conflicts.
  const [base, setBase] = useState(restore?.version ?? version);
  const [offer, setOffer] = useState<StoredDraft | null>(null);
  const [conflict, setConflict] = useState<ParagraphView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const inFlight = useRef(false);
  const attempt = useRef<Attempt | null>(null);
  const pendingDraft = useRef<PendingDraft | null>(null);
  // Whether the user has typed (or restored a draft) since the last save: only then is the box theirs.
  const touched = useRef(Boolean(restore));
  const draftTimer = useRef<number | null>(null);
  const dirty = text !== current;
  // Save keeps an approval when the text is unchanged; any change to approved text needs approving again.
  const saveStatus: RevisionStatusValue = !dirty && currentStatus === 'approved' ? 'approved' : 'edited';

  // Open with the cursor at the end of the text.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
    if (!restore) {
      const stored = readDraft(slug, index);
      if (stored && stored.text !== current) setOffer(stored);
    }
  }, []);

  // The box grows with its text (no inner scrollbar).
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  }, [text]);

  // Untouched text follows the server (a machine translation arriving, a suggestion taken elsewhere).
  useEffect(() => {
    if (touched.current) return;
    setText(current);
    setBase(version);
  }, [current, version]);

  const flushDraft = useCallback(() => {
    if (draftTimer.current !== null) window.clearTimeout(draftTimer.current);
    draftTimer.current = null;
    const draft = pendingDraft.current;
    pendingDraft.current = null;
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
  }, []);

  // A reload, a closed tab or a crash loses at most the last few hundred milliseconds of typing.
  useEffect(() => {
    window.addEventListener('pagehide', flushDraft);
    return () => {
      window.removeEventListener('pagehide', flushDraft);
      flushDraft();
    };
  }, [flushDraft]);

  function edit(value: string) {
    touched.current = true;
    setText(value);
    setError(null);
    pendingDraft.current = { slug, index, version: base, text: value, savedAt: Date.now(), savedText: current };
    if (draftTimer.current === null) draftTimer.current = window.setTimeout(flushDraft, DRAFT_THROTTLE_MS);
  }

  function forgetDrafts() {
    if (draftTimer.current !== null) window.clearTimeout(draftTimer.current);
    draftTimer.current = null;
    pendingDraft.current = null;
    clearDrafts(slug, index);
    draftsChanged();
  }

  async function run(makeRequest: (clientSaveId: string, version: string) => PendingSave, status: RevisionStatusValue) {
    if (inFlight.current) return null; // a second click while the first save is on its way
    const previous = attempt.current;
    const same = previous && previous.text === text && previous.status === status && previous.version === base;
    const now: Attempt = same ? previous : { id: newClientSaveId(), text, status, version: base };
    attempt.current = now;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    const result = await makeRequest(now.id, now.version);
    inFlight.current = false;
    setBusy(false);
    if (result.kind !== 'failed') attempt.current = null;
    return result;
  }

  function onConflict(theirs: ParagraphView) {
    applyParagraph(theirs);
    const theirVersion = theirs.version ?? '0';
    // From now on the user's text is written on top of theirs: "Keep mine" is a plain save.
    setBase(theirVersion);
    setConflict(theirs);
    // A throttled write of the old base must not land after this one.
    if (draftTimer.current !== null) window.clearTimeout(draftTimer.current);
    draftTimer.current = null;
    pendingDraft.current = null;
    writeDraft({ slug, index, version: theirVersion, text, savedAt: Date.now() });
    draftsChanged();
    announce(t('announce.conflict', { number }));
  }

  const tooLong = (code: string) => code === 'too_long' || code === 'payload_too_large';
  const failureText = (result: { code: string; message: string }) =>
    result.code === 'network'
      ? t('form.offline')
      : tooLong(result.code)
        ? t('form.tooLong', { length: text.length, max: maxLength })
        : t('form.failed', { message: result.message || result.code });

  function onFailed(result: { code: string; message: string }) {
    setError(result);
    announce(
      tooLong(result.code)
        ? failureText(result)
        : t('announce.failed', { number, message: result.message || result.code }),
    );
  }

  /** What follows a save: close the editor, open the page's next paragraph, stay, or open the next to review. */
  function after(then: 'close' | 'next' | 'stay' | 'review') {
    if (then === 'next') move(index, 1);
    else if (then === 'close') close(index);
    else if (then === 'review') reviewNext(index, true);
  }

  async function save(status: RevisionStatusValue, then: 'close' | 'next' | 'stay' | 'review' = 'close') {
    if (!conflict && text === current && status === currentStatus && base === version) {
      announce(t('announce.noChanges', { number }));
      after(then);
      return;
    }
    if (text.length > maxLength) {
      onFailed({ code: 'too_long', message: '' });
      return;
    }
    const body = { text, status };
    const result = await run(
      (clientSaveId, v) => saveParagraph({ slug, index, version: v, ...body, clientSaveId, saveKind: 'save' }),
      status,
    );
    if (!result) return;
    if (result.kind === 'saved') {
      forgetDrafts();
      touched.current = false;
      applyParagraph(result.paragraph);
      setBase(result.paragraph.version ?? '0');
      setConflict(null);
      announce(t('announce.saved', { number, status: result.revision.status }));
      after(then);
    } else if (result.kind === 'conflict') onConflict(result.current);
    else onFailed(result);
  }

  async function revert(revision: RevisionView) {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    const result = await revertParagraph({
      slug,
      index,
      version,
      revisionId: revision.id,
      clientSaveId: newClientSaveId(),
    });
    inFlight.current = false;
    setBusy(false);
    if (result.kind === 'saved') {
      applyParagraph(result.paragraph);
      // The box follows unless the user has typed something of their own (that stays, on top of the revert).
      if (!touched.current) setText(result.paragraph.target?.text ?? revision.text);
      setBase(result.paragraph.version ?? '0');
      announce(t('announce.reverted', { number }));
    } else if (result.kind === 'conflict') {
      applyParagraph(result.current);
      announce(t('announce.conflict', { number }));
    } else onFailed(result);
  }

  function useTheirs() {
    const theirs = conflict?.target?.text ?? current;
    setText(theirs);
    setConflict(null);
    forgetDrafts();
    announce(t('announce.usedTheirs', { number }));
    close(index);
  }

  function cancel() {
    flushDraft();
    if (dirty) {
      draftsChanged();
      announce(t('announce.draftKept', { number }));
    }
    close(index);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const mod = e.ctrlKey || e.metaKey;
    if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    } else if (mayApprove && e.altKey && !mod && !e.shiftKey && e.key === 'Enter') {
      e.preventDefault();
      void save('approved', 'review');
    } else if (mod && e.key === 'Enter') {
      e.preventDefault();
      void save(saveStatus, e.shiftKey ? 'next' : 'close');
    } else if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      flushDraft();
      if (dirty) draftsChanged();
      move(index, e.key === 'ArrowDown' ? 1 : -1);
    }
  }

  const labelId = `editor-label-${index}`;
  const hintId = `editor-hint-${index}`;
  const approved = currentStatus === 'approved';
  // The length shows from 90% of the paragraph's limit on.
  const nearLimit = text.length > maxLength * 0.9;
  return (
    <div className="editor" role="group" aria-labelledby={labelId} onKeyDown={onKeyDown}>
      <p id={labelId} className="sr-only">
        {t('form.label', { number })}
      </p>
      <StatusBadges paragraph={paragraph} hasDraft={false} />
      {showSource ? (
        <figure className="editor-source">
          <figcaption>{t('form.source')}</figcaption>
          <blockquote lang={sourceLang}>{paragraph.source}</blockquote>
        </figure>
      ) : null}
      {offer ? (
        <DraftOffer
          draft={offer}
          version={version}
          number={number}
          onRestore={() => {
            touched.current = true;
            setText(offer.text);
            setBase(offer.version);
            setOffer(null);
            announce(t('announce.draftRestored', { number }));
            box.current?.focus();
          }}
          onDiscard={() => {
            setOffer(null);
            removeDraft(slug, index, offer.version);
            draftsChanged();
            announce(t('announce.draftDiscarded', { number }));
            box.current?.focus();
          }}
        />
      ) : null}
      {conflict ? (
        <ConflictPanel
          theirs={conflict}
          mine={text}
          targetLang={targetLang}
          busy={busy}
          onKeepMine={() => void save(saveStatus)}
          onUseTheirs={useTheirs}
        />
      ) : null}
      <label className="sr-only" htmlFor={`editor-text-${index}`}>
        {conflict ? t('form.yourText', { number }) : t('form.text', { number })}
      </label>
      <textarea
        id={`editor-text-${index}`}
        ref={box}
        className="editor-text"
        value={text}
        rows={3}
        spellCheck
        aria-describedby={hintId}
        onChange={(e) => edit(e.currentTarget.value)}
      />
      {nearLimit ? (
        <p className={`editor-length${text.length > maxLength ? ' error' : ''}`}>
          {t('form.length', { length: text.length, max: maxLength })}
        </p>
      ) : null}
      {error ? <p className="editor-error">{failureText(error)}</p> : null}
      <div className="editor-buttons">
        <button
          type="button"
          className="button button-primary"
          aria-disabled={busy}
          onClick={() => void save(saveStatus)}
        >
          {busy ? t('form.saving') : error ? t('form.retry') : t('form.save')}
        </button>
        <button type="button" className="button" aria-disabled={busy} onClick={() => void save(saveStatus, 'next')}>
          {t('form.saveNext')}
        </button>
        {!mayApprove ? null : approved && text === current ? (
          <button type="button" className="button" aria-disabled={busy} onClick={() => void save('edited', 'stay')}>
            {t('form.unapprove')}
          </button>
        ) : (
          <button type="button" className="button" aria-disabled={busy} onClick={() => void save('approved', 'stay')}>
            {t('form.approve')}
          </button>
        )}
        {mayApprove ? (
          <button
            type="button"
            className="button"
            aria-disabled={busy}
            aria-keyshortcuts="Alt+Enter"
            onClick={() => void save('approved', 'review')}
          >
            {t('form.approveNext')}
          </button>
        ) : null}
        <button type="button" className="button button-quiet" onClick={cancel}>
          {t('form.cancel')}
        </button>
        <button
          type="button"
          className="button button-quiet"
          aria-expanded={historyOpen}
          onClick={() => setHistoryOpen((o) => !o)}
        >
          {t('form.history')}
        </button>
      </div>
      <p id={hintId} className="editor-note editor-hint">
        <span className="sr-only">{t('form.hintLabel')}: </span>
        {t('form.hint')}
      </p>
      <ProfileForm />
      {historyOpen ? (
        <HistoryPanel
          slug={slug}
          index={index}
          version={version}
          machineText={paragraph.machine?.text ?? null}
          targetLang={targetLang}
          busy={busy}
          onRevert={(revision) => void revert(revision)}
          onLoaded={(count) => announce(t('announce.historyLoaded', { count }))}
        />
      ) : null}
    </div>
  );
}
