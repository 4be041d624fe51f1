/**
 * Turns what a user imports (a file's bytes or pasted text) into a title and heading/paragraph blocks. Pure apart
 * from mammoth's in-memory unzip: no file access.
 */
import { decodeText, type TextEncodingName } from '../content/decode-text';
import { describeNesting, findDeepNesting } from '../content/markdown-nesting';
import { parseMarkdown, splitPlainText, type Block } from '../text';
import { normalizeText } from '../text/normalize';
import YAML from 'yaml';
import { docxToBlocks, looksLikeZip } from './docx';
import { epubToBlocks } from './epub-import';
import { GUTENBERG_END, GUTENBERG_START } from './gutenberg';
import { cleanLine, cutText } from './clean-text';
import { htmlToBlocks, tidyText } from './html-to-blocks';
import { IMPORT_EXTENSIONS, MAX_IMPORT_BYTES, MAX_TITLE_LENGTH } from './limits';

export type ImportKind = 'text' | 'markdown' | 'html' | 'docx' | 'epub';

export type SourceProblemCode = 'too_large' | 'unsupported' | 'binary' | 'empty' | 'unreadable' | 'encoding';

export type ConvertResult =
  | {
      ok: true;
      kind: ImportKind;
      blocks: Block[];
      /** The detected title (front matter, first heading, <title>, Gutenberg "Title:", file name), or null. */
      title: string | null;
      source: string | null;
      /** What was left out on purpose, in words for the front matter and the user. */
      removed: string[];
      /** What could not be read and was skipped (an EPUB's missing chapter), in words for the front matter and the user. */
      skipped: string[];
      /** How the bytes were read (a DOCX is XML in UTF-8); anything but UTF-8 is worth telling the user. */
      encoding: TextEncodingName;
    }
  | { ok: false; code: Exclude<SourceProblemCode, 'encoding'>; message: string }
  /** Mostly UTF-8 with bytes that are not: refused rather than guessed (see decodeText). */
  | { ok: false; code: 'encoding'; message: string; line: number };

const EXTENSIONS: Record<string, ImportKind> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  docx: 'docx',
  epub: 'epub',
};

/** The kind of an import from its file name, or null when the extension is not one Paralelo reads. */
export function kindOfFileName(fileName: string): ImportKind | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === undefined ? null : (EXTENSIONS[ext] ?? null);
}

