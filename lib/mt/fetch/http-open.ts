// Opening a hub URL: GET or HEAD, through the proxy the environment names, following redirects, with a timeout until
// the answer and while the body streams; what the hub says about the file (x-linked-etag, x-linked-size) is kept.
import http from 'node:http';
import https from 'node:https';
import { proxyRoute, type ProxyRoute } from './proxy';

/** An open response, with what the hub announced about the file on the way (through redirects). */
export interface Opened {
  res: http.IncomingMessage;
  req: http.ClientRequest;
  /** sha256 announced by the hub (x-linked-etag on the redirect for LFS files, or an etag that is one). */
  sha256: string | null;
  /** Size announced by the hub (x-linked-size), else content length of a full response. */
  size: number | null;
}

/** An error on the way to `url`, with the proxy it went through (if any), for the message. */
export class RequestError extends Error {
  constructor(
    readonly url: string,
    readonly route: ProxyRoute | null,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** An HTTP error status; never retried. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`HTTP ${status} for ${url}`);
  }
}

function shaFromHeader(value: string | string[] | undefined): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  // Git blob etags are sha1 (40 hex); only a 64-hex value is a sha256 we can check against.
  const m = /^(?:W\/)?"?([0-9a-f]{64})"?$/i.exec(raw.trim());
  return m ? m[1]!.toLowerCase() : null;
}

/** A header that is a whole number (a size), or null. */
export function numberHeader(value: string | string[] | undefined): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !/^\d+$/.test(raw.trim())) return null;
  return Number(raw);
}

/**
 * Opens a URL following redirects, keeping the hub's x-linked-* headers from whichever hop sent them. Each hop goes
 * through the proxy the environment names for it (lib/mt/fetch/proxy.ts). Fails with a RequestError.
 */
export function openUrl(
  url: string,
  init: { method: 'GET' | 'HEAD'; headers?: Record<string, string>; timeoutMs: number; signal?: AbortSignal },
  hops = 0,
  linked: { sha256: string | null; size: number | null } = { sha256: null, size: null },
): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
    if (!client) {
      reject(new RequestError(url, null, new Error(`Unsupported URL ${url}`)));
      return;
    }
    const route = proxyRoute(target);
    if (route && !route.agent) {
      const err = Object.assign(new Error(`unsupported proxy ${route.proxy}`), { code: 'EPROXYSCHEME' });
      reject(new RequestError(url, route, err));
      return;
    }
    const fail = (err: unknown) => {
      clearTimeout(answerTimer);
      reject(err instanceof RequestError ? err : new RequestError(url, route, err));
    };
    const req = client.request(target, {
      method: init.method,
      headers: { 'user-agent': 'paralelo', ...init.headers },
      signal: init.signal,
      ...(route?.agent ? { agent: route.agent } : {}),
    });
    const timeout = () =>
      req.destroy(
        Object.assign(new Error(`no answer from ${route ? route.proxy : target.host} in ${init.timeoutMs} ms`), {
          code: 'ETIMEDOUT',
        }),
      );
    // Until the answer: covers a proxy that accepts the connection and never answers the tunnel request, when the
    // socket's own inactivity timeout is not armed yet. After it, the socket's timeout watches the body.
    const answerTimer = setTimeout(timeout, init.timeoutMs);
    req.setTimeout(init.timeoutMs, timeout);
    req.on('error', fail);
    req.on('response', (res) => {
      clearTimeout(answerTimer);
      const sha256 = shaFromHeader(res.headers['x-linked-etag']) ?? linked.sha256;
      const size = numberHeader(res.headers['x-linked-size']) ?? linked.size;
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.resume();
        if (hops >= 8) {
          fail(new Error(`Too many redirects for ${url}`));
          return;
        }
        const next = new URL(location, target).toString();
        openUrl(next, init, hops + 1, { sha256, size }).then(resolve, fail);
        return;
      }
      if (status >= 400) {
        res.resume();
        fail(new HttpStatusError(status, url));
        return;
      }
      const etagSha = shaFromHeader(res.headers.etag);
      const full = status === 200 ? numberHeader(res.headers['content-length']) : null;
      resolve({ res, req, sha256: sha256 ?? etagSha, size: size ?? full });
    });
    req.end();
  });
}
