/**
 * EPUB 2 and 3 import: the spine's content documents in reading order become heading and paragraph blocks, the
 * contents' titles their headings. Cover, title page, table of contents, copyright page and index, and Project
 * Gutenberg's header and licence, are left out and said so (`removed`); what cannot be read (a spine item missing
 * from the archive, a file that is not text) is skipped and said so (`skipped`). Refused outright: DRM, zip bombs,
 * XML entities, paths that leave the archive. Pure: the bytes are unpacked in memory.
 */
import type { Block } from '../text';
import { chapterBlocks, type ChapterBlocks } from './epub-chapter';
import { encryptedFiles, packagePath, readPackage, type EpubPackage, type ManifestItem } from './epub-package';
import { navLandmarks, navToc, ncxToc, type Landmark, type TocEntry } from './epub-toc';
import { entryText, readXhtml, readXmlFile } from './epub-xml';
import { GUTENBERG_END, GUTENBERG_START } from './gutenberg';
import { openZip, type ZipArchive, type ZipError } from './zip';

export type EpubResult =
  | { ok: true; blocks: Block[]; title: string | null; source: string | null; removed: string[]; skipped: string[] }
  | { ok: false; code: 'binary' | 'unreadable'; message: string };

const CONTAINER = 'META-INF/container.xml';
const ENCRYPTION = 'META-INF/encryption.xml';
const CONTENT_TYPES = new Set(['application/xhtml+xml', 'text/html', 'application/xml', 'text/xml']);

// Parts of a book that are not its text, by the names EPUB 3 (epub:type, landmarks) and EPUB 2 (guide) give them.
const PARTS: Record<string, string> = {
  cover: 'cover',
  titlepage: 'title page',
  'title-page': 'title page',
  halftitlepage: 'half-title page',
  toc: 'table of contents',
  landmarks: 'table of contents',
  loi: 'list of illustrations',
  lot: 'list of tables',
  'copyright-page': 'copyright page',
  imprint: 'copyright page',
  colophon: 'colophon',
  imprimatur: 'copyright page',
  index: 'index',
};
// A short file with these is the publisher's copyright page, whatever it is called.
const COPYRIGHT =
  /©|\bcopyright\b|\bISBN\b|derechos reservados|reservados todos los derechos|dep[óo]sito legal|all rights reserved/iu;

class Refused extends Error {}

const unreadable = (message: string): EpubResult => ({ ok: false, code: 'unreadable', message });

function zipFailure(err: ZipError): EpubResult {
  if (err.code === 'not_zip')
    return { ok: false, code: 'binary', message: 'it is not an EPUB file (not a ZIP archive)' };
  return unreadable(err.message);
}

/** Reads some entries of the archive or throws Refused with the archive's reason. */
async function readAll(archive: ZipArchive, names: Iterable<string>): Promise<Map<string, Uint8Array>> {
  const read = await archive.read(names);
  if (!read.ok) throw new Refused(read.message);
  return read.files;
}

function xmlOf(files: Map<string, Uint8Array>, name: string) {
  const bytes = files.get(name);
  if (!bytes) return null;
  const text = entryText(bytes);
  const parsed = text === null ? { ok: false as const, message: 'it is not text' } : readXmlFile(text);
  if (!parsed.ok) throw new Refused(`${name}: ${parsed.message}`);
  return parsed.root;
}

async function packageOf(archive: ZipArchive): Promise<EpubPackage> {
  const files = await readAll(archive, [CONTAINER, ENCRYPTION]);
  const encryption = xmlOf(files, ENCRYPTION);
  const encrypted = encryption ? encryptedFiles(encryption) : [];
  if (encrypted.length > 0)
    throw new Refused(
      `it is protected by DRM: ${ENCRYPTION} lists ${encrypted.length} encrypted file(s), such as ${encrypted[0]}. ` +
        'Paralelo cannot read a DRM-protected book; import a DRM-free edition of it',
    );
  const container = xmlOf(files, CONTAINER);
  const opfPath = (container ? packagePath(container) : null) ?? archive.names().find((n) => n.endsWith('.opf'));
  if (!opfPath) throw new Refused(`it has no ${CONTAINER} naming its package document: it is not an EPUB`);
  const opf = xmlOf(await readAll(archive, [opfPath]), opfPath);
  if (!opf) throw new Refused(`its package document ${opfPath} is missing from the archive`);
  const read = readPackage(opf, opfPath);
  if (!read.ok) throw new Refused(read.message);
  return read.pkg;
}

