/**
 * An EPUB's table of contents and landmarks: the EPUB 3 navigation document (<nav epub:type="toc">, "landmarks")
 * or the EPUB 2 NCX (navMap). Their titles become the chapters' headings.
 */
import { resolveHref } from './epub-package';
import { childElements, tagOf, type DomElement, type XhtmlDocument } from './epub-xml';
import { tidyText } from './html-to-blocks';
import { childNamed, childrenNamed, inlineText, type XmlElement } from './xml';

/** One entry of the contents: the file and element it points at, its title and its depth (1 at the top). */
export interface TocEntry {
  path: string;
  fragment: string | null;
  title: string;
  depth: number;
}

/** A landmark (EPUB 3) or guide reference (EPUB 2): what kind of part a file is (cover, titlepage, toc, …). */
export interface Landmark {
  type: string;
  path: string;
}

// A contents list with more entries than this is not a book's chapters.
const MAX_ENTRIES = 5000;

const named = (el: DomElement, name: string) => childElements(el).filter((c) => tagOf(c) === name);

/** The epub:type tokens of an element ("bodymatter chapter" → ["bodymatter", "chapter"]). */
export function epubTypes(el: { getAttribute(name: string): string | null }): string[] {
  return (el.getAttribute('epub:type') ?? '').toLowerCase().split(/\s+/u).filter(Boolean);
}

const navs = (doc: XhtmlDocument): DomElement[] => Array.from(doc.querySelectorAll('nav'));

/** The toc entries of an EPUB 3 navigation document, in reading order. */
export function navToc(doc: XhtmlDocument, navPath: string): TocEntry[] {
  const all = navs(doc);
  const toc = all.find((n) => epubTypes(n).includes('toc')) ?? all.find((n) => epubTypes(n).length === 0);
  const out: TocEntry[] = [];
  const walk = (list: DomElement, depth: number) => {
    for (const li of named(list, 'li')) {
      if (out.length >= MAX_ENTRIES) return;
      const label = childElements(li).find((c) => tagOf(c) === 'a' || tagOf(c) === 'span');
      const title = tidyText(label?.textContent ?? '');
      const href = label && tagOf(label) === 'a' ? label.getAttribute('href') : null;
      const target = href ? resolveHref(navPath, href) : null;
      if (title && target?.ok) out.push({ path: target.path, fragment: target.fragment, title, depth });
      for (const sub of named(li, 'ol')) walk(sub, depth + 1);
    }
  };
  for (const list of toc ? named(toc, 'ol') : []) walk(list, 1);
  return out;
}

/** The landmarks of an EPUB 3 navigation document (<nav epub:type="landmarks">). */
export function navLandmarks(doc: XhtmlDocument, navPath: string): Landmark[] {
  const nav = navs(doc).find((n) => epubTypes(n).includes('landmarks'));
  if (!nav) return [];
  const out: Landmark[] = [];
  for (const a of Array.from(nav.querySelectorAll('a'))) {
    const href = a.getAttribute('href');
    const target = href ? resolveHref(navPath, href) : null;
    for (const type of epubTypes(a)) if (target?.ok) out.push({ type, path: target.path });
  }
  return out;
}

/** The entries of an EPUB 2 NCX's navMap, in reading order. */
export function ncxToc(ncx: XmlElement, ncxPath: string): TocEntry[] {
  const out: TocEntry[] = [];
  const walk = (parent: XmlElement, depth: number) => {
    for (const point of childrenNamed(parent, 'navPoint')) {
      if (out.length >= MAX_ENTRIES) return;
      const label = childNamed(point, 'navLabel');
      const title = tidyText(label ? inlineText(childNamed(label, 'text') ?? label) : '');
      const src = childNamed(point, 'content')?.attrs.src;
      const target = src ? resolveHref(ncxPath, src) : null;
      if (title && target?.ok) out.push({ path: target.path, fragment: target.fragment, title, depth });
      walk(point, depth + 1);
    }
  };
  const map = childNamed(ncx, 'navMap');
  if (map) walk(map, 1);
  return out;
}
