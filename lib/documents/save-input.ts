/**
 * Validation of what a client sends to save a paragraph: pure functions from untrusted values to typed inputs or
 * a message saying which field is wrong and why. The route handlers map the codes to HTTP statuses.
 */
import { BIDI_CONTROLS } from '../exchange/clean-text';
import { normalizeText } from '../text/normalize';
import type { RevisionKind, RevisionStatusValue } from '../store/types';

/** Longest English accepted for any paragraph, in UTF-16 code units (what a textarea's maxLength counts). */
export const MAX_TEXT_LENGTH = 20_000;
/** Longest English accepted at all, whatever the Spanish paragraph: the bound of every request. */
export const TEXT_LENGTH_CAP = 200_000;
export const MAX_AUTHOR_LENGTH = 80;
/** Largest request body read: the longest text with every character JSON-escaped, plus the other fields. */
export const MAX_BODY_BYTES = TEXT_LENGTH_CAP * 6 + 4096;

/**
 * Longest English a paragraph may have: 20,000 characters, or twice its Spanish for longer paragraphs (a
 * 50,000-character paragraph's translation must stay editable), never over TEXT_LENGTH_CAP.
 */
export function maxTextLengthFor(sourceLength: number): number {
  return Math.min(TEXT_LENGTH_CAP, Math.max(MAX_TEXT_LENGTH, 2 * sourceLength));
}
export const DEFAULT_REVISION_LIMIT = 200;
export const MAX_REVISION_LIMIT = 1000;

export type InputResult<T> = { ok: true; value: T } | { ok: false; code: 'bad_request' | 'too_large'; message: string };

/**
 * What a save's body says. The author is not among it: the door supplies it from the identity it decided on the
 * server (app/api/_shared/access.ts), and an "author" the client sends is ignored.
 */
export interface SaveFields {
  text: string;
  status: RevisionStatusValue;
  clientSaveId: string;
  kind: SaveKind;
}

/** The kinds of revision a client may ask for with a save (the others are made by reverts, imports and fixes). */
export type SaveKind = Extract<RevisionKind, 'save' | 'suggestion'>;

export interface RevertFields {
  revisionId: number;
  clientSaveId: string;
}

const CLIENT_SAVE_ID = /^[A-Za-z0-9_-]{1,64}$/;
// C0 controls except tab and newline (CR is turned into LF first), DEL and the C1 controls.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const bad = (message: string) => ({ ok: false, code: 'bad_request', message }) as const;

function objectOf(body: unknown): Record<string, unknown> | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

/**
 * The paragraph text as stored: line breaks as LF, NFC (like every text entering the product), trailing whitespace
 * trimmed; nothing else changes. HTML is kept as typed: the UI renders text, never markup.
 */
export function parseText(value: unknown): InputResult<string> {
  if (typeof value !== 'string') return bad('"text" must be a string.');
  if (value.length > TEXT_LENGTH_CAP) {
    return {
      ok: false,
      code: 'too_large',
      message: `"text" is ${value.length} characters long; a paragraph may have at most ${TEXT_LENGTH_CAP}.`,
    };
  }
  if (LONE_SURROGATE.test(value)) return bad('"text" contains a broken character (a lone UTF-16 surrogate).');
  const text = normalizeText(value).trimEnd();
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return bad(`"text" contains the control character U+${code}; only line breaks and tabs are allowed.`);
  }
  return { ok: true, value: text };
}

/** A display name (a profile's): trimmed, at most 80 characters; empty or null means anonymous. */
export function parseAuthor(value: unknown): InputResult<string | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (typeof value !== 'string') return bad('"author" must be a string or null.');
  // Bidi overrides would make a name read as another one (U+202E); they are dropped, as in titles.
  const author = normalizeText(value).replace(BIDI_CONTROLS, '').trim();
  if (author.length > MAX_AUTHOR_LENGTH) return bad(`"author" may have at most ${MAX_AUTHOR_LENGTH} characters.`);
  if (CONTROL.test(author) || /[\n\t]/.test(author) || LONE_SURROGATE.test(author)) {
    return bad('"author" must be a single line of text.');
  }
  return { ok: true, value: author === '' ? null : author };
}

function parseClientSaveId(value: unknown): InputResult<string> {
  if (typeof value !== 'string' || !CLIENT_SAVE_ID.test(value)) {
    return bad('"clientSaveId" must be 1 to 64 characters from A-Z, a-z, 0-9, "_" and "-".');
  }
  return { ok: true, value };
}

/** The clientSaveId every write carries (an "author" field, sent by older clients, is ignored). */
function parseAttribution(o: Record<string, unknown>): InputResult<{ clientSaveId: string }> {
  const clientSaveId = parseClientSaveId(o.clientSaveId);
  if (!clientSaveId.ok) return clientSaveId;
  return { ok: true, value: { clientSaveId: clientSaveId.value } };
}

