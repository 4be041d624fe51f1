/**
 * The HTTP server in front of Next (`paralelo serve`): it listens where the configuration says (loopback by
 * default), and before Next sees a request it refuses what no page or route should answer: a Host that is not this
 * server's (DNS rebinding: 421) and a path with a malformed %-escape (400). Every answer carries the security
 * headers, Next's error pages included, and clients that stop sending (unfinished headers, a body shorter than its
 * Content-Length) are cut off instead of holding a connection forever.
 */
import http from 'node:http';
import proxyaddr from 'proxy-addr';
import { CLIENT_IP_HEADER, isAllowedHost, type DoorSettings } from '../../lib/access/request-policy';

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

/** Time limits of a connection, in milliseconds. */
export interface DoorTimeouts {
  /** To receive a request's headers (Node's default is 60 s). */
  headers: number;
  /** To receive a whole request, body included (an import of 10 MB at 200 kB/s fits). */
  request: number;
  /** An idle keep-alive connection between two requests. */
  keepAlive: number;
  /** How often Node checks the two limits above. */
  checkInterval: number;
}

export const DEFAULT_TIMEOUTS: DoorTimeouts = {
  headers: 10_000,
  request: 60_000,
  keepAlive: 5_000,
  checkInterval: 1_000,
};

/**
 * On every answer. Pages replace the Content-Security-Policy with their own, with a nonce (proxy.ts); everything
 * else (the API, files, error answers) keeps this one, which lets nothing run.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  // Other sites get no referrer; the app's own requests keep their Origin (no-referrer makes a form's Origin null).
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // Another site may not embed or read Paralelo's answers, not even as an image or a script.
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function answerJson(res: http.ServerResponse, status: number, code: string, message: string) {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** True when every %-escape of the path decodes (a lone "%" or "%zz", or an escape of broken UTF-8, does not). */
export function hasValidEscapes(url: string): boolean {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  try {
    for (const segment of path.split('/')) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * The client's address as the sign-in limit counts it: the socket's, or, when the socket is one of the trusted
 * reverse proxies (PARALELO_TRUST_PROXY), the nearest address in X-Forwarded-For that is not a trusted proxy
 * (proxy-addr, as Express reads it). Throws for a list it cannot read (`paralelo serve` checks it first).
 */
export function clientAddressOf(trustProxy: readonly string[]): (req: http.IncomingMessage) => string {
  if (trustProxy.length === 0) return (req) => req.socket.remoteAddress ?? 'unknown';
  const trust = proxyaddr.compile([...trustProxy]);
  return (req) => proxyaddr(req, trust);
}

/** The node:http server of the front door around a handler (Next's, or a test's). */
export function createFrontDoor(
  settings: DoorSettings,
  handle: RequestHandler,
  timeouts: DoorTimeouts = DEFAULT_TIMEOUTS,
  trustProxy: readonly string[] = [],
): http.Server {
  const clientAddress = clientAddressOf(trustProxy);
  const server = http.createServer(
    {
      headersTimeout: timeouts.headers,
      requestTimeout: timeouts.request,
      keepAliveTimeout: timeouts.keepAlive,
      connectionsCheckingInterval: timeouts.checkInterval,
      requireHostHeader: true,
    },
    (req, res) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      if (!isAllowedHost(req.headers.host ?? null, settings)) {
        answerJson(
          res,
          421,
          'misdirected',
          'This server does not answer for that host name. To serve it under another name, set PARALELO_ORIGIN.',
        );
        return;
      }
      if (!hasValidEscapes(req.url ?? '/')) {
        answerJson(res, 400, 'bad_request', 'The address has a malformed %-escape. Check the link.');
        return;
      }
      // The sign-in limit counts failures per address: the socket's (or a trusted proxy's word for it), never one
      // the client claims; a header of this name sent by the client is replaced.
      req.headers[CLIENT_IP_HEADER] = clientAddress(req);
      Promise.resolve(handle(req, res)).catch((err: unknown) => {
        console.error('[paralelo:server]', err);
        if (!res.headersSent) answerJson(res, 500, 'internal', 'Something went wrong on the server; see its log.');
        else res.destroy();
      });
    },
  );
  return server;
}
