'use client';

import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { fetchParagraph, newClientSaveId, realignParagraph, type RealignAction } from '@/components/common/api';
import { useEditorActions, useEditorState } from '@/components/common/editor-context';
import type { ParagraphView } from '@/lib/documents/types';

/** The next paragraph: its view when it is on this page, else only its index (the last row of a page). */
export type NextParagraph = Pick<ParagraphView, 'index' | 'version'> & { offPage?: boolean };

type Props = { paragraph: ParagraphView; next: NextParagraph };

/**
 * Moves the English boundary between a paragraph and the next: join, push the last sentence on, pull the first one
 * back. Both paragraphs get a revision (two If-Match checks on the server); the outcome is announced.
 */
export default function AlignmentFixes({ paragraph, next }: Props) {
  const t = useTranslations('alignment');
  const { slug } = useEditorState();
  const { applyParagraph, announce } = useEditorActions();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const number = paragraph.index + 1;
  const names = { number, next: next.index + 1 };

  async function run(action: RealignAction) {
    if (busy) return;
    setBusy(true);
    let nextVersion = next.version ?? '0';
    if (next.offPage) {
      // The next paragraph is on the next page: read its current version first.
      const current = await fetchParagraph(slug, next.index);
      if (!current.ok) {
        setBusy(false);
        announce(t('fixFailed', { message: String(current.status ?? '') }));
        return;
      }
      nextVersion = current.paragraph.version ?? '0';
    }
    const res = await realignParagraph(slug, paragraph.index, paragraph.version ?? '0', {
      action,
      nextVersion,
      clientSaveId: newClientSaveId(),
    });
    setBusy(false);
    for (const p of res.paragraphs) applyParagraph(p);
    if (res.status === 201) announce(t('fixDone', names));
    else if (res.status === 409) announce(t('fixConflict', names));
    else announce(t('fixFailed', { message: res.message ?? String(res.status ?? '') }));
  }

  return (
    <div className="alignment-fixes">
      <button
        type="button"
        className="button button-quiet button-small"
        aria-expanded={open}
        aria-controls={`${id}-fixes`}
        aria-label={t('fixOpenLabel', { number })}
        onClick={() => setOpen((o) => !o)}
      >
        {t('fixOpen')}
      </button>
      <div id={`${id}-fixes`} className="alignment-fix-buttons" hidden={!open}>
        {(['join', 'pushLast', 'pullFirst'] as const).map((action) => (
          <button
            key={action}
            type="button"
            className="button button-quiet button-small"
            aria-disabled={busy}
            onClick={() => void run(action)}
          >
            {t(action)}
          </button>
        ))}
      </div>
    </div>
  );
}
