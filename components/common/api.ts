// Over 300 lines: every request of the reader and the editor goes through this one module (see below), the QA
// checks' included; the answers' shapes are kept beside the requests that give them.
import type { ParagraphView, RevisionView } from '@/lib/documents/types';
import type { SaveKind } from '@/lib/documents/save-input';
import type { CheckReport, ReportedFinding } from '@/lib/checks/types';
import type { CheckIgnoreEvent, RevisionStatusValue } from '@/lib/store/types';

/**
 * Every request the reader and the editor make goes through here (fetch and EventSource alike); answers come back
 * as values, never thrown, and the components word them in the user's language.
 */

/** What the server answered with no result to show; `network` means the request may not have arrived. */
export type ApiFailure = { code: string; message: string };

type ErrorBody = { error?: { code?: string; message?: string; line?: number } };

const documentUrl = (slug: string) => `/api/documents/${encodeURIComponent(slug)}`;
const paragraphUrl = (slug: string, index: number) => `${documentUrl(slug)}/paragraphs/${index}`;
const translationUrl = (slug: string) => `${documentUrl(slug)}/translation`;

const networkFailure = (cause: unknown): ApiFailure => ({
  code: 'network',
  message: cause instanceof Error ? cause.message : String(cause),
});

async function jsonOf<T>(res: Response | null): Promise<T | null> {
  return res ? ((await res.json().catch(() => null)) as T | null) : null;
}

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** A fresh idempotency key for one save attempt (reused when the same attempt is retried). */
export function newClientSaveId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

// --- The document and its translation job ---

/** The document's paragraphs as the server has them now, or null when they cannot be read. */
export async function fetchParagraphs(
  slug: string,
  range?: { from: number; to: number },
): Promise<ParagraphView[] | null> {
  const url = range ? `${documentUrl(slug)}?from=${range.from}&to=${range.to}` : documentUrl(slug);
  const res = await fetch(url, { cache: 'no-store' }).catch(() => null);
  const doc = res?.ok ? await jsonOf<{ paragraphs?: ParagraphView[] }>(res) : null;
  return doc?.paragraphs ?? null;
}

/** Starts or joins the document's translation job from paragraph `from`. */
export async function startTranslation(
  slug: string,
  from: number,
): Promise<{ ok: true } | ({ ok: false } & ApiFailure)> {
  const res = await postJson(translationUrl(slug), { from }).catch(() => null);
  if (res?.ok) return { ok: true };
  const body = await jsonOf<{ error?: ApiFailure }>(res);
  return { ok: false, ...(body?.error ?? { code: 'network', message: '' }) };
}

/** Asks the running job to continue from paragraph `from` (the rows on screen); the answer does not matter. */
export function steerTranslation(slug: string, from: number): void {
  void postJson(translationUrl(slug), { from }).catch(() => null);
}

/** Cancels the document's running job; what is translated stays stored. */
export async function cancelTranslation(slug: string): Promise<void> {
  await fetch(translationUrl(slug), { method: 'DELETE' }).catch(() => null);
}

/** Takes a document out of the library (admins); true when the server did, else what it said. */
export async function deleteDocument(slug: string): Promise<true | ApiFailure> {
  try {
    const res = await fetch(documentUrl(slug), { method: 'DELETE' });
    if (res.ok) return true;
    const body = await jsonOf<ErrorBody>(res);
    return { code: body?.error?.code ?? String(res.status), message: body?.error?.message ?? res.statusText };
  } catch (cause) {
    return networkFailure(cause);
  }
}

/** How a translation stream ended: the job's own end, or `idle` (no job was running). */
export type StreamEnd = 'done' | 'cancelled' | 'failed' | 'idle';

/** What an end event may carry: the paragraphs done, and a failure's code and message. */
export type StreamEndData = { done?: number; code?: string; message?: string };

export interface TranslationListener {
  paragraph: (data: { index: number; targets: string[] }) => void;
  progress: (data: { done: number; total: number }) => void;
  /** After it, the stream is closed. */
  end: (how: StreamEnd, data: StreamEndData) => void;
  /** The browser gave up reconnecting. */
  lost: () => void;
}

/**
 * Listens to the job's events for the given paragraphs: a range of the document, or (a page of paragraphs to
 * review, which has gaps) the paragraphs themselves. Returns the function that closes the stream.
 */
