/**
 * The EPUB export: an EPUB 3 package (with an NCX too, for EPUB 2 reading systems) holding a title page and one
 * page per chapter, zipped with fflate the way the OCF container requires (mimetype first, stored). The package
 * files are written with xmlbuilder2; the pages come from epub-export-pages.ts.
 */
import { createHash } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import {
  amp,
  EPUB_CSS,
  chapterFile,
  chapterPage,
  navPage,
  navTree,
  titlePage,
  type NavEntry,
} from './epub-export-pages';
import { exportParagraphs, type ExportDocument } from './export-document';
import type { ExportLayout } from './export-formats';
import type { ExportInfo, ExportLabels } from './labels';

const xml = () => create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' });
const end = (doc: XMLBuilder) => doc.end({ prettyPrint: true });

/** A stable identifier per document and layout (a name-based UUID), so re-exports update the same book in a library. */
export function bookIdentifier(slug: string, layout: ExportLayout): string {
  const hex = createHash('sha1').update(`paralelo:epub:${slug}:${layout}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function container(): string {
  const doc = xml();
  doc
    .ele('urn:oasis:names:tc:opendocument:xmlns:container', 'container', { version: '1.0' })
    .ele('rootfiles')
    .ele('rootfile', { 'full-path': 'OEBPS/package.opf', 'media-type': 'application/oebps-package+xml' });
  return end(doc);
}

function packageDocument(
  doc: ExportDocument,
  layout: ExportLayout,
  info: ExportInfo,
  chapters: number,
  notice: string | null,
): string {
  const src = doc.sourceLang || 'es';
  const trg = doc.targetLang || 'en';
  const root = xml().ele('http://www.idpf.org/2007/opf', 'package', {
    version: '3.0',
    'unique-identifier': 'uid',
    'xml:lang': layout === 'bilingual' ? src : trg,
  });
  const meta = root.ele('metadata', { 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' });
  meta.ele('dc:identifier', { id: 'uid' }).txt(amp(bookIdentifier(doc.slug, layout)));
  meta.ele('dc:title', { 'xml:lang': src }).txt(amp(doc.title));
  for (const lang of layout === 'bilingual' ? [src, trg] : [trg]) meta.ele('dc:language').txt(amp(lang));
  if (notice) meta.ele('dc:description').txt(amp(notice));
  meta.ele('meta', { property: 'dcterms:modified' }).txt(amp(info.now.toISOString().replace(/\.\d{3}Z$/, 'Z')));
  meta.ele('meta', { name: 'generator', content: `Paralelo ${info.toolVersion}` });
  const manifest = root.ele('manifest');
  const item = (id: string, href: string, type: string, properties?: string) =>
    manifest.ele('item', { id, href, 'media-type': type, ...(properties ? { properties } : {}) });
  item('nav', 'nav.xhtml', 'application/xhtml+xml', 'nav');
  item('ncx', 'toc.ncx', 'application/x-dtbncx+xml');
  item('css', 'style.css', 'text/css');
  item('title', 'title.xhtml', 'application/xhtml+xml');
  for (let n = 0; n < chapters; n++) item(`c${n + 1}`, chapterFile(n), 'application/xhtml+xml');
  const spine = root.ele('spine', { toc: 'ncx' });
  spine.ele('itemref', { idref: 'title' });
  for (let n = 0; n < chapters; n++) spine.ele('itemref', { idref: `c${n + 1}` });
  return end(root);
}

function ncx(doc: ExportDocument, layout: ExportLayout, tree: NavEntry[]): string {
  const root = xml().ele('http://www.daisy.org/z3986/2005/ncx/', 'ncx', { version: '2005-1' });
  const depth = (entries: NavEntry[]): number => Math.max(0, ...entries.map((e) => 1 + depth(e.children)));
  const head = root.ele('head');
  head.ele('meta', { name: 'dtb:uid', content: bookIdentifier(doc.slug, layout) });
  head.ele('meta', { name: 'dtb:depth', content: String(Math.max(1, depth(tree))) });
  head.ele('meta', { name: 'dtb:totalPageCount', content: '0' });
  head.ele('meta', { name: 'dtb:maxPageNumber', content: '0' });
  root.ele('docTitle').ele('text').txt(amp(doc.title));
  const map = root.ele('navMap');
  let order = 0;
  const points = (parent: XMLBuilder, entries: NavEntry[]) => {
    for (const e of entries) {
      order += 1;
      const point = parent.ele('navPoint', { id: `n${order}`, playOrder: String(order) });
      point.ele('navLabel').ele('text').txt(amp(e.title));
      point.ele('content', { src: e.href });
      points(point, e.children);
    }
  };
  points(map, tree.length > 0 ? tree : [{ title: doc.title, href: chapterFile(0), children: [] }]);
  return end(root);
}

/**
 * The document as an EPUB 3 book: chapters as in the source (a page from each heading that follows text), each
 * Spanish paragraph followed by its English (bilingual) or the English alone, `lang` on every part, test-model output
 * labelled on the title page, in the metadata and before each paragraph.
 */
export function renderEpub(
  doc: ExportDocument,
  layout: ExportLayout,
  labels: ExportLabels,
  info: ExportInfo,
): Uint8Array<ArrayBuffer> {
  const anyTest = exportParagraphs(doc).some((p) => p.target?.testModel);
  // A document always has one page of text, even an empty one, so the spine and contents are never empty.
  const chapters = doc.chapters.length > 0 ? doc.chapters : [{ title: null, paragraphs: [] }];
  const tree = navTree({ ...doc, chapters }, layout);
  const files: Zippable = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(container()),
    'OEBPS/package.opf': strToU8(
      packageDocument(doc, layout, info, chapters.length, anyTest ? labels.testModelNote : null),
    ),
    'OEBPS/nav.xhtml': strToU8(navPage(doc, tree, layout, labels)),
    'OEBPS/toc.ncx': strToU8(ncx(doc, layout, tree)),
    'OEBPS/style.css': strToU8(EPUB_CSS),
    'OEBPS/title.xhtml': strToU8(titlePage(doc, layout, labels, anyTest)),
  };
  chapters.forEach((chapter, n) => {
    files[`OEBPS/${chapterFile(n)}`] = strToU8(chapterPage(doc, chapter, layout, labels));
  });
  return zipSync(files, { level: 6 }) as Uint8Array<ArrayBuffer>;
}
