import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { EngineConfig } from '../engine';
import { EngineError } from '../errors';
import type { ManifestFile, ModelManifest } from '../model/model-files';
import { ADOPT_COMMAND, hashFile, readManifest, writeManifest } from '../model/model-files';
import { proxyRoute, type ProxyRoute } from './proxy';
import type { ModelDtype, ModelSpec } from '../model/registry';
import { hubUrlFromEnv, resolveModel } from '../model/registry';

/** Progress of a fetch; totals are null until the hub has told us the sizes. */
export interface FetchProgress {
  phase: 'start' | 'data' | 'skip' | 'done';
  file: string;
  fileIndex: number;
  fileCount: number;
  fileBytes: number;
  fileTotal: number | null;
  doneBytes: number;
  totalBytes: number | null;
}

export interface FetchOptions {
  config: EngineConfig;
  /** Overrides config.dtype. */
  dtype?: ModelDtype;
  /** Base URL of the hub; default PARALELO_HUB_URL or https://huggingface.co. */
  hubUrl?: string;
  /** Download every file again even if a verified copy exists. */
  force?: boolean;
  onProgress?: (progress: FetchProgress) => void;
  signal?: AbortSignal;
  /** Extra attempts per file after a cut connection, each resuming from the .part file. Default 2. */
  retries?: number;
  /** Connect and inactivity timeout per request. Default 15 s. */
  timeoutMs?: number;
}

export interface FetchResult {
  spec: ModelSpec;
  manifest: ModelManifest;
  downloaded: string[];
  skipped: string[];
  /** Bytes received over the network in this run. */
  receivedBytes: number;
}

interface Opened {
  res: http.IncomingMessage;
  req: http.ClientRequest;
  /** sha256 announced by the hub (x-linked-etag on the redirect for LFS files, or an etag that is one). */
  sha256: string | null;
  /** Size announced by the hub (x-linked-size), else content length of a full response. */
  size: number | null;
}

/** An error on the way to `url`, with the proxy it went through (if any), for the message. */
class RequestError extends Error {
  constructor(
    readonly url: string,
    readonly route: ProxyRoute | null,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** Certificate problems that mean "this machine does not trust who answered", typically an inspecting proxy. */
const UNTRUSTED_CERT_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
]);

class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`HTTP ${status} for ${url}`);
  }
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function shaFromHeader(value: string | string[] | undefined): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  // Git blob etags are sha1 (40 hex); only a 64-hex value is a sha256 we can check against.
  const m = /^(?:W\/)?"?([0-9a-f]{64})"?$/i.exec(raw.trim());
  return m ? m[1]!.toLowerCase() : null;
}

function numberHeader(value: string | string[] | undefined): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !/^\d+$/.test(raw.trim())) return null;
  return Number(raw);
}

/**
 * Opens a URL following redirects, keeping the hub's x-linked-* headers from whichever hop sent them. Each hop goes
 * through the proxy the environment names for it (lib/mt/fetch/proxy.ts). Fails with a RequestError.
 */
function open(
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
        open(next, init, hops + 1, { sha256, size }).then(resolve, fail);
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

async function partSize(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch {
    return 0;
  }
}

async function hashInto(hash: Hash, file: string): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename durable; not supported on every platform (Windows), hence best effort.
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}

function offlineError(spec: ModelSpec, url: string, err: unknown): EngineError {
  const code = errorCode(err) ?? 'error';
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  return new EngineError(
    'offline',
    `No network: cannot reach ${host} (${code}). To install ${spec.modelId} without network, copy these files ` +
      `into ${spec.dir}: ${spec.files.join(', ')}; then run \`${ADOPT_COMMAND}\`.`,
    { cause: err, details: { modelId: spec.modelId, dir: spec.dir, files: spec.files, url, command: ADOPT_COMMAND } },
  );
}

