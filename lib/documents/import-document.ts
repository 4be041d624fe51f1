import { isValidSlug, MAX_CONTENT_BYTES, slugFromFileName, type ContentSource } from '../content';
import type { TextEncodingName } from '../content/decode-text';
import { cleanLine } from '../exchange/clean-text';
import { renderContentMarkdown } from '../exchange/content-markdown';
import { cleanTitle, titleFromFileName, type ImportKind } from '../exchange/import-source';
import type { PoolBusy } from '../heavy/pool';
import { convertImportOffThread } from './read-off-thread';

/** What to import: a file's bytes with its name, or pasted text (fileName null); title and slug override detection. */
export interface ImportInput {
  bytes: Uint8Array;
  fileName: string | null;
  title?: string | null;
  slug?: string | null;
  now?: Date;
}

export type ImportErrorCode =
  'too_large' | 'unsupported' | 'binary' | 'empty' | 'unreadable' | 'encoding' | 'invalid_slug' | 'slug_taken';

export type ImportResult =
  | {
      ok: true;
      slug: string;
      title: string;
      fileName: string;
      /** Where it was written, for a person: the file's path, or the database and slug. */
      location: string;
      kind: ImportKind;
      paragraphs: number;
      removed: string[];
      skipped: string[];
      /** How the file was read: anything but UTF-8 is said to the user (accents may be wrong). */
      encoding: TextEncodingName;
    }
  | { ok: false; code: Exclude<ImportErrorCode, 'encoding'>; message: string }
  | { ok: false; code: 'encoding'; message: string; line: number }
  | PoolBusy;

/**
 * Imports a document into the library (content/, or the team server's database): converted to headings and
 * paragraphs, written as Markdown with front matter (title, source, lang es, imported date) under a new unique slug.
 * Never overwrites and never stores a truncated text.
 */
export async function importDocument(content: ContentSource, input: ImportInput): Promise<ImportResult> {
  if (input.slug && !isValidSlug(input.slug))
    return {
      ok: false,
      code: 'invalid_slug',
      message: `"${input.slug.slice(0, 80)}" cannot be an address: use lower-case letters, digits, "-" and "_".`,
    };
  const converted = await convertImportOffThread({ bytes: input.bytes, fileName: input.fileName });
  if (!converted.ok) return converted;
  const title =
    cleanTitle(input.title) ??
    converted.title ??
    (input.fileName ? titleFromFileName(input.fileName) : null) ??
    cleanTitle(converted.blocks[0]!.text.split(/(?<=[.!?])\s/)[0]) ??
    'Documento';
  const base =
    (input.fileName ? slugFromFileName(input.fileName.replace(/\.[a-z0-9]+$/i, '')) : null) ??
    slugFromFileName(title) ??
    'documento';
  const markdown = renderContentMarkdown(
    {
      title,
      source: converted.source ?? (input.fileName ? cleanLine(input.fileName) : null),
      lang: 'es',
      imported: (input.now ?? new Date()).toISOString(),
      removed: converted.removed,
      skipped: converted.skipped,
    },
    converted.blocks,
  );
  if (Buffer.byteLength(markdown) > MAX_CONTENT_BYTES) {
    // The library would list it as too large: refused here, where the person importing it hears why.
    return {
      ok: false,
      code: 'too_large',
      message: `The document comes to more than ${MAX_CONTENT_BYTES} bytes as text, over the library's limit; split it.`,
    };
  }
  const written = await content.create(markdown, input.slug ? { exact: input.slug } : { base });
  if (!written.ok) return written;
  return {
    ok: true,
    slug: written.slug,
    title,
    fileName: written.fileName,
    location: written.location,
    kind: converted.kind,
    paragraphs: converted.blocks.length,
    removed: converted.removed,
    skipped: converted.skipped,
    encoding: converted.encoding,
  };
}
