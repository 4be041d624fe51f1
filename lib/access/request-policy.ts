/**
 * The door's rules for a request, before anyone asks who sent it: is it addressed to this server (Host), and may a
 * write come from where it comes from (Origin, Sec-Fetch-Site, a bearer token)? Pure functions of header values;
 * the front door (cli/server) and the route guard (app/api/_shared/access.ts) both apply them.
 */

/** Set by the front door to the socket's address (any value the client sent is replaced). */
export const CLIENT_IP_HEADER = 'x-paralelo-client-ip';

/** Host names that always mean this machine. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

export interface DoorSettings {
  /** The origins people use to reach the server besides loopback (PARALELO_ORIGIN), as `scheme://host[:port]`. */
  origins: readonly string[];
  /** The port the server listens on; loopback names are accepted with this port only (any port when null). */
  port: number | null;
}

/** True for an address that only this machine can reach (the default PARALELO_HOST). */
export function isLoopbackAddress(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** `scheme://host[:port]` of a configured origin, or null when it is not an http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
      return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Splits a Host header into a lower-case name and a port (null when absent); null when malformed. */
export function parseHost(host: string): { name: string; port: number | null } | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!m || !m[1]) return null;
  return { name: m[1].toLowerCase(), port: m[2] === undefined ? null : Number(m[2]) };
}

/** Whether a Host header names this server: a loopback name (with its port), or the host of a configured origin. */
export function isAllowedHost(host: string | null, settings: DoorSettings): boolean {
  if (host === null) return false;
  const parsed = parseHost(host);
  if (!parsed) return false;
  if ((LOOPBACK_HOSTS as readonly string[]).includes(parsed.name)) {
    return settings.port === null || parsed.port === settings.port;
  }
  const wanted = `${parsed.name}${parsed.port === null ? '' : `:${parsed.port}`}`;
  return settings.origins.some((o) => new URL(o).host === wanted);
}

/** Methods that change nothing (never refused by the write rules). */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

export interface WriteRequest {
  method: string;
  host: string | null;
  origin: string | null;
  secFetchSite: string | null;
  authorization: string | null;
}

export type DoorDecision =
  | { ok: true }
  | { ok: false; status: 403 | 415 | 421; code: 'misdirected' | 'foreign_origin' | 'unsupported_media_type' };

/** `Authorization: Bearer <token>`: the token, or null. A browser never adds one by itself, so it cannot be forged. */
export function bearerToken(authorization: string | null): string | null {
  const m = authorization === null ? null : /^Bearer\s+(\S{1,512})\s*$/i.exec(authorization);
  return m?.[1] ?? null;
}

/**
 * May this write go on? Yes with a bearer token (checked next, by the identity), from one of the app's own origins
 * (Origin equal to `scheme://Host` for a loopback Host, or a configured origin), or without Origin when the browser
 * says `Sec-Fetch-Site: same-origin`. Everything else (another site, `Origin: null`, a bare form) is refused.
 */
export function checkWrite(request: WriteRequest, settings: DoorSettings): DoorDecision {
  // No Host at all happens only in-process (a Request built by a test or a script): Node's server answers 400 to
  // such a request on the wire before any handler sees it.
  if (request.host !== null && !isAllowedHost(request.host, settings)) {
    return { ok: false, status: 421, code: 'misdirected' };
  }
  if (isSafeMethod(request.method)) return { ok: true };
  if (bearerToken(request.authorization) !== null) return { ok: true };
  // A form posted by a page whose Referrer-Policy is no-referrer says `Origin: null`; the browser's own
  // Sec-Fetch-Site (a header no page can set) still tells whether it came from this origin.
  if (request.origin === null || request.origin === 'null') {
    return request.secFetchSite === 'same-origin' ? { ok: true } : { ok: false, status: 403, code: 'foreign_origin' };
  }
  const origin = normalizeOrigin(request.origin);
  if (origin === null) return { ok: false, status: 403, code: 'foreign_origin' };
  if (settings.origins.includes(origin)) return { ok: true };
  const parsed = parseHost(request.host ?? '');
  const loopback = parsed !== null && (LOOPBACK_HOSTS as readonly string[]).includes(parsed.name);
  if (loopback && new URL(origin).host === request.host?.toLowerCase()) return { ok: true };
  return { ok: false, status: 403, code: 'foreign_origin' };
}

/** A JSON endpoint takes `application/json` only (a form or text/plain body is refused before it is read). */
export function checkJsonType(contentType: string | null): DoorDecision {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/json' ? { ok: true } : { ok: false, status: 415, code: 'unsupported_media_type' };
}

// Whitespace and controls anywhere, and backslashes: browsers drop tabs and newlines from a URL (`/\t/evil.example`
// is `//evil.example`, another site) and read `\` as `/`; a newline in a Location header would break the answer.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const UNSAFE_IN_PATH = /[\s\\\u0000-\u001F\u007F]/;
const PROBE_ORIGIN = 'http://paralelo.invalid';

/**
 * Where to send someone after they sign in (`next`): a path of one of the app's own pages (under one of `locales`),
 * normalized, or `fallback`. Never another site: no scheme, no `//host`, nothing a browser would read as one.
 */
export function safeReturnPath(value: string | null | undefined, locales: readonly string[], fallback: string): string {
  if (!value || value.length > 500 || !value.startsWith('/') || UNSAFE_IN_PATH.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  // `/..//evil.example` normalizes to the path `//evil.example`, which as a Location would name another host.
  if (url.origin !== PROBE_ORIGIN || url.pathname.startsWith('//')) return fallback;
  if (!locales.includes(url.pathname.split('/')[1] ?? '')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