/** A title cleaned for front matter: one line, no controls, at most MAX_TITLE_LENGTH characters (cut at a word). */
export function cleanTitle(title: string | null | undefined): string | null {
  const clean = cleanLine(title ?? '');
  if (!clean) return null;
  if (clean.length <= MAX_TITLE_LENGTH) return clean;
  const cut = cutText(clean, MAX_TITLE_LENGTH);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

/** "mi_libro-final.txt" → "Mi libro final". */
export function titleFromFileName(fileName: string): string | null {
  const base = cleanLine(fileName)
    .replace(/\.[a-z0-9]+$/i, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return base ? base.charAt(0).toUpperCase() + base.slice(1) : null;
}

/**
 * Detects a Project Gutenberg header and licence footer around the text and drops them, saying so (front matter
 * `removed`); the header's Title and eBook number become the title and source.
 */
export function stripGutenberg(text: string): {
  text: string;
  title: string | null;
  source: string | null;
  removed: string[];
} {
  const start = GUTENBERG_START.exec(text);
  const end = GUTENBERG_END.exec(text);
  if (!start || !end || end.index < start.index) return { text, title: null, source: null, removed: [] };
  const header = text.slice(0, start.index);
  const footer = text.slice(end.index);
  const count = (s: string) => s.split('\n').length;
  const title = /^Title:\s*(.+)$/m.exec(header)?.[1]?.trim() ?? null;
  const ebook = /\[E-?Book #(\d+)\]/i.exec(header)?.[1];
  return {
    text: text.slice(start.index + start[0].length, end.index),
    title,
    source: ebook ? `Project Gutenberg eBook #${ebook}` : 'Project Gutenberg',
    removed: [
      `Project Gutenberg header (${count(header) + 1} lines, up to "${start[0].trim()}")`,
      `Project Gutenberg licence footer (${count(footer)} lines, from "${end[0].trim()}")`,
    ],
  };
}

// The Markdown reader drops HTML tags but keeps the text between them: a script's or style's code is not text.
const CODE_ELEMENTS = /<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

function readMarkdown(
  text: string,
): { ok: true; blocks: Block[]; title: string | null; source: string | null } | { ok: false; message: string } {
  const deep = findDeepNesting(text);
  if (deep) return { ok: false, message: describeNesting(deep) };
  let parsed: ReturnType<typeof parseMarkdown>;
  try {
    parsed = parseMarkdown(text.replace(CODE_ELEMENTS, ''));
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return { ok: false, message: 'it nests too deeply to be read; flatten its quotes or lists' };
  }
  let title: string | null = null;
  let source: string | null = null;
  if (parsed.frontMatter !== null) {
    try {
      const fm = YAML.parse(parsed.frontMatter) as unknown;
      if (fm && typeof fm === 'object' && !Array.isArray(fm)) {
        const r = fm as Record<string, unknown>;
        if (typeof r.title === 'string' || typeof r.title === 'number') title = String(r.title);
        if (typeof r.source === 'string') source = r.source;
      }
    } catch {
      // Broken front matter: the rest of the file is still the document; its title comes from elsewhere.
    }
  }
  return { ok: true, blocks: parsed.blocks, title, source };
}

const firstHeading = (blocks: Block[]) => blocks.find((b) => b.kind === 'heading')?.text ?? null;

/** Converts an import to blocks; `fileName` picks the format (pasted text has none and is read as plain text). */
export async function convertImport(input: { bytes: Uint8Array; fileName: string | null }): Promise<ConvertResult> {
  const { bytes, fileName } = input;
  if (bytes.byteLength > MAX_IMPORT_BYTES)
    return {
      ok: false,
      code: 'too_large',
      message: `${fileName ?? 'The text'} is ${bytes.byteLength} bytes, over the import limit of ${MAX_IMPORT_BYTES} bytes (10 MB). Split it into smaller documents.`,
    };
  let kind: ImportKind | null = fileName === null ? 'text' : kindOfFileName(fileName);
  if (kind === null)
    return {
      ok: false,
      code: 'unsupported',
      message: `${fileName}: Paralelo imports ${IMPORT_EXTENSIONS.join(', ')} files; this one has another type.`,
    };
  const name = fileName ?? 'The text';
  if (kind === 'docx') {
    const docx = await docxToBlocks(bytes);
    if (!docx.ok)
      return { ok: false, code: looksLikeZip(bytes) ? 'unreadable' : 'binary', message: `${name}: ${docx.message}.` };
    return finish(kind, docx.blocks, docx.heading, null, [], name, 'utf-8');
  }
  if (kind === 'epub') {
    const epub = await epubToBlocks(bytes);
    if (!epub.ok) return { ok: false, code: epub.code, message: `${name}: ${epub.message}.` };
    return finish(kind, epub.blocks, epub.title, epub.source, epub.removed, name, 'utf-8', epub.skipped);
  }
  if (looksLikeZip(bytes))
    return { ok: false, code: 'binary', message: `${name}: this is an archive, not a text file.` };
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ...decoded, message: `${name}: ${decoded.message}.` };
  const { encoding } = decoded;
  let text = normalizeText(decoded.text);
  // A .txt that is really a web page (saved from a browser) is read as HTML.
  if (kind === 'text' && fileName !== null && /^\s*<(!doctype html|html[\s>])/i.test(text)) kind = 'html';
  if (kind === 'html') {
    const html = htmlToBlocks(text, { mainContent: true });
    return finish(kind, html.blocks, html.heading ?? html.title, null, [], name, encoding);
  }
  const pg = stripGutenberg(text);
  text = pg.text;
  if (kind === 'markdown') {
    const md = readMarkdown(text);
    if (!md.ok) return { ok: false, code: 'unreadable', message: `${name}: ${md.message}.` };
    return finish(
      kind,
      md.blocks,
      md.title ?? firstHeading(md.blocks) ?? pg.title,
      md.source ?? pg.source,
      pg.removed,
      name,
      encoding,
    );
  }
  const blocks = splitPlainText(text, { headings: true })
    .map((b) => ({ ...b, text: tidyText(b.text) }))
    .filter((b) => b.text);
  return finish(kind, blocks, pg.title, pg.source, pg.removed, name, encoding);
}

function finish(
  kind: ImportKind,
  blocks: Block[],
  title: string | null,
  source: string | null,
  removed: string[],
  name: string,
  encoding: TextEncodingName,
  skipped: string[] = [],
): ConvertResult {
  const kept = blocks.map((b) => ({ ...b, text: tidyText(b.text) })).filter((b) => b.text !== '');
  if (kept.length === 0) return { ok: false, code: 'empty', message: `${name}: there is no text to import.` };
  return {
    ok: true,
    kind,
    blocks: kept,
    title: cleanTitle(title ?? firstHeading(kept)),
    source,
    removed,
    skipped,
    encoding,
  };
}
