'use client';

import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { newClientSaveId } from '@/components/editor/api';
import { useEditorActions, useEditorState } from '@/components/editor/editor-context';
import type { ParagraphView } from '@/lib/documents/types';

type Action = 'join' | 'pushLast' | 'pullFirst';

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

  async function run(action: Action) {
    if (busy) return;
    setBusy(true);
    const base = `/api/documents/${encodeURIComponent(slug)}/paragraphs`;
    let nextVersion = next.version ?? '0';
    if (next.offPage) {
      // The next paragraph is on the next page: read its current version first.
      const current = await fetch(`${base}/${next.index}`, { cache: 'no-store' }).catch(() => null);
      const view = current?.ok ? ((await current.json().catch(() => null)) as ParagraphView | null) : null;
      if (!view) {
        setBusy(false);
        announce(t('fixFailed', { message: String(current?.status ?? '') }));
        return;
      }
      nextVersion = view.version ?? '0';
    }
    const url = `${base}/${paragraph.index}/realign`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'if-match': `"${paragraph.version ?? '0'}"` },
      body: JSON.stringify({
        action,
        nextVersion,
        clientSaveId: newClientSaveId(),
      }),
    }).catch(() => null);
    setBusy(false);
    const body = (await res?.json().catch(() => null)) as {
      paragraphs?: ParagraphView[];
      current?: ParagraphView[];
      error?: { message: string };
    } | null;
    for (const p of body?.paragraphs ?? body?.current ?? []) applyParagraph(p);
    if (res?.status === 201) announce(t('fixDone', names));
    else if (res?.status === 409) announce(t('fixConflict', names));
    else announce(t('fixFailed', { message: body?.error?.message ?? String(res?.status ?? '') }));
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
