/**
 * Reading ZIP archives (EPUB) with limits on what they really unpack to, through yauzl as the DOCX import does
 * (lib/exchange/docx-archive.ts on the hostile branch: same library, same options). yauzl reads the central
 * directory (ZIP64 too), refuses entry names that would leave the archive's folder, and checks each entry's real
 * inflated size against its declaration as it streams; on top of that the bytes are counted here and a read stops at
 * the limits. Only the entries asked for are ever inflated.
 */
import yauzl from 'yauzl';

/** How much an archive may hold and unpack to. */
export interface ZipLimits {
  /** Most entries listed in the central directory. */
  maxEntries: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most bytes all the entries read from one archive may inflate to, together. */
  maxTotalBytes: number;
}

/** Limits for an uploaded book: far above any novel's text, far below what would exhaust the server. */
export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
};

export type ZipErrorCode = 'not_zip' | 'too_large' | 'unsafe_path' | 'corrupt';

/** Why an archive, or an entry of it, cannot be read. */
export interface ZipError {
  ok: false;
  code: ZipErrorCode;
  message: string;
}

const fail = (code: ZipErrorCode, message: string): ZipError => ({ ok: false, code, message });

// yauzl's words for a name that leaves the folder (validateFileName) and for an entry larger than it declared.
const UNSAFE_NAME = /^(?:invalid relative path|absolute path|invalid characters in fileName)/u;
const OVERSIZED = /too many bytes in the stream/u;

function classify(err: Error, what: string): ZipError {
  const message = err.message.split('\n')[0]!.slice(0, 200);
  if (UNSAFE_NAME.test(message))
    return fail('unsafe_path', `it holds a file whose name would leave the archive (${message}): refused`);
  if (OVERSIZED.test(message))
    return fail('too_large', `${what} unpacks to more than its archive declares (${message}): a zip bomb, refused`);
  return fail('corrupt', `${what} is damaged (${message})`);
}

/** An opened archive: its entries, and a way to read some of them within the limits. */
export class ZipArchive {
  private inflated = 0;

  constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly found: ReadonlyMap<string, yauzl.Entry>,
    private readonly limits: ZipLimits,
  ) {}

  /** Whether the archive holds a file of that name. */
  has(name: string): boolean {
    return this.found.has(name);
  }

  /** Names of the files in the archive, in its directory's order. */
  names(): string[] {
    return [...this.found.keys()];
  }

  /** Bytes inflated so far by read(), across calls (counted against maxTotalBytes). */
  get inflatedBytes(): number {
    return this.inflated;
  }

  /**
   * Inflates the named entries. Names that are not in the archive are left out of the map; an entry that unpacks to
   * more than it declared, or over a limit, or whose data is damaged fails the whole read.
   */
  async read(names: Iterable<string>): Promise<{ ok: true; files: Map<string, Uint8Array> } | ZipError> {
    const files = new Map<string, Uint8Array>();
    for (const name of new Set(names)) {
      const entry = this.found.get(name);
      if (!entry) continue;
      // The declaration is a first filter only; the bytes that come out are what counts.
      if (entry.uncompressedSize > this.limits.maxEntryBytes)
        return fail(
          'too_large',
          `${name} unpacks to ${entry.uncompressedSize} bytes, over the limit of ${this.limits.maxEntryBytes} bytes`,
        );
      const budget = Math.min(this.limits.maxEntryBytes, this.limits.maxTotalBytes - this.inflated);
      const data = await this.readEntry(entry, budget);
      if (data instanceof Error) return classify(data, name);
      if (data === 'over')
        return fail(
          'too_large',
          `the archive unpacks to more than ${this.limits.maxTotalBytes} bytes (or ${name} to more than ` +
            `${this.limits.maxEntryBytes}), over the limit: refused`,
        );
      files.set(name, data);
    }
    return { ok: true, files };
  }

  /** Lets go of the archive. */
  close(): void {
    this.zip.close();
  }

  private readEntry(entry: yauzl.Entry, budget: number): Promise<Uint8Array | 'over' | Error> {
    return new Promise((resolve) => {
      this.zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return resolve(err ?? new Error('unreadable entry'));
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          this.inflated += chunk.length;
          if (size > budget) {
            stream.destroy();
            resolve('over');
            return;
          }
          chunks.push(chunk);
        });
        stream.on('error', (e: Error) => resolve(e));
        stream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks, size))));
      });
    });
  }
}

/** True when the bytes start like a ZIP file (EPUB and DOCX are ZIP files). */
export const startsLikeZip = (bytes: Uint8Array) =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * Opens a ZIP archive held in memory: lists its central directory and refuses it when it has too many entries, a
 * name that would leave its folder (path traversal), or the same name twice. Nothing is inflated yet.
 */
export async function openZip(
  bytes: Uint8Array,
  limits: ZipLimits = ZIP_LIMITS,
): Promise<{ ok: true; archive: ZipArchive } | ZipError> {
  if (!startsLikeZip(bytes)) return fail('not_zip', 'it is not a ZIP archive');
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      lazyEntries: true,
      validateEntrySizes: true,
      strictFileNames: false,
      decodeStrings: true,
    });
  } catch (err) {
    return classify(err as Error, 'the archive');
  }
  const found = new Map<string, yauzl.Entry>();
  const listed = await new Promise<ZipError | null>((resolve) => {
    let count = 0;
    zip.on('error', (err: Error) => resolve(classify(err, 'the archive')));
    zip.on('end', () => resolve(null));
    zip.on('entry', (entry: yauzl.Entry) => {
      count += 1;
      if (count > limits.maxEntries)
        return resolve(fail('too_large', `it holds more than ${limits.maxEntries} files, over the limit`));
      const name = entry.fileName;
      if (found.has(name))
        return resolve(fail('corrupt', `it lists "${name.slice(0, 120)}" twice, so which one is meant is unclear`));
      if (!name.endsWith('/')) found.set(name, entry);
      zip.readEntry();
    });
    zip.readEntry();
  });
  if (listed) {
    zip.close();
    return listed;
  }
  return { ok: true, archive: new ZipArchive(zip, found, limits) };
}
