import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** What the fake proxy saw: a forwarded request ("GET http://host/path") or a tunnel ("CONNECT host:port"). */
export interface ProxyLog {
  method: string;
  target: string;
  /** The Proxy-Authorization header as sent. */
  auth: string | undefined;
}

export interface FakeProxy {
  url: string;
  port: number;
  log: ProxyLog[];
  close(): Promise<void>;
}

/**
 * A forward HTTP proxy on 127.0.0.1, as a company network has: it forwards absolute-form requests (plain HTTP)
 * and opens CONNECT tunnels (HTTPS). With `credentials` ("user:password") it answers 407 to anyone without them.
 */
export async function startFakeProxy(options: { credentials?: string } = {}): Promise<FakeProxy> {
  const log: ProxyLog[] = [];
  const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : null;
  const allowed = (header: string | undefined) => expected === null || header === expected;
  const sockets = new Set<net.Socket>();

  const server = http.createServer((req, res) => {
    const auth = req.headers['proxy-authorization'];
    log.push({ method: req.method ?? 'GET', target: req.url ?? '', auth });
    if (!allowed(auth)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const auth = req.headers['proxy-authorization'];
    log.push({ method: 'CONNECT', target: req.url ?? '', auth });
    if (!allowed(auth)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host === 'localhost' ? '127.0.0.1' : host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (s: net.Socket) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A server that accepts connections and never says a word (a proxy that hangs). */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