/** The navigation document's or NCX's contents and landmarks; which one, or neither, is said in `notes`. */
async function contentsOf(archive: ZipArchive, pkg: EpubPackage, skipped: string[]) {
  const items = [...pkg.manifest.values()];
  const nav = items.find((i) => i.properties.includes('nav'));
  const ncx =
    (pkg.ncxId ? pkg.manifest.get(pkg.ncxId) : undefined) ??
    items.find((i) => i.mediaType === 'application/x-dtbncx+xml');
  const files = await readAll(
    archive,
    [nav?.path, ncx?.path].filter((p): p is string => !!p),
  );
  let toc: TocEntry[] = [];
  let landmarks: Landmark[] = [];
  const navText = nav ? entryText(files.get(nav.path) ?? new Uint8Array()) : null;
  if (nav && navText) {
    const doc = readXhtml(navText);
    if (!doc.ok) throw new Refused(`${nav.path}: ${doc.message}`);
    toc = navToc(doc.document, nav.path);
    landmarks = navLandmarks(doc.document, nav.path);
  }
  if (toc.length === 0 && ncx && files.has(ncx.path)) {
    const root = xmlOf(files, ncx.path);
    if (root) toc = ncxToc(root, ncx.path);
  }
  if (toc.length === 0)
    skipped.push('the table of contents (no navigation document or NCX with entries): headings come from the text');
  return { toc, landmarks, navPath: nav?.path ?? null };
}

const comparable = (text: string) => text.replace(/\s+/gu, ' ').trim().toLowerCase();

/** What kind of non-text part a content document is, or null when it is the book's text. */
function partOf(
  item: ManifestItem,
  chapter: ChapterBlocks,
  pkg: EpubPackage,
  roles: Map<string, string>,
  navPath: string | null,
) {
  if (item.path === navPath) return 'table of contents';
  const named = roles.get(item.path) ?? chapter.types.map((t) => PARTS[t]).find((p) => p !== undefined);
  if (named) return named;
  const text = chapter.blocks.map((b) => b.text).join(' ');
  const file = item.path.split('/').pop() ?? '';
  if (chapter.words <= 400 && COPYRIGHT.test(text)) return 'copyright page';
  if (/cover/iu.test(file) && chapter.words <= 20) return 'cover';
  // A page that says only the title and the author (EPUB 2 has no word for it; pandoc and Calibre write one).
  const credits = new Set([pkg.title, ...pkg.creators, pkg.publisher].filter((t): t is string => !!t).map(comparable));
  const onlyCredits = chapter.blocks.length > 0 && chapter.blocks.every((b) => credits.has(comparable(b.text)));
  if (onlyCredits || (/title[-_]?page/iu.test(file) && chapter.words <= 60)) return 'title page';
  return null;
}

