'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Link, useRouter } from '@/i18n/navigation';

type Props = {
  /** Largest accepted upload in bytes (the server checks it again). */
  maxBytes: number;
  /** File name endings the server reads, for the file picker. */
  accept: string;
};

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; slug: string; title: string; removed: string[]; skipped: string[]; encoding: string }
  | { kind: 'error'; message: string };

/** Paste text or upload a file; the result (or the error) is announced, then linked. */
export default function ImportForm({ maxBytes, accept }: Props) {
  const t = useTranslations('import');
  const locale = useLocale();
  const router = useRouter();
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const limit = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(maxBytes / (1024 * 1024)) + ' MB';

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const file = fileRef.current?.files?.[0] ?? null;
    const text = String(data.get('text') ?? '');
    const title = String(data.get('title') ?? '');
    if (!file && text.trim() === '') return setOutcome({ kind: 'error', message: t('nothing') });
    if (file && file.size > maxBytes) return setOutcome({ kind: 'error', message: t('tooLarge', { limit }) });
    setOutcome({ kind: 'busy' });
    // A file goes as multipart (title and file); pasted text as JSON.
    data.delete('text');
    let response: Response;
    try {
      response = file
        ? await fetch('/api/documents', { method: 'POST', body: data })
        : await fetch('/api/documents', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text, title }),
          });
    } catch {
      return setOutcome({ kind: 'error', message: t('network') });
    }
    const body = (await response.json().catch(() => null)) as
      | { slug: string; title: string; removed?: string[]; skipped?: string[]; encoding?: string }
      | { error: { code: string; message: string; line?: number } }
      | null;
    if (response.status === 413) return setOutcome({ kind: 'error', message: t('tooLarge', { limit }) });
    if (body && 'error' in body && body.error.code === 'encoding')
      return setOutcome({ kind: 'error', message: t('encoding', { line: body.error.line ?? 0 }) });
    if (!response.ok || !body || !('slug' in body))
      return setOutcome({
        kind: 'error',
        message: t('failed', { message: body && 'error' in body ? body.error.message : String(response.status) }),
      });
    form.reset();
    setOutcome({
      kind: 'done',
      slug: body.slug,
      title: body.title,
      removed: body.removed ?? [],
      skipped: body.skipped ?? [],
      encoding: body.encoding ?? 'utf-8',
    });
    router.refresh();
  }

  const busy = outcome.kind === 'busy';
  return (
    <section className="import" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('heading')}</h2>
      <p className="import-intro">{t('intro')}</p>
      <form className="import-form" onSubmit={onSubmit} aria-busy={busy}>
        <label htmlFor={`${id}-title`}>{t('titleLabel')}</label>
        <input id={`${id}-title`} name="title" type="text" maxLength={200} aria-describedby={`${id}-title-hint`} />
        <p id={`${id}-title-hint`} className="hint">
          {t('titleHint')}
        </p>
        <label htmlFor={`${id}-text`}>{t('textLabel')}</label>
        <textarea id={`${id}-text`} name="text" rows={6} lang="es" />
        <label htmlFor={`${id}-file`}>{t('fileLabel')}</label>
        <input
          id={`${id}-file`}
          ref={fileRef}
          name="file"
          type="file"
          accept={accept}
          aria-describedby={`${id}-file-hint`}
        />
        <p id={`${id}-file-hint`} className="hint">
          {t('fileHint')}
        </p>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('importing') : t('submit')}
        </button>
      </form>
      <div className="import-result" role="status" aria-live="polite" data-testid="import-status">
        {outcome.kind === 'done' ? (
          <p>
            {t('success', { title: outcome.title })}{' '}
            <Link href={`/read/${outcome.slug}`} lang="es">
              {t('open', { title: outcome.title })}
            </Link>
            {outcome.encoding === 'utf-8' ? null : <> {t('readAs', { encoding: outcome.encoding })}</>}
          </p>
        ) : null}
        {outcome.kind === 'done' ? <Notes heading={t('removedHeading')} items={outcome.removed} /> : null}
        {outcome.kind === 'done' ? <Notes heading={t('skippedHeading')} items={outcome.skipped} /> : null}
        {outcome.kind === 'error' ? <p className="error">{outcome.message}</p> : null}
      </div>
    </section>
  );
}

/** What an import left out or skipped (a book's cover, a chapter missing from its archive), listed under a heading. */
function Notes({ heading, items }: { heading: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div className="import-notes">
      <p>{heading}</p>
      {/* The core words these notes in English (like the front matter that keeps them). */}
      <ul lang="en">
        {items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    </div>
  );
}