export function listenTranslation(
  slug: string,
  which: { from: number; to: number } | { only: readonly number[] },
  on: TranslationListener,
): () => void {
  const query = 'only' in which ? `only=${which.only.join(',')}` : `from=${which.from}&to=${which.to}`;
  const es = new EventSource(`${translationUrl(slug)}/events?${query}`);
  const dataOf = <T>(e: Event) => JSON.parse((e as MessageEvent<string>).data) as T;
  es.addEventListener('paragraph', (e) => on.paragraph(dataOf(e)));
  es.addEventListener('progress', (e) => on.progress(dataOf(e)));
  for (const how of ['done', 'cancelled', 'failed', 'idle'] as const) {
    es.addEventListener(how, (e) => {
      on.end(how, (e as MessageEvent<string>).data ? dataOf<StreamEndData>(e) : {});
      es.close();
    });
  }
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) on.lost();
  };
  return () => es.close();
}

/** Paragraph versions by index, as the translation import sends them. */
export type VersionMap = { [index: string]: string };

/** What an import of a published English translation did. */
export type TranslationImportReport = {
  imported: number;
  conflicts: number[];
  tooLong: number[];
  missing: number[];
  lowConfidence: unknown[];
  empty: boolean;
};

export type TranslationImportAnswer =
  | { kind: 'done'; report: TranslationImportReport }
  | { kind: 'network'; message: string }
  | { kind: 'too_large' }
  | { kind: 'encoding'; line: number }
  | { kind: 'failed'; message: string };

/** Imports an English translation, uploaded or pasted (with the versions of the paragraphs on screen). */
export async function importTranslation(
  slug: string,
  input: { file: File } | { text: string; versions: VersionMap },
): Promise<TranslationImportAnswer> {
  const url = `${documentUrl(slug)}/translation-import`;
  let res: Response;
  try {
    if ('file' in input) {
      const data = new FormData();
      data.set('file', input.file);
      res = await fetch(url, { method: 'POST', body: data });
    } else res = await postJson(url, input);
  } catch (cause) {
    return { kind: 'network', message: String(cause) };
  }
  const body = await jsonOf<(TranslationImportReport & { ok: true }) | Required<ErrorBody>>(res);
  if (res.status === 413) return { kind: 'too_large' };
  if (body && 'error' in body && body.error.code === 'encoding')
    return { kind: 'encoding', line: body.error.line ?? 0 };
  if (!res.ok || !body || !('ok' in body))
    return { kind: 'failed', message: body && 'error' in body ? (body.error.message ?? '') : String(res.status) };
  return { kind: 'done', report: body };
}

// --- One paragraph: read, save, revert, history, alignment fixes ---

/** A paragraph as the server has it now (its current version included), or the HTTP status that came back. */
export async function fetchParagraph(
  slug: string,
  index: number,
): Promise<{ ok: true; paragraph: ParagraphView } | { ok: false; status: number | null }> {
  const res = await fetch(paragraphUrl(slug, index), { cache: 'no-store' }).catch(() => null);
  const paragraph = res?.ok ? await jsonOf<ParagraphView>(res) : null;
  return paragraph ? { ok: true, paragraph } : { ok: false, status: res?.status ?? null };
}

/** The answer to a save or a revert, as the editor handles it (the server's SaveResult seen through HTTP). */
export type SaveAnswer =
  | { kind: 'saved'; revision: RevisionView; paragraph: ParagraphView }
  | { kind: 'conflict'; current: ParagraphView; yours: { text: string; status: RevisionStatusValue } }
  /** `network` means the request may not have arrived: retrying with the same clientSaveId is safe. */
  | ({ kind: 'failed' } & ApiFailure);

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

async function sendWrite(url: string, method: 'PUT' | 'POST', version: string, body: unknown): Promise<SaveAnswer> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
      body: JSON.stringify(body),
    });
  } catch (cause) {
    return { kind: 'failed', ...networkFailure(cause) };
  }
  const data = await jsonOf<
    ErrorBody & {
      revision?: RevisionView;
      paragraph?: ParagraphView;
      current?: ParagraphView;
      yours?: { text: string; status: RevisionStatusValue };
    }
  >(res);
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
  return sendWrite(paragraphUrl(req.slug, req.index), 'PUT', req.version, {
    text: req.text,
    status: req.status,
    clientSaveId: req.clientSaveId,
    kind: req.saveKind ?? 'save',
  });
}

/** Makes an older revision current again, as a new revision (POST …/revert, If-Match). */
export function revertParagraph(req: RevertRequest): Promise<SaveAnswer> {
  return sendWrite(`${paragraphUrl(req.slug, req.index)}/revert`, 'POST', req.version, {
    revisionId: req.revisionId,
    clientSaveId: req.clientSaveId,
  });
}