function proxyError(
  spec: ModelSpec,
  url: string,
  route: ProxyRoute,
  reason: 'auth' | 'upstream' | 'unreachable' | 'scheme',
  status: string,
  err: unknown,
): EngineError {
  const host = new URL(url).host;
  const what = {
    auth: 'it asks for a user name and password; put them in the variable as http://user:password@host:port',
    upstream: `it could not reach ${host} (${status})`,
    unreachable: `it does not answer (${status})`,
    scheme: 'only http:// and https:// proxies are supported',
  }[reason];
  return new EngineError(
    'proxy_failed',
    `Cannot download through the proxy ${route.proxy} (set by ${route.variable}): ${what}. Fix ${route.variable}, or ` +
      `list ${host} in NO_PROXY to connect directly. Without network, copy these files into ${spec.dir}: ` +
      `${spec.files.join(', ')}; then run \`${ADOPT_COMMAND}\`.`,
    {
      cause: err,
      details: {
        modelId: spec.modelId,
        dir: spec.dir,
        files: spec.files,
        url,
        proxy: route.proxy,
        variable: route.variable,
        reason,
        status,
        command: ADOPT_COMMAND,
      },
    },
  );
}

/**
 * Downloads exactly the files the pipeline needs into models/<id>/, each via <file>.part (resumed with
 * HTTP Range), hashed while streaming, fsynced and renamed; writes the manifest last.
 */
