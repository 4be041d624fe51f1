/**
 * Bytes of a text file to a string, saying which encoding was used. UTF-8 first; UTF-16 by its BOM (Windows
 * "Unicode" text); Windows-1252 (old Spanish .txt files) only when the bytes hold no UTF-8 sequence at all. A file
 * that is UTF-8 but for a few bytes is refused, naming the first bad line: read as Windows-1252 it would turn every
 * "año" into "aÃ±o" without a word, and read as UTF-8 it would lose the bad bytes. Neither guess is safe.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type DecodedText =
  | { ok: true; text: string; encoding: TextEncodingName }
  | { ok: false; code: 'binary'; message: string }
  | { ok: false; code: 'encoding'; message: string; line: number };

const BINARY: DecodedText = { ok: false, code: 'binary', message: 'this is not a text file (it contains binary data)' };

/** Length of the well-formed UTF-8 sequence of two or more bytes at `i`, or 0. */
function multiByteAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const cont = (k: number) => (bytes[i + k] ?? 0) >> 6 === 2;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b >= 0xf0 && b <= 0xf4) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** The first byte that is not part of well-formed UTF-8, and whether any multi-byte sequence was seen before it. */
function scanUtf8(bytes: Uint8Array): { firstBad: number; sawMultiByte: boolean } {
  let firstBad = -1;
  let sawMultiByte = false;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i += 1;
      continue;
    }
    const n = multiByteAt(bytes, i);
    if (n > 0) {
      sawMultiByte = true;
      if (firstBad >= 0) break;
      i += n;
    } else {
      if (firstBad < 0) firstBad = i;
      if (sawMultiByte) break;
      i += 1;
    }
  }
  return { firstBad, sawMultiByte };
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line += 1;
  return line;
}

/** Decodes a text file's bytes (see the module comment); binary data and mixed encodings are refused. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (utf16) {
    try {
      return { ok: true, text: new TextDecoder(utf16, { fatal: true }).decode(bytes), encoding: utf16 };
    } catch {
      return BINARY;
    }
  }
  if (bytes.subarray(0, 8192).includes(0)) return BINARY;
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8 throughout: below.
  }
  const { firstBad, sawMultiByte } = scanUtf8(bytes);
  if (sawMultiByte) {
    const line = lineAt(bytes, firstBad);
    return {
      ok: false,
      code: 'encoding',
      line,
      message:
        `line ${line} has bytes that are not UTF-8, while the rest of the file is UTF-8; ` +
        'open it in a text editor and save it again as UTF-8',
    };
  }
  const text = new TextDecoder('windows-1252').decode(bytes);
  // Windows-1252 decodes any byte; reject what is mostly control characters (not text at all).
  // eslint-disable-next-line no-control-regex -- counting control characters is the point
  const controls = text.match(/[\u0001-\u0008\u000e-\u001f]/g)?.length ?? 0;
  return controls > text.length / 100 ? BINARY : { ok: true, text, encoding: 'windows-1252' };
}
