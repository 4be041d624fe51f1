import type { StoredGlossaryEntry } from '@/lib/store/types';

/** The glossary page's requests; answers come back as values, never thrown (as components/common/api.ts does). */

export type GlossaryEntryView = StoredGlossaryEntry;

/** What the server refused, with what the page needs to word it. */
export type GlossaryRefusal = {
  code: string;
  reason?: string;
  message: string;
  params?: Record<string, string | number>;
};

export interface EntryFields {
  term: string;
  english: string[];
  forms: string[];
  forbidden: string[];
  note: string;
}

type Answer<T> = ({ ok: true } & T) | ({ ok: false } & GlossaryRefusal);

async function answer<T>(request: Promise<Response>): Promise<Answer<T>> {
  try {
    const res = await request;
    const body = (await res.json().catch(() => null)) as
      | (T & { error?: { code?: string; message?: string }; reason?: string; params?: Record<string, string | number> })
      | null;
    if (res.ok && body) return { ok: true, ...body };
    return {
      ok: false,
      code: body?.error?.code ?? `http_${res.status}`,
      message: body?.error?.message ?? res.statusText,
      ...(body?.reason ? { reason: body.reason } : {}),
      ...(body?.params ? { params: body.params } : {}),
    };
  } catch (cause) {
    return { ok: false, code: 'network', message: cause instanceof Error ? cause.message : String(cause) };
  }
}

const sendJson = (method: string, url: string, body: unknown) =>
  fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** The library's glossary now. */
export const listGlossary = () =>
  answer<{ entries: GlossaryEntryView[] }>(fetch('/api/glossary', { cache: 'no-store' }));
/** Adds a term. */
export const addEntry = (fields: EntryFields) =>
  answer<{ entry: GlossaryEntryView }>(sendJson('POST', '/api/glossary', fields));
/** Rewrites an entry. */
export const editEntry = (id: number, fields: EntryFields) =>
  answer<{ entry: GlossaryEntryView }>(sendJson('PUT', `/api/glossary/${id}`, fields));
/** Deletes an entry. */
export const deleteEntry = (id: number) =>
  answer<{ deleted: number }>(fetch(`/api/glossary/${id}`, { method: 'DELETE' }));

/** Imports a TBX or CSV file. */
export function importGlossaryFile(file: File) {
  const form = new FormData();
  form.set('file', file);
  return answer<{ added: number; updated: number; problems: { at: number; code: string; term: string }[] }>(
    fetch('/api/glossary/import', { method: 'POST', body: form }),
  );
}
