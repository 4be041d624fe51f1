import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** Faults the fake hub can inject, per file path (relative to the model folder). */
export interface HubFaults {
  /** Cut the connection after this many body bytes, on the first N GETs of the file. */
  cutAfter?: Record<string, { bytes: number; times: number }>;
  /** Answer 200 with the whole file even when a Range is asked for. */
  ignoreRange?: boolean;
  /** Serve these bytes instead of the real file (the announced sha256 stays the real one). */
  replaceBody?: Record<string, Buffer>;
  /** Send x-linked-etag/x-linked-size on a redirect, like huggingface.co does for LFS files. */
  linkedHeaders?: boolean;
}

/** Serve HTTPS with this key and certificate (for localhost); the hub's URL is then https://localhost:<port>. */
export interface HubTls {
  key: Buffer;
  cert: Buffer;
}

export interface RequestLog {
  method: string;
  file: string;
  range: string | undefined;
  /** True for the second hop of a redirected (LFS-style) download. */
  cdn: boolean;
}

/** A fake Hugging Face hub on 127.0.0.1 serving one model folder under /<modelId>/resolve/main/<file>. */
export interface FakeHub {
  url: string;
  requests: RequestLog[];
  faults: HubFaults;
  close(): Promise<void>;
}

/** Starts the fake hub. */
export async function startFakeHub(
  modelId: string,
  dir: string,
  faults: HubFaults = {},
  tls?: HubTls,
): Promise<FakeHub> {
  const requests: RequestLog[] = [];
  const prefix = `/${modelId}/resolve/main/`;
  const cuts = new Map(Object.entries(faults.cutAfter ?? {}).map(([f, v]) => [f, { ...v }]));
  const handler: http.RequestListener = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const cdn = url.pathname.startsWith('/cdn/');
    const file = cdn ? decodeURIComponent(url.pathname.slice('/cdn/'.length)) : url.pathname.slice(prefix.length);
    if (!cdn && !url.pathname.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    requests.push({ method: req.method ?? 'GET', file, range: req.headers.range, cdn });
    let real: Buffer;
    try {
      real = await readFile(path.join(dir, file));
    } catch {
      res.writeHead(404).end('Entry not found');
      return;
    }
    const sha = createHash('sha256').update(real).digest('hex');
    const isLfs = file.endsWith('.onnx');
    if (!cdn && faults.linkedHeaders && isLfs) {
      res.writeHead(302, {
        location: `/cdn/${encodeURIComponent(file)}`,
        'x-linked-etag': `"${sha}"`,
        'x-linked-size': String(real.length),
      });
      res.end();
      return;
    }
    const body = faults.replaceBody?.[file] ?? real;
    const headers: Record<string, string> = { 'accept-ranges': 'bytes', etag: `"${sha}"` };
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    if (m && !faults.ignoreRange) {
      start = Number(m[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    }
    const slice = body.subarray(start);
    headers['content-length'] = String(slice.length);
    res.writeHead(start > 0 ? 206 : 200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const cut = cuts.get(file);
    if (cut && cut.times > 0) {
      cut.times -= 1;
      res.write(slice.subarray(0, cut.bytes), () => {
        // Give the client time to write those bytes, then drop the connection mid-body.
        setTimeout(() => req.socket.destroy(), 20);
      });
      return;
    }
    res.end(slice);
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`,
    requests,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