export type RevisionsResult = { ok: true; revisions: RevisionView[] } | ({ ok: false } & ApiFailure);

/** A paragraph's revisions, newest first. */
export async function listRevisions(slug: string, index: number): Promise<RevisionsResult> {
  try {
    const res = await fetch(`${paragraphUrl(slug, index)}/revisions`, { cache: 'no-store' });
    const data = await jsonOf<ErrorBody & { revisions?: RevisionView[] }>(res);
    if (res.ok && data?.revisions) return { ok: true, revisions: data.revisions };
    return { ok: false, code: data?.error?.code ?? `http_${res.status}`, message: data?.error?.message ?? '' };
  } catch (cause) {
    return { ok: false, ...networkFailure(cause) };
  }
}

/** The alignment fixes: join the next paragraph's English, push the last sentence on, pull the first one back. */
export type RealignAction = 'join' | 'pushLast' | 'pullFirst';

/**
 * Moves the English boundary between paragraph `index` (at `version`) and the next (at `nextVersion`). The
 * paragraphs come back as they are now, after the fix or the conflict; `status` is null when nothing came back.
 */
export async function realignParagraph(
  slug: string,
  index: number,
  version: string,
  body: { action: RealignAction; nextVersion: string; clientSaveId: string },
): Promise<{ status: number | null; paragraphs: ParagraphView[]; message: string | null }> {
  const res = await postJson(`${paragraphUrl(slug, index)}/realign`, body, { 'if-match': `"${version}"` }).catch(
    () => null,
  );
  const data = await jsonOf<{ paragraphs?: ParagraphView[]; current?: ParagraphView[]; error?: { message: string } }>(
    res,
  );
  return {
    status: res?.status ?? null,
    paragraphs: data?.paragraphs ?? data?.current ?? [],
    message: data?.error?.message ?? null,
  };
}

// --- QA checks ---

/** A finding as GET …/checks gives it (lib/checks ReportedFinding). */
export type CheckFinding = ReportedFinding;

/** The checks of a document, or why they could not be had. */
export type ChecksAnswer =
  | ({ ok: true } & Pick<CheckReport, 'findings' | 'counts' | 'unignoredErrors' | 'paragraphsChecked'>)
  | ({ ok: false } & ApiFailure);

/** Runs the document's QA checks on the server (on its current English). */
export async function fetchChecks(slug: string): Promise<ChecksAnswer> {
  try {
    const res = await fetch(`${documentUrl(slug)}/checks`, { cache: 'no-store' });
    const data = await jsonOf<ErrorBody & Partial<CheckReport>>(res);
    if (res.ok && data?.findings && data.counts)
      return {
        ok: true,
        findings: data.findings,
        counts: data.counts,
        unignoredErrors: data.unignoredErrors ?? 0,
        paragraphsChecked: data.paragraphsChecked ?? 0,
      };
    return { ok: false, code: data?.error?.code ?? `http_${res.status}`, message: data?.error?.message ?? '' };
  } catch (cause) {
    return { ok: false, ...networkFailure(cause) };
  }
}

/** An ignore event as the server keeps it (lib/store CheckIgnoreEvent). */
export type IgnoreEvent = CheckIgnoreEvent;

/** A paragraph's ignore events, oldest first. */
export async function listIgnores(
  slug: string,
  index: number,
): Promise<{ ok: true; events: IgnoreEvent[] } | ({ ok: false } & ApiFailure)> {
  try {
    const res = await fetch(`${documentUrl(slug)}/checks/ignores?paragraph=${index}`, { cache: 'no-store' });
    const data = await jsonOf<ErrorBody & { events?: IgnoreEvent[] }>(res);
    if (res.ok && data?.events) return { ok: true, events: data.events };
    return { ok: false, code: data?.error?.code ?? `http_${res.status}`, message: data?.error?.message ?? '' };
  } catch (cause) {
    return { ok: false, ...networkFailure(cause) };
  }
}

/** Ignores one finding's occurrence (or takes the ignore back); true when the server recorded it. */
export async function setIgnored(
  slug: string,
  finding: { paragraph: number; key: string },
  ignored: boolean,
): Promise<true | ApiFailure> {
  try {
    const res = await postJson(`${documentUrl(slug)}/checks/ignores`, {
      paragraph: finding.paragraph,
      key: finding.key,
      ignored,
    });
    if (res.ok) return true;
    const body = await jsonOf<ErrorBody>(res);
    return { code: body?.error?.code ?? String(res.status), message: body?.error?.message ?? res.statusText };
  } catch (cause) {
    return networkFailure(cause);
  }
}
