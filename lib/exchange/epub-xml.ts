/**
 * Reading the XML and XHTML files of an EPUB safely. A DOCTYPE with an internal subset (where entities are declared,
 * and where "billion laughs" expansions live) is refused outright; HTML's named character references (&nbsp;,
 * &mdash;), which EPUB 2 books use through the XHTML DTD, are decoded here so the strict XML reading can go ahead.
 * XHTML that is not well-formed is still read, leniently, as HTML, and said so.
 */
import { decodeHTMLStrict } from 'entities';
import { XMLValidator } from 'fast-xml-parser';
import { DOMParser, parseHTML } from 'linkedom';
import { decodeText } from '../content/decode-text';
import { parseXml, type XmlElement } from './xml';

/** A node of the DOM linkedom gives back, as far as the EPUB reader uses it. */
export interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
}

/** An element of that DOM. */
export interface DomElement extends DomNode {
  localName: string;
  getAttribute(name: string): string | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
}

/** An XHTML document as the EPUB reader uses it. */
export interface XhtmlDocument {
  documentElement: DomElement;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
}

/** The child elements of a node. */
export const childElements = (node: DomNode): DomElement[] =>
  Array.from(node.childNodes).filter((c): c is DomElement => c.nodeType === 1);

/** The element's name in lower case, without a namespace prefix. */
export const tagOf = (el: DomElement): string => el.localName.toLowerCase().replace(/^.*:/u, '');

// `<!DOCTYPE name ... [` opens an internal subset: <!ENTITY> declarations can only live there (or in an external DTD,
// which is never fetched).
const INTERNAL_SUBSET = /<!DOCTYPE[^>[]*\[/iu;
const XML_NAMED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** The file's text (UTF-8 or UTF-16, as EPUB requires, BOM dropped), or null when it is not text. */
export function entryText(bytes: Uint8Array): string | null {
  const decoded = decodeText(bytes);
  return decoded.ok ? decoded.text.replace(/^\uFEFF/u, '') : null;
}

/** Why this XML must not be parsed (it declares entities), or null. */
export function refusedXml(text: string): string | null {
  return INTERNAL_SUBSET.test(text.slice(0, 64 * 1024)) || /<!ENTITY/iu.test(text)
    ? 'it declares XML entities (<!ENTITY> in a DOCTYPE), which are refused: they can expand to gigabytes'
    : null;
}

/** HTML named references that XML does not define become the characters they stand for (escaped where needed). */
export function decodeHtmlNamedReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([A-Za-z][A-Za-z0-9]{0,31});/gu, (whole, name: string) => {
    if (XML_NAMED.has(name)) return whole;
    const decoded = decodeHTMLStrict(whole);
    // An unknown name stays visible as the text it was, rather than breaking the XML.
    if (decoded === whole) return `&amp;${name};`;
    return decoded.replace(/&/gu, '&amp;').replace(/</gu, '&lt;');
  });
}

/** A data file of the package (container.xml, the OPF, the NCX, encryption.xml) as ordered XML elements. */
export function readXmlFile(text: string): { ok: true; root: XmlElement } | { ok: false; message: string } {
  const refused = refusedXml(text);
  if (refused) return { ok: false, message: refused };
  try {
    return { ok: true, root: parseXml(decodeHtmlNamedReferences(text)) };
  } catch (err) {
    return { ok: false, message: `it is not well-formed XML (${(err as Error).message})` };
  }
}

/**
 * An XHTML content document as a DOM: parsed as XML when it is well-formed (self-closing tags mean what they say),
 * otherwise as HTML with `problem` saying what was wrong. Refused (ok false) when it declares entities.
 */
export function readXhtml(
  text: string,
): { ok: true; document: XhtmlDocument; problem: string | null } | { ok: false; message: string } {
  const refused = refusedXml(text);
  if (refused) return { ok: false, message: refused };
  const xml = decodeHtmlNamedReferences(text);
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: true });
  if (valid === true)
    return {
      ok: true,
      document: new DOMParser().parseFromString(xml, 'text/xml') as unknown as XhtmlDocument,
      problem: null,
    };
  return {
    ok: true,
    document: parseHTML(text).document as unknown as XhtmlDocument,
    problem: `line ${valid.err.line}: ${valid.err.msg}`,
  };
}
