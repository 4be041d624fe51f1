'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useIdentity } from '@/components/common/identity-context';
import {
  addEntry,
  deleteEntry,
  editEntry,
  importGlossaryFile,
  listGlossary,
  type EntryFields,
  type GlossaryEntryView,
  type GlossaryRefusal,
} from './glossary-api';

type Props = { initial: GlossaryEntryView[]; maxBytes: number };

const EMPTY = { term: '', english: '', forms: '', forbidden: '', note: '' };
type Form = typeof EMPTY;

const values = (text: string) =>
  text
    .split('|')
    .map((v) => v.trim())
    .filter(Boolean);
const fieldsOf = (form: Form): EntryFields => ({
  term: form.term,
  english: values(form.english),
  forms: values(form.forms),
  forbidden: values(form.forbidden),
  note: form.note,
});
const formOf = (e: GlossaryEntryView): Form => ({
  term: e.term,
  english: e.english.join(' | '),
  forms: e.forms.join(' | '),
  forbidden: e.forbidden.join(' | '),
  note: e.note ?? '',
});

/**
 * The glossary's table, and for those who may edit it: a form to add a term or change one, Delete, and import of a
 * TBX or CSV file. Export is for everyone. Every refusal of the server is worded here from its code.
 */
export default function GlossaryEditor({ initial, maxBytes }: Props) {
  const t = useTranslations('qa.glossary');
  const tg = useTranslations('glossary');
  const mayEdit = useIdentity().may('editGlossary');
  const [entries, setEntries] = useState(initial);
  const [form, setForm] = useState<Form>(EMPTY);
  const [editing, setEditing] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const termInput = useRef<HTMLInputElement>(null);
  const formId = useId();

  function refusal(r: GlossaryRefusal): string {
    const params = { file: '', line: 0, problems: 0, max: 0, reason: '', term: '', ...r.params };
    const word = (ns: typeof t | typeof tg, key: string) =>
      (ns as unknown as (k: string, p: Record<string, string | number>) => string)(key, params);
    if (r.reason && tg.has(`errors.${r.reason}` as never)) return word(tg, `errors.${r.reason}`);
    if (r.reason === 'invalid' && typeof r.params?.problem === 'string') return word(t, `invalid.${r.params.problem}`);
    if (r.reason && t.has(`errors.${r.reason}` as never)) return word(t, `errors.${r.reason}`);
    return t('errors.other', { message: r.message || r.code });
  }

  async function reload() {
    const listed = await listGlossary();
    if (listed.ok) setEntries(listed.entries);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = editing === null ? await addEntry(fieldsOf(form)) : await editEntry(editing, fieldsOf(form));
    setBusy(false);
    if (!result.ok) {
      setMessage({ kind: 'error', text: refusal(result) });
      return;
    }
    setMessage({ kind: 'ok', text: t(editing === null ? 'added' : 'saved', { term: result.entry.term }) });
    setForm(EMPTY);
    setEditing(null);
    await reload();
    termInput.current?.focus();
  }

  async function remove(entry: GlossaryEntryView) {
    const result = await deleteEntry(entry.id);
    setMessage(
      result.ok ? { kind: 'ok', text: t('deleted', { term: entry.term }) } : { kind: 'error', text: refusal(result) },
    );
    await reload();
    termInput.current?.focus();
  }

  async function importFile(e: FormEvent) {
    e.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) {
      setMessage({ kind: 'error', text: t('chooseFile') });
      return;
    }
    if (file.size > maxBytes) {
      setMessage({ kind: 'error', text: tg('errors.too_large', { file: file.name, max: maxBytes }) });
      return;
    }
    setBusy(true);
    const result = await importGlossaryFile(file);
    setBusy(false);
    if (!result.ok) {
      setMessage({ kind: 'error', text: refusal(result) });
      return;
    }
    setMessage({
      kind: 'ok',
      text: t('imported', {
        file: file.name,
        added: result.added,
        updated: result.updated,
        left: result.problems.length,
      }),
    });
    await reload();
  }

  const field = (name: keyof Form, label: string, hint?: string) => (
    <p className="glossary-field">
      <label htmlFor={`${formId}-${name}`}>{label}</label>
      <input
        id={`${formId}-${name}`}
        ref={name === 'term' ? termInput : undefined}
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        required={name === 'term'}
        aria-describedby={hint ? `${formId}-${name}-hint` : undefined}
        lang={name === 'term' || name === 'forms' ? 'es' : name === 'note' ? undefined : 'en'}
      />
      {hint ? (
        <span id={`${formId}-${name}-hint`} className="editor-note">
          {hint}
        </span>
      ) : null}
    </p>
  );

  return (
    <>
      <div className="glossary-message" role="status" aria-live="polite">
        {message ? <p className={message.kind === 'error' ? 'editor-error' : 'editor-note'}>{message.text}</p> : null}
      </div>
      {mayEdit ? (
        <form className="glossary-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${formId}-title`}>
          <h2 id={`${formId}-title`}>{editing === null ? t('addTitle') : t('editTitle', { term: form.term })}</h2>
          {field('term', t('term'))}
          {field('english', t('english'), t('severalHint'))}
          {field('forms', t('forms'), t('severalHint'))}
          {field('forbidden', t('forbidden'), t('severalHint'))}
          {field('note', t('note'))}
          <p className="glossary-buttons">
            <button type="submit" className="button button-primary" aria-disabled={busy}>
              {editing === null ? t('add') : t('save')}
            </button>
            {editing !== null ? (
              <button
                type="button"
                className="button button-quiet"
                onClick={() => {
                  setEditing(null);
                  setForm(EMPTY);
                }}
              >
                {t('cancel')}
              </button>
            ) : null}
          </p>
        </form>
      ) : (
        <p className="editor-note">{t('readOnly')}</p>
      )}
      <h2>{t('entriesTitle', { count: entries.length })}</h2>
      {entries.length === 0 ? (
        <p className="editor-note">{t('empty')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-label={t('tableLabel')} tabIndex={0}>
          <table className="glossary-table">
            <thead>
              <tr>
                <th scope="col">{t('term')}</th>
                <th scope="col">{t('english')}</th>
                <th scope="col">{t('forms')}</th>
                <th scope="col">{t('forbidden')}</th>
                <th scope="col">{t('note')}</th>
                {mayEdit ? <th scope="col">{t('actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <th scope="row" lang="es">
                    {e.term}
                  </th>
                  <td lang="en">{e.english.join(', ')}</td>
                  <td lang="es">{e.forms.join(', ')}</td>
                  <td lang="en">{e.forbidden.join(', ')}</td>
                  <td>{e.note ?? ''}</td>
                  {mayEdit ? (
                    <td className="glossary-actions">
                      <button
                        type="button"
                        className="button button-quiet button-small"
                        aria-label={t('editLabel', { term: e.term })}
                        onClick={() => {
                          setEditing(e.id);
                          setForm(formOf(e));
                          termInput.current?.focus();
                        }}
                      >
                        {t('edit')}
                      </button>{' '}
                      <button
                        type="button"
                        className="button button-quiet button-small"
                        aria-label={t('deleteLabel', { term: e.term })}
                        onClick={() => void remove(e)}
                      >
                        {t('delete')}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('filesTitle')}</h2>
      <p>
        <a className="button button-quiet" href="/api/glossary/export?format=tbx" download>
          {t('exportTbx')}
        </a>{' '}
        <a className="button button-quiet" href="/api/glossary/export?format=csv" download>
          {t('exportCsv')}
        </a>
      </p>
      {mayEdit ? (
        <form className="glossary-import" onSubmit={(e) => void importFile(e)}>
          <label htmlFor={`${formId}-file`}>{t('importLabel')}</label>{' '}
          <input id={`${formId}-file`} ref={fileInput} type="file" accept=".tbx,.xml,.csv,.tsv,.txt" />{' '}
          <button type="submit" className="button" aria-disabled={busy}>
            {t('import')}
          </button>
          <span className="editor-note"> {t('importHint', { max: maxBytes })}</span>
        </form>
      ) : null}
    </>
  );
}
