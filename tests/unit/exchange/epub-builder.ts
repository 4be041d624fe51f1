/**
 * Builds EPUB 2 and 3 files in memory for tests (no binary fixtures in the repository): a package document, a
 * navigation document and/or an NCX, and the chapters given, zipped with fflate as a reading system expects them
 * (mimetype first and stored).
 */
import { strToU8, zipSync, type Zippable } from 'fflate';

/** One chapter: its file (under OEBPS/), the XHTML of its body, and its title in the contents (none: not listed). */
export interface EpubChapter {
  file: string;
  body?: string;
  title?: string;
  /** Sub-entries of the contents pointing into this chapter. */
  sections?: { fragment: string; title: string }[];
  /** Attributes of <body>, e.g. 'epub:type="titlepage"'. */
  bodyAttrs?: string;
  linear?: boolean;
  /** The whole file instead of the standard XHTML wrapper around `body`. */
  raw?: string;
}

export interface EpubSpec {
  version?: '2.0' | '3.0';
  title?: string;
  creator?: string;
  publisher?: string;
  language?: string;
  chapters: EpubChapter[];
  /** Which contents the book carries (default: nav for EPUB 3, NCX for EPUB 2). */
  contents?: 'nav' | 'ncx' | 'both' | 'none';
  /** Include the navigation document in the spine (as many EPUB 3 books do). */
  navInSpine?: boolean;
  /** EPUB 2 guide references. */
  guide?: { type: string; href: string }[];
  /** EPUB 3 landmarks. */
  landmarks?: { type: string; href: string }[];
  /** More files in the archive (path from the archive's root), listed in the manifest when under OEBPS/. */
  files?: Record<string, string | Uint8Array>;
  /** Spine items listed in the manifest but left out of the archive. */
  missing?: string[];
  /** META-INF/encryption.xml. */
  encryption?: string;
  /** Last changes to the package document's text. */
  editOpf?: (opf: string) => string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const id = (file: string) => `i-${file.replace(/[^a-zA-Z0-9]/g, '-')}`;

const MEDIA: Record<string, string> = {
  xhtml: 'application/xhtml+xml',
  css: 'text/css',
  jpg: 'image/jpeg',
  png: 'image/png',
  ttf: 'font/ttf',
  ncx: 'application/x-dtbncx+xml',
};

function xhtml(ch: EpubChapter, version: string): string {
  if (ch.raw !== undefined) return ch.raw;
  const doctype =
    version === '2.0'
      ? '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n'
      : '<!DOCTYPE html>\n';
  return `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="es" xml:lang="es"><head><title>${esc(ch.title ?? ch.file)}</title><link rel="stylesheet" type="text/css" href="style.css"/></head><body${ch.bodyAttrs ? ` ${ch.bodyAttrs}` : ''}>${ch.body ?? ''}</body></html>`;
}

function navDocument(spec: EpubSpec): string {
  const items = spec.chapters
    .filter((c) => c.title)
    .map((c) => {
      const subs = c.sections?.length
        ? `<ol>${c.sections.map((s) => `<li><a href="${c.file}#${s.fragment}">${esc(s.title)}</a></li>`).join('')}</ol>`
        : '';
      return `<li><a href="${c.file}">${esc(c.title!)}</a>${subs}</li>`;
    })
    .join('');
  const landmarks = spec.landmarks?.length
    ? `<nav epub:type="landmarks"><ol>${spec.landmarks.map((l) => `<li><a epub:type="${l.type}" href="${l.href}">${l.type}</a></li>`).join('')}</ol></nav>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Índice</title></head><body><nav epub:type="toc" id="toc"><h1>Índice</h1><ol>${items}</ol></nav>${landmarks}</body></html>`;
}

function ncxDocument(spec: EpubSpec): string {
  let order = 0;
  const points = spec.chapters
    .filter((c) => c.title)
    .map((c) => {
      const subs = (c.sections ?? [])
        .map(
          (s) =>
            `<navPoint id="n${++order}" playOrder="${order}"><navLabel><text>${esc(s.title)}</text></navLabel><content src="${c.file}#${s.fragment}"/></navPoint>`,
        )
        .join('');
      return `<navPoint id="n${++order}" playOrder="${order}"><navLabel><text>${esc(c.title!)}</text></navLabel><content src="${c.file}"/>${subs}</navPoint>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head><meta name="dtb:uid" content="urn:uuid:1"/></head><docTitle><text>${esc(spec.title ?? '')}</text></docTitle><navMap>${points}</navMap></ncx>`;
}

/** An EPUB file as bytes. */
export function buildEpub(spec: EpubSpec): Uint8Array {
  const version = spec.version ?? '3.0';
  const contents = spec.contents ?? (version === '3.0' ? 'nav' : 'ncx');
  const withNav = contents === 'nav' || contents === 'both';
  const withNcx = contents === 'ncx' || contents === 'both';
  const files: Zippable = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(
      '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
    ),
  };
  if (spec.encryption) files['META-INF/encryption.xml'] = strToU8(spec.encryption);
  const manifest: string[] = [];
  const spine: string[] = [];
  if (withNav) {
    files['OEBPS/nav.xhtml'] = strToU8(navDocument(spec));
    manifest.push('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>');
    if (spec.navInSpine) spine.push('<itemref idref="nav"/>');
  }
  if (withNcx) {
    files['OEBPS/toc.ncx'] = strToU8(ncxDocument(spec));
    manifest.push('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>');
  }
  for (const ch of spec.chapters) {
    if (!spec.missing?.includes(ch.file)) files[`OEBPS/${ch.file}`] = strToU8(xhtml(ch, version));
    manifest.push(`<item id="${id(ch.file)}" href="${ch.file}" media-type="application/xhtml+xml"/>`);
    spine.push(`<itemref idref="${id(ch.file)}"${ch.linear === false ? ' linear="no"' : ''}/>`);
  }
  for (const [name, data] of Object.entries(spec.files ?? {})) {
    files[name] = typeof data === 'string' ? strToU8(data) : data;
    if (name.startsWith('OEBPS/')) {
      const href = name.slice('OEBPS/'.length);
      const type = MEDIA[href.split('.').pop() ?? ''] ?? 'application/octet-stream';
      manifest.push(`<item id="${id(href)}" href="${href}" media-type="${type}"/>`);
    }
  }
  const guide = spec.guide?.length
    ? `<guide>${spec.guide.map((g) => `<reference type="${g.type}" title="${g.type}" href="${g.href}"/>`).join('')}</guide>`
    : '';
  const meta = [
    `<dc:identifier id="uid">urn:uuid:0b7e8c5e-6a4b-4d0e-9d3b-1f2a3b4c5d6e</dc:identifier>`,
    `<dc:title>${esc(spec.title ?? 'Libro de prueba')}</dc:title>`,
    `<dc:language>${spec.language ?? 'es'}</dc:language>`,
    spec.creator ? `<dc:creator>${esc(spec.creator)}</dc:creator>` : '',
    spec.publisher ? `<dc:publisher>${esc(spec.publisher)}</dc:publisher>` : '',
    version === '3.0' ? '<meta property="dcterms:modified">2025-01-01T00:00:00Z</meta>' : '',
  ].join('');
  let opf = `<?xml version="1.0" encoding="UTF-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="${version}" unique-identifier="uid"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">${meta}</metadata><manifest>${manifest.join('')}</manifest><spine${withNcx ? ' toc="ncx"' : ''}>${spine.join('')}</spine>${guide}</package>`;
  if (spec.editOpf) opf = spec.editOpf(opf);
  files['OEBPS/content.opf'] = strToU8(opf);
  return zipSync(files);
}
