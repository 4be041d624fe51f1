import mammoth from 'mammoth';
import type { Block } from '../text';
import { htmlToBlocks } from './html-to-blocks';

/** Largest total of uncompressed sizes accepted in a DOCX (a zip bomb is refused before mammoth inflates it). */
export const MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024;

/** Sum of the uncompressed sizes in a ZIP's central directory, or null when the bytes are not a ZIP file. */
export function zipUncompressedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) !== 0x06054b50) continue;
    const entries = view.getUint16(i + 10, true);
    let at = view.getUint32(i + 16, true);
    let total = 0;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
      total += view.getUint32(at + 24, true);
      at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return total;
  }
  return null;
}

/** True when the bytes start like a ZIP file (DOCX is one). */
export const looksLikeZip = (bytes: Uint8Array) =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export type DocxResult = { ok: true; blocks: Block[]; heading: string | null } | { ok: false; message: string };

/** DOCX to heading and paragraph blocks through mammoth's HTML (headings and the Title style kept). */
export async function docxToBlocks(bytes: Uint8Array): Promise<DocxResult> {
  const size = zipUncompressedSize(bytes);
  if (!looksLikeZip(bytes) || size === null) return { ok: false, message: 'it is not a DOCX file (not a ZIP archive)' };
  if (size > MAX_DOCX_UNCOMPRESSED)
    return { ok: false, message: `it unpacks to ${size} bytes, over the limit of ${MAX_DOCX_UNCOMPRESSED} bytes` };
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"],
        ignoreEmptyParagraphs: true,
      },
    );
    html = result.value;
  } catch (err) {
    return { ok: false, message: `it cannot be read as a DOCX file (${(err as Error).message.split('\n')[0]})` };
  }
  const { blocks, heading } = htmlToBlocks(html, { mainContent: false });
  return { ok: true, blocks, heading };
}
