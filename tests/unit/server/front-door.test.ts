import net from 'node:net';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddressOf, createFrontDoor, SECURITY_HEADERS } from '../../../cli/server/front-door';
import { CLIENT_IP_HEADER } from '../../../lib/access/request-policy';
import { hangBoundMs } from '../../helpers/hang-bound';

let server: http.Server;
let port = 0;

// A handler that, like Next, reads the whole body before it answers, and fails on /boom.
beforeAll(async () => {
  server = createFrontDoor(
    { origins: [], port: null },
    async (req, res) => {
      if (req.url === '/boom') throw new Error('boom');
      if (req.url === '/crash-500') {
        res.statusCode = 500;
        res.end('Internal Server Error');
        return;
      }
      for await (const _ of req) void _;
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    },
    { headers: 600, request: 1200, keepAlive: 500, checkInterval: 100 },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Answer = { status: number; headers: http.IncomingHttpHeaders; json: () => Promise<unknown> };

/** A GET with a Host of our choosing (fetch does not let a caller set Host; node:http does). */
function get(path: string, host = `localhost:${port}`): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { host }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: async () => JSON.parse(body) as unknown });
      });
    });
    req.on('error', reject);
  });
}

function expectSecurityHeaders(res: Answer) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS))
    expect(res.headers[name.toLowerCase()], name).toBe(value);
}

/**
 * Opens a raw connection, sends `text`, and resolves with the milliseconds until the server closes it; rejects if it
 * is still open after `giveUpMs`: ten times the server's longest timeout here (1.2 s), a hang bound, not a speed goal.
 */
function heldFor(text: string, giveUpMs = hangBoundMs(1_200)): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after ${giveUpMs} ms`));
    }, giveUpMs);
    socket.on('data', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
    socket.on('error', () => {});
  });
}

describe('front door', () => {
  it('answers a malformed %-escape with a JSON 400 that carries the security headers (issue 15 #7)', async () => {
    for (const path of ['/api/documents/%zz', '/es/read/%', '/%E0%A4%A', '/api/%C0%AF']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
      expectSecurityHeaders(res);
    }
    expect((await get('/api/documents/%C3%B1')).status).toBe(200);
  });

  it('answers a Host that is not its own with 421 (DNS rebinding), pages and API alike', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `localhost.evil.example:${port}`]) {
      for (const path of ['/es', '/api/documents']) {
        const res = await get(path, host);
        expect(res.status, `${host}${path}`).toBe(421);
        expectSecurityHeaders(res);
      }
    }
    expect((await get('/api/documents', `127.0.0.1:${port}`)).status).toBe(200);
  });

  it('puts the security headers on error answers too', async () => {
    for (const path of ['/boom', '/crash-500']) {
      const res = await get(path);
      expect(res.status).toBe(500);
      expectSecurityHeaders(res);
    }
  });

  it('cuts off clients that stop sending: unfinished headers, a body shorter than its Content-Length (issue 15 #8)', async () => {
    const unfinished = heldFor(`GET /api/documents HTTP/1.1\r\nHost: localhost:${port}\r\nX-Slow: `);
    const shortBody = heldFor(
      `POST /api/documents HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nonly ten b`,
    );
    const many = Array.from({ length: 50 }, () => heldFor(`GET / HTTP/1.1\r\nHost: localhost:${port}\r\n`));
    // Each resolves once the server closes the connection; heldFor rejects one still open at its hang bound.
    await expect(Promise.all([unfinished, shortBody, ...many])).resolves.toHaveLength(52);
  });
});

describe('the client address the sign-in limit counts', () => {
  /** The address the front door handed to the app, for a request with these headers. */
  async function seenAs(trustProxy: string[], headers: Record<string, string>): Promise<string> {
    const door = createFrontDoor(
      { origins: [], port: null },
      (req, res) => void res.end(String(req.headers[CLIENT_IP_HEADER])),
      undefined,
      trustProxy,
    );
    await new Promise<void>((resolve) => door.listen(0, '127.0.0.1', resolve));
    const { port: p } = door.address() as AddressInfo;
    try {
      return await new Promise((resolve, reject) =>
        http
          .get({ host: '127.0.0.1', port: p, path: '/', headers: { host: `localhost:${p}`, ...headers } }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve(body));
          })
          .on('error', reject),
      );
    } finally {
      await new Promise<void>((resolve) => door.close(() => resolve()));
    }
  }

  it('is the socket’s by default: X-Forwarded-For and a forged header of its own are ignored', async () => {
    expect(await seenAs([], { 'x-forwarded-for': '203.0.113.7', [CLIENT_IP_HEADER]: '198.51.100.9' })).toBe(
      '127.0.0.1',
    );
  });

  it('behind trusted proxies (PARALELO_TRUST_PROXY), the nearest forwarded address that is not one of them', async () => {
    expect(await seenAs(['loopback'], { 'x-forwarded-for': '203.0.113.7' })).toBe('203.0.113.7');
    // A client that writes its own X-Forwarded-For is still counted by the address the proxy saw (the last hop).
    expect(await seenAs(['loopback', '10.0.0.0/8'], { 'x-forwarded-for': '1.2.3.4, 198.51.100.1, 10.0.0.5' })).toBe(
      '198.51.100.1',
    );
    // A proxy that is not trusted is the client.
    expect(await seenAs(['10.0.0.0/8'], { 'x-forwarded-for': '203.0.113.7' })).toBe('127.0.0.1');
  });

  it('refuses a list it cannot read', () => {
    expect(() => clientAddressOf(['not an address'])).toThrow();
  });
});
