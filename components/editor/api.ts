import type { SaveKind } from '@/lib/documents/save-input';
import type { ParagraphView, RevisionView } from '@/lib/documents/types';
import type { RevisionStatusValue } from '@/lib/store/types';

/** Everything the editor sends to the server goes through here; answers come back as values, never thrown. */

/** The answer to a save or a revert as the editor handles it (the server's SaveResult seen through HTTP). */
export type SaveAnswer =
  | { kind: 'saved'; revision: RevisionView; paragraph: ParagraphView }
  | { kind: 'conflict'; current: ParagraphView; yours: { text: string; status: RevisionStatusValue } }
  /** `network` means the request may not have arrived: retrying with the same clientSaveId is safe. */
  | { kind: 'failed'; code: string; message: string };

export interface SaveRequest {
  slug: string;
  index: number;
  version: string;
  text: string;
  status: RevisionStatusValue;
  clientSaveId: string;
  saveKind?: SaveKind;
}

export interface RevertRequest {
  slug: string;
  index: number;
  version: string;
  revisionId: number;
  clientSaveId: string;
}

type ErrorBody = { error?: { code?: string; message?: string } };

function paragraphUrl(slug: string, index: number): string {
  return `/api/documents/${encodeURIComponent(slug)}/paragraphs/${index}`;
}

/** A fresh idempotency key for one save attempt (reused when the same attempt is retried). */
export function newClientSaveId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

async function send(url: string, method: 'PUT' | 'POST', version: string, body: unknown): Promise<SaveAnswer> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
      body: JSON.stringify(body),
    });
  } catch (cause) {
    return { kind: 'failed', code: 'network', message: cause instanceof Error ? cause.message : String(cause) };
  }
  const data = (await res.json().catch(() => null)) as
    | (ErrorBody & {
        revision?: RevisionView;
        paragraph?: ParagraphView;
        current?: ParagraphView;
        yours?: { text: string; status: RevisionStatusValue };
      })
    | null;
  if (res.ok && data?.revision && data.paragraph)
    return { kind: 'saved', revision: data.revision, paragraph: data.paragraph };
  if (res.status === 409 && data?.current) {
    return { kind: 'conflict', current: data.current, yours: data.yours ?? { text: '', status: 'edited' } };
  }
  return {
    kind: 'failed',
    code: data?.error?.code ?? `http_${res.status}`,
    message: data?.error?.message ?? res.statusText,
  };
}

/** Saves a paragraph's English on top of `version` (PUT, If-Match). */
export function saveParagraph(req: SaveRequest): Promise<SaveAnswer> {
  return send(paragraphUrl(req.slug, req.index), 'PUT', req.version, {
    text: req.text,
    status: req.status,
    clientSaveId: req.clientSaveId,
    kind: req.saveKind ?? 'save',
  });
}

/** Makes an older revision current again, as a new revision (POST …/revert, If-Match). */
export function revertParagraph(req: RevertRequest): Promise<SaveAnswer> {
  return send(`${paragraphUrl(req.slug, req.index)}/revert`, 'POST', req.version, {
    revisionId: req.revisionId,
    clientSaveId: req.clientSaveId,
  });
}

export type RevisionsResult = { ok: true; revisions: RevisionView[] } | { ok: false; code: string; message: string };

/** A paragraph's revisions, newest first. */
export async function listRevisions(slug: string, index: number): Promise<RevisionsResult> {
  try {
    const res = await fetch(`${paragraphUrl(slug, index)}/revisions`, { cache: 'no-store' });
    const data = (await res.json().catch(() => null)) as (ErrorBody & { revisions?: RevisionView[] }) | null;
    if (res.ok && data?.revisions) return { ok: true, revisions: data.revisions };
    return { ok: false, code: data?.error?.code ?? `http_${res.status}`, message: data?.error?.message ?? '' };
  } catch (cause) {
    return { ok: false, code: 'network', message: cause instanceof Error ? cause.message : String(cause) };
  }
}