function count(n: number, one: string, many: string) {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

/** The resources that are not text (images, styles, fonts, media), counted for the note that says they were left. */
function resourcesNote(pkg: EpubPackage, inlineMedia: number): string | null {
  let images = 0;
  let styles = 0;
  let fonts = 0;
  let other = 0;
  for (const item of pkg.manifest.values()) {
    const type = item.mediaType;
    if (type.startsWith('image/')) images += 1;
    else if (type === 'text/css') styles += 1;
    else if (type.startsWith('font/') || /font|opentype|truetype/u.test(type)) fonts += 1;
    else if (type.startsWith('audio/') || type.startsWith('video/') || /javascript|ecmascript/u.test(type)) other += 1;
  }
  images = Math.max(images, inlineMedia);
  const parts = [
    images > 0 ? count(images, 'image', 'images') : '',
    styles > 0 ? count(styles, 'style sheet', 'style sheets') : '',
    fonts > 0 ? count(fonts, 'font', 'fonts') : '',
    other > 0 ? count(other, 'audio, video or script file', 'audio, video or script files') : '',
  ].filter(Boolean);
  return parts.length > 0 ? `${parts.join(', ')} of the EPUB (only its text is imported)` : null;
}

/** Drops Project Gutenberg's header and licence when they are paragraphs of the text (older Gutenberg EPUBs). */
function stripGutenbergBlocks(blocks: Block[], removed: string[]): Block[] {
  const start = blocks.findIndex((b) => GUTENBERG_START.test(b.text));
  const end = blocks.findIndex((b, i) => i > start && GUTENBERG_END.test(b.text));
  if (start < 0 || end < 0) return blocks;
  removed.push(`Project Gutenberg header (${start + 1} paragraphs, up to "${blocks[start]!.text.slice(0, 80)}")`);
  removed.push(`Project Gutenberg licence footer (${blocks.length - end} paragraphs, from "${blocks[end]!.text}")`);
  return blocks.slice(start + 1, end);
}

/** An EPUB's text as blocks, with its title and source from the package metadata. */
export async function epubToBlocks(bytes: Uint8Array): Promise<EpubResult> {
  const opened = await openZip(bytes);
  if (!opened.ok) return zipFailure(opened);
  const { archive } = opened;
  const removed: string[] = [];
  const skipped: string[] = [];
  try {
    const pkg = await packageOf(archive);
    const { toc, landmarks, navPath } = await contentsOf(archive, pkg, skipped);
    const roles = new Map<string, string>();
    for (const mark of [...pkg.guide, ...landmarks]) {
      const part = PARTS[mark.type];
      if (part && !roles.has(mark.path)) roles.set(mark.path, part);
    }
    const spine: ManifestItem[] = [];
    for (const ref of [...pkg.spine.filter((s) => s.linear), ...pkg.spine.filter((s) => !s.linear)]) {
      const item = pkg.manifest.get(ref.idref);
      if (!item) skipped.push(`spine entry "${ref.idref.slice(0, 80)}": not in the package's manifest`);
      else if (!CONTENT_TYPES.has(item.mediaType)) skipped.push(`${item.path}: not XHTML (${item.mediaType})`);
      else if (!archive.has(item.path)) skipped.push(`${item.path}: listed in the spine, missing from the archive`);
      else if (!spine.some((s) => s.path === item.path)) spine.push(item);
    }
    const files = await readAll(
      archive,
      spine.map((s) => s.path),
    );
    const tocByFile = new Map<string, TocEntry[]>();
    for (const entry of toc) tocByFile.set(entry.path, [...(tocByFile.get(entry.path) ?? []), entry]);
    const noteLabels = new Map<string, string>();
    let blocks: Block[] = [];
    let media = 0;
    const gutenberg = new Set<string>();
    for (const item of spine) {
      const text = entryText(files.get(item.path)!);
      if (text === null) {
        skipped.push(`${item.path}: not text`);
        continue;
      }
      const doc = readXhtml(text);
      if (!doc.ok) throw new Refused(`${item.path}: ${doc.message}`);
      const chapter = chapterBlocks(doc.document, item.path, tocByFile.get(item.path) ?? [], noteLabels);
      media += chapter.media;
      for (const g of chapter.gutenberg) gutenberg.add(g);
      const part = partOf(item, chapter, pkg, roles, navPath);
      if (part) {
        if (chapter.words > 0 || part !== 'cover') removed.push(`${part} (${item.path})`);
        continue;
      }
      if (doc.problem)
        skipped.push(
          `${item.path}: not well-formed XHTML (${doc.problem.slice(0, 160)}); read leniently, check the chapter`,
        );
      if (chapter.blocks.length === 0 && chapter.media === 0) skipped.push(`${item.path}: no text`);
      blocks.push(...chapter.blocks);
    }
    if (gutenberg.has('header')) removed.push('Project Gutenberg header');
    if (gutenberg.has('footer')) removed.push('Project Gutenberg licence footer');
    blocks = stripGutenbergBlocks(blocks, removed);
    const resources = resourcesNote(pkg, media);
    if (resources) removed.push(resources);
    const source = [pkg.creators.join(', '), pkg.publisher].filter(Boolean).join('; ') || null;
    return { ok: true, blocks, title: pkg.title, source, removed, skipped };
  } catch (err) {
    if (err instanceof Refused) return unreadable(err.message);
    throw err;
  } finally {
    archive.close();
  }
}
