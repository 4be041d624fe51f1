/**
 * Requests for calling the API's route handlers in-process. Every test request is built here, so what a front
 * door demands of all of them (a same-origin Origin header, a content type) is satisfied in one place.
 */

/** The origin the handlers are called under. */
export const TEST_ORIGIN = 'http://127.0.0.1:3000';

export interface RequestParts {
  method?: string;
  /** Path and query, e.g. "/api/documents/faro?from=0". */
  path: string;
  headers?: Record<string, string>;
  body?: BodyInit | null;
}

/** A Request as the server would hand it to a route handler: same-origin, with the given headers. */
export function apiRequest({ method = 'GET', path, headers = {}, body = null }: RequestParts): Request {
  const sendsBody = body !== null && method !== 'GET' && method !== 'HEAD';
  // Header values travel as bytes: a client's UTF-8 arrives as Latin-1 characters, as Node's HTTP parser reads them.
  const latin1 = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [
      k,
      // ...and no client sends a control character or an edge space in one (HTTP forbids them).
      Buffer.from(v, 'utf8')
        .toString('latin1')
        // eslint-disable-next-line no-control-regex -- the characters HTTP does not allow in a header
        .replace(/[\u0000-\u001f\u007f]/g, '')
        .trim(),
    ]),
  );
  return new Request(`${TEST_ORIGIN}${path}`, {
    method,
    // The Host a browser sends with it: a write's Origin must name the server it is addressed to.
    headers: { host: new URL(TEST_ORIGIN).host, origin: TEST_ORIGIN, ...latin1 },
    ...(sendsBody ? { body, duplex: 'half' } : {}),
  } as RequestInit);
}

/** A route handler as Next calls it: the request, and the dynamic segments of its path. */
export type RouteHandler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a handler with its path segments. */
export function call(handler: RouteHandler, parts: RequestParts, params: Record<string, string> = {}) {
  return handler(apiRequest(parts), { params: Promise.resolve(params) });
}