export async function fetchModel(options: FetchOptions): Promise<FetchResult> {
  const spec = resolveModel(options.config, options.dtype ? { dtype: options.dtype } : {});
  const hubUrl = (options.hubUrl ?? hubUrlFromEnv()).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = options.retries ?? 2;
  const { signal } = options;
  const urlOf = (file: string) => `${hubUrl}/${spec.modelId}/resolve/main/${file}`;
  let reachedHub = false;

  const classify = (err: unknown, url: string, file: string): EngineError => {
    if (err instanceof EngineError) return err;
    // What went wrong, where (a redirect's target may not be `url`) and through which proxy.
    const cause = err instanceof RequestError ? err.error : err;
    const where = err instanceof RequestError ? err.url : url;
    const route = err instanceof RequestError ? err.route : null;
    const code = errorCode(cause);
    if (signal?.aborted || code === 'ABORT_ERR') {
      return new EngineError('cancelled', 'Download cancelled.', { cause: err });
    }
    if (route && !reachedHub) {
      const status = cause instanceof HttpStatusError ? cause.status : null;
      const reason =
        code === 'EPROXYSCHEME'
          ? 'scheme'
          : status === 407
            ? 'auth'
            : status !== null && status >= 502 && status <= 504
              ? 'upstream'
              : status === null && NETWORK_CODES.has(code ?? '')
                ? 'unreachable'
                : null;
      if (reason)
        return proxyError(spec, where, route, reason, status === null ? (code ?? 'error') : `HTTP ${status}`, err);
    }
    if (code && UNTRUSTED_CERT_CODES.has(code)) {
      return new EngineError(
        'tls_untrusted',
        `The certificate of ${new URL(where).host} is not trusted on this machine (${code}). If your network ` +
          'inspects HTTPS (a company proxy may), save its CA certificate as a PEM file and run again with ' +
          'NODE_EXTRA_CA_CERTS=/path/to/ca.pem.',
        { cause: err, details: { modelId: spec.modelId, file, url: where, status: code } },
      );
    }
    if (!reachedHub && NETWORK_CODES.has(code ?? '')) return offlineError(spec, where, cause);
    const via = route ? ` through the proxy ${route.proxy} (${route.variable})` : '';
    if (cause instanceof HttpStatusError) {
      return new EngineError(
        'download_failed',
        `Download of ${file} for ${spec.modelId} failed: HTTP ${cause.status} from ${where}${via}.`,
        { cause: err, details: { modelId: spec.modelId, file, url: where } },
      );
    }
    const message = cause instanceof Error ? cause.message : String(cause);
    return new EngineError('download_failed', `Download of ${file} for ${spec.modelId} failed${via}: ${message}.`, {
      cause: err,
      details: { modelId: spec.modelId, file, url: where, command: 'npx paralelo model fetch' },
    });
  };

  // 1. Ask the hub for sizes and checksums first: this gives the progress bar its total, and finds out
  //    that there is no network before anything is written.
  const expected = new Map<string, { size: number | null; sha256: string | null }>();
  for (const file of spec.files) {
    const url = urlOf(file);
    try {
      const head = await open(url, { method: 'HEAD', timeoutMs, signal });
      head.res.resume();
      reachedHub = true;
      expected.set(file, { size: head.size ?? numberHeader(head.res.headers['content-length']), sha256: head.sha256 });
    } catch (err) {
      throw classify(err, url, file);
    }
  }
  const sizes = [...expected.values()].map((e) => e.size);
  const totalBytes = sizes.every((s) => s !== null) ? sizes.reduce<number>((a, b) => a + (b ?? 0), 0) : null;

  await fs.mkdir(spec.dir, { recursive: true });
  const previous = await readManifest(spec.dir);

  // 2. Decide what is already there and verified.
  const entries = new Map<string, ManifestFile>();
  const toDownload: string[] = [];
  const skipped: string[] = [];
  for (const file of spec.files) {
    const known = previous?.files.find((f) => f.path === file);
    const hub = expected.get(file);
    if (!options.force && known) {
      const here = await hashFile(path.join(spec.dir, file)).catch(() => null);
      const matchesHub =
        (!hub?.sha256 || hub.sha256 === known.sha256) && (hub?.size == null || hub.size === known.size);
      if (here && here.sha256 === known.sha256 && here.size === known.size && matchesHub) {
        entries.set(file, known);
        skipped.push(file);
        continue;
      }
    }
    toDownload.push(file);
  }

  // 3. Files about to be replaced lose their manifest entries first, so an interrupted run can never
  //    present a mix of old entries and new files as verified.
  if (previous && toDownload.length > 0) {
    const kept = previous.files.filter((f) => !toDownload.includes(f.path));
    if (kept.length > 0) await writeManifest(spec.dir, { ...previous, files: kept });
    else await fs.rm(path.join(spec.dir, 'paralelo-manifest.json'), { force: true });
  }

  let doneBytes = 0;
  let receivedBytes = 0;
  const report = (p: Omit<FetchProgress, 'fileCount' | 'doneBytes' | 'totalBytes'>) =>
    options.onProgress?.({ ...p, fileCount: spec.files.length, doneBytes, totalBytes });

  for (const [fileIndex, file] of spec.files.entries()) {
    const hub = expected.get(file) ?? { size: null, sha256: null };
    if (skipped.includes(file)) {
      doneBytes += entries.get(file)?.size ?? 0;
      report({ phase: 'skip', file, fileIndex, fileBytes: hub.size ?? 0, fileTotal: hub.size });
      continue;
    }
    const dest = path.join(spec.dir, file);
    const part = `${dest}.part`;
    await fs.mkdir(path.dirname(dest), { recursive: true });
    if (options.force) await fs.rm(part, { force: true });
    const base = doneBytes;
    report({ phase: 'start', file, fileIndex, fileBytes: 0, fileTotal: hub.size });

    let entry: ManifestFile | null = null;
    for (let attempt = 0; entry === null; attempt++) {
      const url = urlOf(file);
      try {
        entry = await downloadOne(url, part, hub, (fileBytes, fileTotal, chunk) => {
          receivedBytes += chunk;
          doneBytes = base + fileBytes;
          report({ phase: 'data', file, fileIndex, fileBytes, fileTotal });
        });
      } catch (err) {
        const wrapped = classify(err, url, file);
        const status = err instanceof RequestError && err.error instanceof HttpStatusError;
        const resumable = wrapped.code === 'download_failed' && !status;
        if (!resumable || attempt >= retries) throw wrapped;
      }
    }
    await fsyncFile(part);
    await fs.rename(part, dest);
    await fsyncDir(path.dirname(dest));
    entries.set(file, { ...entry, path: file });
    doneBytes = base + entry.size;
    report({ phase: 'done', file, fileIndex, fileBytes: entry.size, fileTotal: entry.size });
  }

  const others = (previous?.files ?? []).filter((f) => !spec.files.includes(f.path));
  const manifest: ModelManifest = {
    modelId: spec.modelId,
    dtype: spec.dtype,
    source: hubUrl,
    files: [...spec.files.map((f) => entries.get(f)!), ...others],
    fetchedAt: new Date().toISOString(),
  };
  await writeManifest(spec.dir, manifest);
  return { spec, manifest, downloaded: toDownload, skipped, receivedBytes };

  async function downloadOne(
    url: string,
    part: string,
    hub: { size: number | null; sha256: string | null },
    onData: (fileBytes: number, fileTotal: number | null, chunk: number) => void,
  ): Promise<ManifestFile> {
    let have = await partSize(part);
    if (hub.size !== null && have > hub.size) {
      await fs.rm(part, { force: true });
      have = 0;
    }
    const hash = createHash('sha256');
    let written = 0;
    let total = hub.size;
    if (!(hub.size !== null && have === hub.size)) {
      let opened: Opened;
      try {
        opened = await open(url, {
          method: 'GET',
          headers: have > 0 ? { range: `bytes=${have}-` } : {},
          timeoutMs,
          signal,
        });
      } catch (err) {
        if (err instanceof RequestError && err.error instanceof HttpStatusError && err.error.status === 416) {
          // The .part no longer matches what the server has: start again from zero next attempt.
          await fs.rm(part, { force: true });
          throw new Error(`range not satisfiable for ${url}`, { cause: err });
        }
        throw err;
      }
      reachedHub = true;
      const { res } = opened;
      let append = false;
      if (res.statusCode === 206) {
        const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(String(res.headers['content-range'] ?? ''));
        append = m !== null && Number(m[1]) === have;
        if (m && m[2] !== '*') total = Number(m[2]);
        if (!append) {
          res.destroy();
          await fs.rm(part, { force: true });
          throw new Error(`unexpected Content-Range "${res.headers['content-range']}" for ${url}`);
        }
      } else {
        // A server that ignores Range answers 200 with the whole file: start the .part over.
        total = opened.size ?? numberHeader(res.headers['content-length']) ?? total;
      }
      if (append) await hashInto(hash, part);
      else have = 0;
      total ??= null;
      const handle = await fs.open(part, append ? 'a' : 'w');
      try {
        await new Promise<void>((resolve, reject) => {
          let failed = false;
          const fail = (err: Error) => {
            if (failed) return;
            failed = true;
            res.destroy();
            reject(err);
          };
          // Writes are serialized through one promise chain so bytes land in order and backpressure holds.
          let chain: Promise<unknown> = Promise.resolve();
          res.on('data', (chunk: Buffer) => {
            res.pause();
            chain = chain
              .then(() => handle.write(chunk))
              .then(() => {
                hash.update(chunk);
                written += chunk.length;
                onData(have + written, total, chunk.length);
                res.resume();
              })
              .catch((err: Error) => fail(err));
          });
          res.on('aborted', () => fail(Object.assign(new Error('connection cut mid-file'), { code: 'ECONNRESET' })));
          res.on('error', (err) => fail(err));
          res.on('end', () => {
            if (!res.complete) {
              fail(Object.assign(new Error('connection cut mid-file'), { code: 'ECONNRESET' }));
              return;
            }
            chain.then(() => (failed ? undefined : resolve()), fail);
          });
        });
      } finally {
        await handle.close();
      }
    } else {
      await hashInto(hash, part);
    }
    const size = await partSize(part);
    const sha256 = hash.digest('hex');
    const sizeWanted = hub.size ?? total;
    if (sizeWanted !== null && size !== sizeWanted) {
      if (size > sizeWanted) await fs.rm(part, { force: true });
      throw new Error(`${path.basename(part, '.part')} is ${size} bytes, the hub announced ${sizeWanted}`);
    }
    if (hub.sha256 && hub.sha256 !== sha256) {
      // Keeping it would make every resume append to a bad prefix.
      await fs.rm(part, { force: true });
      throw new EngineError(
        'download_failed',
        `Checksum mismatch for ${path.basename(part, '.part')} from ${url}: expected sha256 ${hub.sha256}, got ${sha256}. Run the fetch again.`,
        { details: { url, command: 'npx paralelo model fetch' } },
      );
    }
    return { path: '', size, sha256 };
  }
}
