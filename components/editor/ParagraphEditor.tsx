'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { newClientSaveId, revertParagraph, saveParagraph } from '@/components/common/api';
import { readDraft, removeDraft, type StoredDraft } from '@/components/common/drafts';
import { useEditorActions, useEditorState } from '@/components/common/editor-context';
import { useIdentity } from '@/components/common/identity-context';
import CheckSentences from '@/components/confidence/CheckSentences';
import { maxTextLengthFor } from '@/lib/documents/save-input';
import type { ParagraphView, RevisionView } from '@/lib/documents/types';
import type { RevisionStatusValue } from '@/lib/store/types';
import ConflictPanel from './ConflictPanel';
import DraftOffer from './DraftOffer';
import EditorButtons from './EditorButtons';
import EditorTextBox, { textBoxId } from './EditorTextBox';
import GlossaryTerms from './GlossaryTerms';
import HistoryPanel from './HistoryPanel';
import ProfileForm from './ProfileForm';
import StatusBadges from './StatusBadges';
import { useDraftAutosave } from './use-draft-autosave';
import { useEditorKeys } from './use-editor-keys';
import { useEditorText } from './use-editor-text';
import { useSaveAttempt } from './use-save-attempt';

type Props = {
  paragraph: ParagraphView;
  sourceLang: string;
  targetLang: string;
  /** English-only mode: the Spanish is not on screen, so the editor shows it above the text box. */
  showSource: boolean;
  /** A draft the user chose to restore before the editor opened. */
  restore: StoredDraft | null;
};

/** What follows a save: close the editor, open the page's next paragraph, stay, or open the next to review. */
type Then = 'close' | 'next' | 'stay' | 'review';

type Failure = { code: string; message: string };

