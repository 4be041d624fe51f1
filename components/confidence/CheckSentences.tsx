'use client';

import { useTranslations } from 'next-intl';
import type { ParagraphView } from '@/lib/documents/types';

/**
 * In the editor: the paragraph's sentences flagged "check this sentence", each Spanish sentence beside the machine's
 * English, so the person editing knows where the model was least sure. Nothing once the paragraph is saved.
 */
export default function CheckSentences({
  paragraph,
  sourceLang,
  targetLang,
}: {
  paragraph: ParagraphView;
  sourceLang: string;
  targetLang: string;
}) {
  const t = useTranslations('confidence');
  const flagged = paragraph.flags?.checkSentences ?? [];
  const machine = paragraph.machine;
  if (flagged.length === 0 || !machine) return null;
  const headingId = `check-sentences-${paragraph.index}`;
  return (
    <section className="check-sentences" aria-labelledby={headingId}>
      <h3 id={headingId} className="check-sentences-title">
        {t('editorTitle', { count: flagged.length })}
        {machine.testModel ? <span className="badge badge-test">{t('testModelNote')}</span> : null}
      </h3>
      <p className="editor-note">{t('editorHelp')}</p>
      <ul>
        {flagged.map((i) => (
          <li key={i}>
            <span lang={sourceLang}>{paragraph.sentences[i] ?? ''}</span>
            <span aria-hidden="true"> → </span>
            <span className="sr-only">{t('machineSaid')} </span>
            <span lang={targetLang}>{machine.sentences[i] ?? ''}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