/** Validates the body of PUT .../paragraphs/:index. */
export function parseSaveBody(body: unknown): InputResult<SaveFields> {
  const o = objectOf(body);
  if (!o) return bad('The request body must be a JSON object: {"text", "status", "clientSaveId"}.');
  const text = parseText(o.text);
  if (!text.ok) return text;
  if (o.status !== 'edited' && o.status !== 'approved') return bad('"status" must be "edited" or "approved".');
  const who = parseAttribution(o);
  if (!who.ok) return who;
  const kind = o.kind ?? 'save';
  if (kind !== 'save' && kind !== 'suggestion') return bad('"kind" must be "save" or "suggestion".');
  return {
    ok: true,
    value: { text: text.value, status: o.status, ...who.value, kind },
  };
}

/** Validates the body of POST .../paragraphs/:index/revert. */
export function parseRevertBody(body: unknown): InputResult<RevertFields> {
  const o = objectOf(body);
  if (!o) return bad('The request body must be a JSON object: {"revisionId", "clientSaveId"}.');
  if (!Number.isSafeInteger(o.revisionId) || (o.revisionId as number) < 1) {
    return bad('"revisionId" must be the id of a revision of this paragraph (an integer from 1).');
  }
  const who = parseAttribution(o);
  if (!who.ok) return who;
  return {
    ok: true,
    value: { revisionId: o.revisionId as number, ...who.value },
  };
}

/**
 * The version in an If-Match header: `"12"`, `12` or `W/"12"`; null when the header is absent. "0" means "no
 * revision yet". A list or `*` is refused: a save must name the one version it was made from.
 */
export function parseIfMatch(header: string | null): InputResult<number | null> | { ok: true; value: 'absent' } {
  if (header === null || header.trim() === '') return { ok: true, value: 'absent' };
  const tag = header
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  if (!/^(0|[1-9][0-9]{0,15})$/.test(tag) || !Number.isSafeInteger(Number(tag))) {
    return bad(
      `If-Match must be the paragraph's version, as sent in its "version" field or ETag (got ${header.slice(0, 40)}).`,
    );
  }
  const version = Number(tag);
  return { ok: true, value: version === 0 ? null : version };
}

/** A paragraph index from the URL: digits only, or null (the route answers 404). */
export function parseParagraphIndex(value: string): number | null {
  return /^(0|[1-9][0-9]{0,8})$/.test(value) ? Number(value) : null;
}

/** `?limit=` and `?before=` of the revision list. */
export function parseRevisionQuery(params: URLSearchParams): InputResult<{ limit: number; beforeId?: number }> {
  const rawLimit = params.get('limit');
  const rawBefore = params.get('before');
  let limit = DEFAULT_REVISION_LIMIT;
  if (rawLimit !== null) {
    if (!/^[1-9][0-9]{0,6}$/.test(rawLimit)) return bad(`"limit" must be an integer from 1 to ${MAX_REVISION_LIMIT}.`);
    limit = Math.min(Number(rawLimit), MAX_REVISION_LIMIT);
  }
  if (rawBefore === null) return { ok: true, value: { limit } };
  if (!/^[1-9][0-9]{0,15}$/.test(rawBefore)) return bad('"before" must be a revision id (an integer from 1).');
  return { ok: true, value: { limit, beforeId: Number(rawBefore) } };
}

/** What POST .../paragraphs/:index/realign carries besides If-Match (this paragraph's version). */
export interface RealignFields {
  action: 'join' | 'pushLast' | 'pullFirst';
  /** The next paragraph's version as the client saw it (null: no revision yet). */
  nextVersion: number | null;
  clientSaveId: string;
}

/** Validates the body of POST .../paragraphs/:index/realign. */
export function parseRealignBody(body: unknown): InputResult<RealignFields> {
  const o = objectOf(body);
  if (!o) return bad('The request body must be a JSON object: {"action", "nextVersion", "clientSaveId"}.');
  if (o.action !== 'join' && o.action !== 'pushLast' && o.action !== 'pullFirst')
    return bad('"action" must be "join", "pushLast" or "pullFirst".');
  const next = parseIfMatch(typeof o.nextVersion === 'string' ? o.nextVersion : null);
  if (!next.ok || next.value === 'absent')
    return bad('"nextVersion" must be the next paragraph\'s version, as a string ("0" before its first save).');
  const who = parseAttribution(o);
  if (!who.ok) return who;
  return {
    ok: true,
    value: { action: o.action, nextVersion: next.value, ...who.value },
  };
}