const tooLong = (code: string) => code === 'too_long' || code === 'payload_too_large';

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

  const { text, base, touched, take, saved, setText, setBase } = useEditorText(current, version, restore);
  // The editor opens only in the browser (after a click or a link), so localStorage can be read at once.
  const [offer, setOffer] = useState<StoredDraft | null>(() => {
    const stored = restore ? null : readDraft(slug, index);
    return stored && stored.text !== current ? stored : null;
  });
  const [conflict, setConflict] = useState<ParagraphView | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const focusBox = () => document.getElementById(textBoxId(index))?.focus();
  const drafts = useDraftAutosave(slug, index);
  const { busy, save: sendSave, once } = useSaveAttempt();
  const dirty = text !== current;
  // Save keeps an approval when the text is unchanged; any change to approved text needs approving again.
  const saveStatus: RevisionStatusValue = !dirty && currentStatus === 'approved' ? 'approved' : 'edited';

  function edit(value: string) {
    take(value);
    setError(null);
    drafts.record({ version: base, text: value, savedText: current });
  }

  function forgetDrafts() {
    drafts.forget();
    draftsChanged();
  }

  function onConflict(theirs: ParagraphView) {
    applyParagraph(theirs);
    const theirVersion = theirs.version ?? '0';
    // From now on the user's text is written on top of theirs: "Keep mine" is a plain save.
    setBase(theirVersion);
    setConflict(theirs);
    drafts.writeNow(theirVersion, text);
    draftsChanged();
    announce(t('announce.conflict', { number }));
  }

  const failureText = (result: Failure) =>
    result.code === 'network'
      ? t('form.offline')
      : tooLong(result.code)
        ? t('form.tooLong', { length: text.length, max: maxLength })
        : t('form.failed', { message: result.message || result.code });

  function onFailed(result: Failure) {
    setError(result);
    announce(
      tooLong(result.code)
        ? failureText(result)
        : t('announce.failed', { number, message: result.message || result.code }),
    );
  }

  function after(then: Then) {
    if (then === 'next') move(index, 1);
    else if (then === 'close') close(index);
    else if (then === 'review') reviewNext(index, true);
  }

  async function save(status: RevisionStatusValue, then: Then = 'close') {
    if (!conflict && text === current && status === currentStatus && base === version) {
      announce(t('announce.noChanges', { number }));
      after(then);
      return;
    }
    if (text.length > maxLength) {
      onFailed({ code: 'too_long', message: '' });
      return;
    }
    if (!busy) setError(null);
    const result = await sendSave({ text, status, version: base }, (clientSaveId, v) =>
      saveParagraph({ slug, index, version: v, text, status, clientSaveId, saveKind: 'save' }),
    );
    if (!result) return;
    if (result.kind === 'saved') {
      forgetDrafts();
      saved(result.paragraph.version ?? '0');
      applyParagraph(result.paragraph);
      setConflict(null);
      announce(t('announce.saved', { number, status: result.revision.status }));
      after(then);
    } else if (result.kind === 'conflict') onConflict(result.current);
    else onFailed(result);
  }

  async function revert(revision: RevisionView) {
    const result = await once(() =>
      revertParagraph({ slug, index, version, revisionId: revision.id, clientSaveId: newClientSaveId() }),
    );
    if (!result) return;
    if (result.kind === 'saved') {
      applyParagraph(result.paragraph);
      // The box follows unless the user has typed something of their own (that stays, on top of the revert).
      if (!touched) setText(result.paragraph.target?.text ?? revision.text);
      setBase(result.paragraph.version ?? '0');
      announce(t('announce.reverted', { number }));
    } else if (result.kind === 'conflict') {
      applyParagraph(result.current);
      announce(t('announce.conflict', { number }));
    } else onFailed(result);
  }

  function takeTheirs() {
    setText(conflict?.target?.text ?? current);
    setConflict(null);
    forgetDrafts();
    announce(t('announce.usedTheirs', { number }));
    close(index);
  }

  function cancel() {
    drafts.flush();
    if (dirty) {
      draftsChanged();
      announce(t('announce.draftKept', { number }));
    }
    close(index);
  }

  const onKeyDown = useEditorKeys({
    mayApprove,
    cancel,
    approveNext: () => void save('approved', 'review'),
    save: (then) => void save(saveStatus, then),
    move: (delta) => {
      drafts.flush();
      if (dirty) draftsChanged();
      move(index, delta);
    },
  });

  const labelId = `editor-label-${index}`;
  const hintId = `editor-hint-${index}`;
  return (
    <div className="editor" role="group" aria-labelledby={labelId} onKeyDown={onKeyDown}>
      <p id={labelId} className="sr-only">
        {t('form.label', { number })}
      </p>
      <StatusBadges paragraph={paragraph} hasDraft={false} />
      <CheckSentences paragraph={paragraph} sourceLang={sourceLang} targetLang={targetLang} />
      <GlossaryTerms paragraph={paragraph} sourceLang={sourceLang} targetLang={targetLang} />
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
            take(offer.text, offer.version);
            setOffer(null);
            announce(t('announce.draftRestored', { number }));
            focusBox();
          }}
          onDiscard={() => {
            setOffer(null);
            removeDraft(slug, index, offer.version);
            draftsChanged();
            announce(t('announce.draftDiscarded', { number }));
            focusBox();
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
          onUseTheirs={takeTheirs}
        />
      ) : null}
      <EditorTextBox
        index={index}
        text={text}
        maxLength={maxLength}
        mine={conflict !== null}
        describedBy={hintId}
        onChange={edit}
      />
      {error ? <p className="editor-error">{failureText(error)}</p> : null}
      <EditorButtons
        busy={busy}
        failed={error !== null}
        mayApprove={mayApprove}
        approvedAsIs={currentStatus === 'approved' && text === current}
        saveStatus={saveStatus}
        historyOpen={historyOpen}
        onSave={(status, then) => void save(status, then)}
        onCancel={cancel}
        onToggleHistory={() => setHistoryOpen((o) => !o)}
      />
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
