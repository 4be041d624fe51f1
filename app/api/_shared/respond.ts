import { setImmediate as nextTurn } from 'node:timers/promises';
import { isValidSlug } from '@/lib/content/slug';

export type ApiErrorCode =
  | 'bad_request'
  | 'not_found'
  | 'payload_too_large'
  | 'unprocessable'
  | 'model_missing'
  | 'model_not_allowed'
  | 'conflict'
  | 'precondition_required'
  | 'unauthorized'
  | 'forbidden'
  | 'foreign_origin'
  | 'misdirected'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal';

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  not_found: 404,
  payload_too_large: 413,
  unprocessable: 422,
  model_missing: 503,
  model_not_allowed: 403,
  conflict: 409,
  precondition_required: 428,
  unauthorized: 401,
  forbidden: 403,
  foreign_origin: 403,
  misdirected: 421,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};

const NO_STORE = { 'cache-control': 'no-store' };

/** A JSON body with no caching (every answer of this API reflects the current state). */
export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

/**
 * A JSON body whose array under `key` is written a slice at a time, with a turn of the event loop before each: the
 * 10 MB of a whole book's paragraph views, serialized at once, held the server's thread. The answer parses to the
 * same value (`key` comes last).
 */
export function jsonStreamed(body: Record<string, unknown>, key: string, sliceSize = 200): Response {
  const items = (body[key] ?? []) as readonly unknown[];
  const rest = Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));
  const head = JSON.stringify(rest).slice(0, -1);
  const encoder = new TextEncoder();
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (at > 0) await nextTurn();
      const slice = items.slice(at, at + sliceSize).map((item) => JSON.stringify(item) ?? 'null');
      const opening = at === 0 ? `${head}${head === '{' ? '' : ','}${JSON.stringify(key)}:[` : ',';
      at += sliceSize;
      const closing = at >= items.length ? ']}' : '';
      controller.enqueue(encoder.encode(opening + slice.join(',') + closing));
      if (closing) controller.close();
    },
  });
  return new Response(stream, { headers: { ...NO_STORE, 'content-type': 'application/json' } });
}

/** The API's error shape: `{ error: { code, message } }` with the status that code implies. */
export function apiError(code: ApiErrorCode, message: string): Response {
  return json({ error: { code, message } }, STATUS[code]);
}

/**
 * 503 with Retry-After: the server's parse pool is full (lib/heavy), nothing is wrong with the request and nothing
 * was written; the same request later will be read.
 */
export function busyAnswer(busy: { message: string; retryAfterS: number }): Response {
  return Response.json(
    { error: { code: 'busy', message: busy.message, retryAfter: busy.retryAfterS } },
    { status: 503, headers: { ...NO_STORE, 'retry-after': String(busy.retryAfterS) } },
  );
}

/** The error shape plus fields that help the client recover (a conflict carries the current state). */
export function apiErrorWith(code: ApiErrorCode, message: string, extra: Record<string, unknown>): Response {
  return json({ ...extra, error: { code, message } }, STATUS[code]);
}

/** 404 for any slug the product could not have made (dots, slashes, encoded traversal, over-long). */
export function checkSlug(slug: string): Response | null {
  return isValidSlug(slug) ? null : apiError('not_found', `No document "${slug.slice(0, 80)}" in the library.`);
}

/** Reads a small JSON body, refusing bodies over `limit` bytes (413) and malformed JSON (400). */
export async function readJson(
  request: Request,
  limit: number,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit)
    return { ok: false, response: apiError('payload_too_large', `The request body is over ${limit} bytes.`) };
  const text = await request.text();
  if (Buffer.byteLength(text) > limit)
    return { ok: false, response: apiError('payload_too_large', `The request body is over ${limit} bytes.`) };
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: apiError('bad_request', 'The request body is not valid JSON.') };
  }
}

/** Runs a handler and turns an unexpected exception into a logged 500 without internals in the body. */
export async function guarded(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (err) {
    console.error('[paralelo:api]', err);
    return apiError('internal', 'Something went wrong on the server. Nothing saved was lost; see the server log.');
  }
}
