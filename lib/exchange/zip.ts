/**
 * Reading ZIP archives (EPUB) with limits on what they really unpack to. fflate lists the central directory; the
 * entries asked for are then inflated by fflate's streaming unzipper, fed a small chunk at a time, and every byte
 * it gives back is counted: a zip bomb whose central directory lies about its sizes is stopped after at most one
 * chunk's worth of output (a 16 KiB chunk of DEFLATE inflates to at most about 17 MB), never unpacked whole.
 */
import { Unzip, UnzipInflate, unzipSync } from 'fflate';

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

/** One file of the central directory. */
export interface ZipEntry {
  name: string;
  compressedSize: number;
  /** The size the directory claims; the real inflated size is checked against it while reading. */
  declaredSize: number;
  /** 0 stored, 8 deflated (the only methods read). */
  method: number;
}

// Pushed to the unzipper this many bytes at a time: bounds what one step can inflate before it is counted.
const CHUNK = 16 * 1024;

/** Why an entry name would leave the archive's folder (or is not a plain relative path), or null when it is safe. */
export function unsafeEntryName(name: string): string | null {
  if (name === '') return 'an empty name';
  // eslint-disable-next-line no-control-regex -- control characters in a file name are the point
  if (/[\u0000-\u001f]/u.test(name)) return 'a control character in the name';
  if (name.includes('\\')) return 'a backslash in the name';
  if (name.startsWith('/') || /^[a-zA-Z]:/u.test(name)) return 'an absolute path';
  if (name.split('/').some((segment) => segment === '..')) return 'a ".." segment that leaves the archive';
  return null;
}

const fail = (code: ZipErrorCode, message: string): ZipError => ({ ok: false, code, message });

/** An opened archive: its entries, and a way to read some of them within the limits. */
export class ZipArchive {
  private inflated = 0;

  constructor(
    private readonly bytes: Uint8Array,
    /** Entries by name, directories left out. */
    readonly entries: ReadonlyMap<string, ZipEntry>,
    private readonly limits: ZipLimits,
  ) {}

  /** Bytes inflated so far by read(), across calls (counted against maxTotalBytes). */
  get inflatedBytes(): number {
    return this.inflated;
  }

  /**
   * Inflates the named entries in one pass over the archive. Names that are not in it are left out of the map; an
   * entry that unpacks to more than it declared, or over a limit, or whose data is damaged fails the whole read.
   */
  read(names: Iterable<string>): { ok: true; files: Map<string, Uint8Array> } | ZipError {
    const wanted = new Set([...names].filter((n) => this.entries.has(n)));
    const files = new Map<string, Uint8Array>();
    if (wanted.size === 0) return { ok: true, files };
    for (const name of wanted) {
      const entry = this.entries.get(name)!;
      if (entry.method !== 0 && entry.method !== 8)
        return fail('corrupt', `${name} is packed with compression method ${entry.method}, which is not read`);
      if (entry.declaredSize > this.limits.maxEntryBytes) return this.tooLarge(name, entry.declaredSize);
    }
    let problem: ZipError | null = null;
    const unzip = new Unzip((file) => {
      if (problem || !wanted.has(file.name) || files.has(file.name)) return;
      const entry = this.entries.get(file.name)!;
      const chunks: Uint8Array[] = [];
      let size = 0;
      file.ondata = (err, data, final) => {
        if (problem) return;
        if (err) {
          problem = fail('corrupt', `${file.name} is damaged (${err.message})`);
          return;
        }
        size += data.length;
        this.inflated += data.length;
        if (size > entry.declaredSize)
          problem = fail(
            'too_large',
            `${file.name} unpacks to more than the ${entry.declaredSize} bytes its archive declares: a zip bomb, refused`,
          );
        else if (this.inflated > this.limits.maxTotalBytes)
          problem = fail(
            'too_large',
            `the archive unpacks to more than ${this.limits.maxTotalBytes} bytes, over the limit: refused`,
          );
        else {
          chunks.push(data);
          if (final) files.set(file.name, concat(chunks, size));
        }
      };
      file.start();
    });
    unzip.register(UnzipInflate);
    try {
      for (let at = 0; at < this.bytes.length && !problem && files.size < wanted.size; at += CHUNK) {
        const end = Math.min(at + CHUNK, this.bytes.length);
        unzip.push(this.bytes.subarray(at, end), end === this.bytes.length);
      }
    } catch (err) {
      problem ??= fail('corrupt', `the archive is damaged (${(err as Error).message})`);
    }
    if (problem) return problem;
    for (const name of wanted)
      if (!files.has(name))
        return fail('corrupt', `${name} is listed in the archive's directory but its data cannot be found`);
    return { ok: true, files };
  }

  private tooLarge(name: string, size: number): ZipError {
    return fail('too_large', `${name} unpacks to ${size} bytes, over the limit of ${this.limits.maxEntryBytes} bytes`);
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** True when the bytes start like a ZIP file (EPUB and DOCX are ZIP files). */
export const startsLikeZip = (bytes: Uint8Array) =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * Opens a ZIP archive held in memory: lists its central directory and refuses it when it has too many entries, a
 * name that would leave its folder (path traversal), or the same name twice. Nothing is inflated yet.
 */
export function openZip(
  bytes: Uint8Array,
  limits: ZipLimits = ZIP_LIMITS,
): { ok: true; archive: ZipArchive } | ZipError {
  if (!startsLikeZip(bytes)) return fail('not_zip', 'it is not a ZIP archive');
  const listed: ZipEntry[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (listed.length >= limits.maxEntries) throw new TooManyEntries();
        listed.push({
          name: file.name,
          compressedSize: file.size,
          declaredSize: file.originalSize,
          method: file.compression,
        });
        return false;
      },
    });
  } catch (err) {
    if (err instanceof TooManyEntries)
      return fail('too_large', `it holds more than ${limits.maxEntries} files, over the limit`);
    return fail('corrupt', `it is a damaged ZIP archive (${(err as Error).message})`);
  }
  const entries = new Map<string, ZipEntry>();
  for (const entry of listed) {
    const unsafe = unsafeEntryName(entry.name);
    if (unsafe) return fail('unsafe_path', `it holds a file named "${entry.name.slice(0, 120)}" (${unsafe}): refused`);
    if (entries.has(entry.name))
      return fail('corrupt', `it lists "${entry.name.slice(0, 120)}" twice, so which one is meant is unclear`);
    if (!entry.name.endsWith('/')) entries.set(entry.name, entry);
  }
  return { ok: true, archive: new ZipArchive(bytes, entries, limits) };
}

class TooManyEntries extends Error {}
