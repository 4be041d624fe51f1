import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';
import type { ManifestFile } from '../model/model-files';
import { HttpStatusError, numberHeader, openUrl, RequestError, type Opened } from './http-open';

// A model file arrives as <file>.part: resumed with an HTTP Range request after a cut connection, hashed while it
// streams, checked against the size and sha256 the hub announced, then fsynced and renamed over the file.

/** Bytes already in a part file (0 when there is none). */
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

/** What downloadPart needs besides the file. */
export interface PartOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called once the hub has answered the request for the file. */
  onAnswer: () => void;
  onData: (fileBytes: number, fileTotal: number | null, chunk: number) => void;
}

/**
 * Downloads `url` into `part`, resuming what is there; resolves with its size and sha256 once it matches what the hub
 * announced. A part that cannot be right any more (too long, a checksum mismatch, a refused range) is removed first.
 */
export async function downloadPart(
  url: string,
  part: string,
  hub: { size: number | null; sha256: string | null },
  options: PartOptions,
): Promise<ManifestFile> {
  const { timeoutMs, signal, onData } = options;
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
      opened = await openUrl(url, {
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
    options.onAnswer();
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
    if (!append) have = 0;
    total ??= null;
    // The response is listened to from here on, before the part is hashed and opened: a connection cut meanwhile (the
    // hash of a long part takes a while) was otherwise never heard of, and the download waited for ever.
    const opening = (async () => {
      if (append) await hashInto(hash, part);
      return fs.open(part, append ? 'a' : 'w');
    })();
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
        let chain: Promise<unknown> = opening;
        res.on('data', (chunk: Buffer) => {
          res.pause();
          chain = chain
            .then(async () => (await opening).write(chunk))
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
      await (await opening.catch(() => null))?.close();
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

/** Puts a finished part file in place of the file: fsynced, renamed, the rename made durable. */
export async function commitPart(part: string, dest: string): Promise<void> {
  await fsyncFile(part);
  await fs.rename(part, dest);
  await fsyncDir(path.dirname(dest));
}
