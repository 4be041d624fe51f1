'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef, useState, type FormEvent } from 'react';
import { importTranslation, type TranslationImportReport, type VersionMap } from '@/components/common/api';

type Props = {
  slug: string;
  /** Largest accepted upload in bytes (the server checks it again). */
  maxBytes: number;
  /** The versions of the paragraphs on screen: one saved by someone else since is skipped, not overwritten. */
  versions: () => VersionMap;
  /** Called after an import so the page shows the new English. */
  onImported: () => unknown;
};

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; report: TranslationImportReport }
  | { kind: 'error'; message: string };

/** A disclosure with a small form: paste or upload a published English translation; the outcome is announced. */
export default function TranslationImport({ slug, maxBytes, versions, onImported }: Props) {
  const t = useTranslations('alignment');
  const id = useId();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const fileRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const file = fileRef.current?.files?.[0] ?? null;
    const text = String(new FormData(form).get('text') ?? '');
    if (!file && text.trim() === '') return setOutcome({ kind: 'error', message: t('missing') });
    if (file && file.size > maxBytes) return setOutcome({ kind: 'error', message: t('tooLarge') });
    setOutcome({ kind: 'busy' });
    const answer = await importTranslation(slug, file ? { file } : { text, versions: versions() });
    if (answer.kind === 'network')
      return setOutcome({ kind: 'error', message: t('failed', { message: answer.message }) });
    if (answer.kind === 'too_large') return setOutcome({ kind: 'error', message: t('tooLarge') });
    if (answer.kind === 'encoding') return setOutcome({ kind: 'error', message: t('encoding', { line: answer.line }) });
    if (answer.kind === 'failed')
      return setOutcome({ kind: 'error', message: t('failed', { message: answer.message }) });
    form.reset();
    await onImported();
    setOutcome({ kind: 'done', report: answer.report });
  }

  const busy = outcome.kind === 'busy';
  return (
    <section className="translation-import" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="translation-import-heading">
        <button
          type="button"
          className="button button-quiet"
          aria-expanded={open}
          aria-controls={`${id}-panel`}
          onClick={() => setOpen((o) => !o)}
        >
          {t('importOpen')}
        </button>
      </h2>
      <div id={`${id}-panel`} hidden={!open}>
        <p className="hint" id={`${id}-help`}>
          {t('importHelp')}
        </p>
        <form className="import-form" onSubmit={onSubmit} aria-busy={busy} aria-describedby={`${id}-help`}>
          <label htmlFor={`${id}-text`}>{t('textLabel')}</label>
          <textarea id={`${id}-text`} name="text" rows={6} lang="en" />
          <label htmlFor={`${id}-file`}>{t('fileLabel')}</label>
          <input id={`${id}-file`} ref={fileRef} name="file" type="file" accept=".txt,.md,text/plain,text/markdown" />
          <div>
            <button type="submit" className="button" aria-disabled={busy} disabled={busy}>
              {busy ? t('importing') : t('submit')}
            </button>
          </div>
        </form>
      </div>
      <div className="import-result" aria-live="polite" data-testid="translation-import-status">
        {outcome.kind === 'done' ? (
          <p>
            {outcome.report.empty
              ? t('empty')
              : t('result', {
                  imported: outcome.report.imported,
                  low: outcome.report.lowConfidence.length,
                  conflicts: outcome.report.conflicts.length,
                  tooLong: outcome.report.tooLong.length,
                  missing: outcome.report.missing.length,
                })}
          </p>
        ) : null}
        {outcome.kind === 'error' ? <p className="error">{outcome.message}</p> : null}
      </div>
    </section>
  );
}
