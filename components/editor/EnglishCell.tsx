'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { ParagraphView } from '@/lib/documents/types';
import { useIdentity } from '@/components/common/identity-context';
import { SENTENCE_HINT_ID } from '@/components/common/sentence-links';
import CheckFlag, { checkSentencesOf } from '@/components/confidence/CheckFlag';
import { useChecks } from '@/components/common/checks-context';
import { MarkedPieces, markSentences } from '@/components/common/marked-text';
import AlignmentFixes, { type NextParagraph } from './AlignmentFixes';
import CheckBadges from './CheckBadges';
import DraftOffer from './DraftOffer';
import { clearDrafts, readDraft, type StoredDraft } from '@/components/common/drafts';
import { CELL_HINT_ID, cellId, useEditorActions, useEditorState } from '@/components/common/editor-context';
import ParagraphEditor from './ParagraphEditor';
import StatusBadges from './StatusBadges';
import SuggestionOffer from './SuggestionOffer';

type Props = {
  paragraph: ParagraphView;
  sourceLang: string;
  targetLang: string;
  /** The Spanish is not on screen (English-only mode): the editor shows it. */
  showSource: boolean;
  /** Shown when there is no English yet ("Translating…", "Not translated yet."). */
  placeholder: string;
  /** The next paragraph of the page, when there is one: the alignment fixes move sentences across to it. */
  next?: NextParagraph | null;
  /**
   * Whether this cell is the rows' one Tab stop (the reader keeps a single one, moved with the arrow keys), so Tab
   * goes past a page of paragraphs in one press. Default true.
   */
  tabbable?: boolean;
};

/** The English side of a row: status badges and the text, which opens the editor on click, Enter or E. */
export default function EnglishCell({
  paragraph,
  sourceLang,
  targetLang,
  showSource,
  placeholder,
  next = null,
  tabbable = true,
}: Props) {
  const t = useTranslations('editor');
  const { slug, editing, draftsTick } = useEditorState();
  const mayEdit = useIdentity().may('edit');
  const { open, announce, draftsChanged } = useEditorActions();
  const index = paragraph.index;
  const number = index + 1;
  const isEditing = editing?.index === index;
  const target = paragraph.target;
  const version = paragraph.version ?? '0';
  const [draft, setDraft] = useState<StoredDraft | null>(null);
  const findings = useChecks().findingsOf(index);

  // localStorage is read after hydration only, so the server's HTML and the first client render agree.
  useEffect(() => {
    const stored = readDraft(slug, index);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only after hydration: read here
    setDraft(stored && stored.text !== (target?.text ?? '') ? stored : null);
  }, [slug, index, isEditing, draftsTick, target?.text]);

  const testOutput = Boolean(target?.testModel && target.origin !== 'human');
  const className = `cell cell-en${testOutput ? ' test-output' : ''}${target ? '' : ' empty'}${isEditing ? ' editing' : ''}`;

  if (isEditing && mayEdit) {
    return (
      <div className={className} lang={targetLang}>
        <ParagraphEditor
          paragraph={paragraph}
          sourceLang={sourceLang}
          targetLang={targetLang}
          showSource={showSource}
          restore={editing.restore}
        />
      </div>
    );
  }

  function onClick(e: MouseEvent<HTMLDivElement>) {
    // A reader's role reads only (the server refuses their saves anyway).
    if (!mayEdit) return;
    // Selecting words to copy them is reading, not a request to edit.
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed && e.currentTarget.contains(selection.anchorNode)) return;
    open(index);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    // On the cell or on one of its sentences (reached with the arrow keys).
    const onSentence = e.target instanceof HTMLElement && e.target.classList.contains('sentence');
    if ((e.target !== e.currentTarget && !onSentence) || e.altKey || e.ctrlKey || e.metaKey) return;
    if (mayEdit && (e.key === 'Enter' || e.key === 'e' || e.key === 'E')) {
      e.preventDefault();
      open(index);
    }
  }

  const headingTag = `h${Math.min(6, (paragraph.level ?? 1) + 1)}` as 'h2';
  const Tag = paragraph.kind === 'heading' ? headingTag : 'p';
  const suggestion = paragraph.flags?.newSuggestion ?? null;
  const flagged = checkSentencesOf(paragraph);
  const sentences = target ? (target.sentences.length > 0 ? target.sentences : [target.text]) : [];
  // What the QA checks found in the English is marked where it is.
  const pieces = target
    ? markSentences(
        target.text,
        sentences,
        findings.flatMap((f) => f.target),
      )
    : [];
  return (
    <div className={className} lang={targetLang}>
      <div
        id={cellId(index)}
        className="en-text"
        tabIndex={tabbable ? 0 : -1}
        role="group"
        aria-label={t('cellLabel', { number })}
        aria-describedby={`${CELL_HINT_ID} ${SENTENCE_HINT_ID}`}
        onClick={onClick}
        onKeyDown={onKeyDown}
      >
        {target ? (
          <Tag className="text">
            {sentences.map((s, i) => (
              <span key={i} className="sentence" data-sentence={i} tabIndex={-1}>
                <MarkedPieces pieces={pieces[i] ?? [{ text: s, marked: false }]} />
                {flagged.has(i) ? <CheckFlag testModel={testOutput} /> : null}{' '}
              </span>
            ))}
          </Tag>
        ) : (
          <p className="placeholder">{placeholder}</p>
        )}
      </div>
      {/* Below the text, so the English starts level with the Spanish beside it. */}
      <StatusBadges paragraph={paragraph} hasDraft={draft !== null} />
      <CheckBadges index={index} />
      {next && target && (target.origin === 'human' || target.origin === 'imported') ? (
        <AlignmentFixes paragraph={paragraph} next={next} />
      ) : null}
      {suggestion !== null && suggestion !== target?.text ? (
        <SuggestionOffer paragraph={paragraph} suggestion={suggestion} targetLang={targetLang} />
      ) : null}
      {draft ? (
        <DraftOffer
          draft={draft}
          version={version}
          number={number}
          onRestore={() => {
            open(index, draft);
            announce(t('announce.draftRestored', { number }));
          }}
          onDiscard={() => {
            clearDrafts(slug, index);
            draftsChanged();
            announce(t('announce.draftDiscarded', { number }));
            document.getElementById(cellId(index))?.focus();
          }}
        />
      ) : null}
    </div>
  );
}
