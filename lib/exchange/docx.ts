import mammoth from 'mammoth';
import type { Block } from '../text';
import { readDocxArchive } from './docx-archive';
import { htmlToBlocks } from './html-to-blocks';

/** True when the bytes start like a ZIP file (DOCX is one). */
export const looksLikeZip = (bytes: Uint8Array) =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export type DocxResult = { ok: true; blocks: Block[]; heading: string | null } | { ok: false; message: string };

/** DOCX to heading and paragraph blocks through mammoth's HTML (headings and the Title style kept). */
export async function docxToBlocks(bytes: Uint8Array): Promise<DocxResult> {
  if (!looksLikeZip(bytes)) return { ok: false, message: 'it is not a DOCX file (not a ZIP archive)' };
  const archive = await readDocxArchive(bytes);
  if (!archive.ok) return archive;
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(archive.archive.buffer, archive.archive.byteOffset, archive.archive.byteLength) },
      {
        styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"],
        ignoreEmptyParagraphs: true,
        // Media is not in the archive (never inflated) and images are not text: no image is read.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      },
    );
    html = result.value;
  } catch (err) {
    return { ok: false, message: `it cannot be read as a DOCX file (${(err as Error).message.split('\n')[0]})` };
  }
  const { blocks, heading } = htmlToBlocks(html, { mainContent: false });
  return { ok: true, blocks, heading };
}
