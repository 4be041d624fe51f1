/**
 * Small XML helpers for the exchange formats. Writing is done by hand rather than with xmlbuilder2 because the
 * formats need control it does not give: a carriage return must be written as &#13; (a parser would turn a raw
 * one into a line feed) and characters XML 1.0 cannot carry must be dropped instead of written raw.
 * Reading goes through fast-xml-parser in ordered mode, with entity decoding done here in one pass so that
 * "&amp;lt;" stays "&lt;" and numeric references (&#13;, &#x1F600;) are decoded, which the parser does not do.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

// Characters that XML 1.0 cannot carry at all: C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
// With the u flag a surrogate pair is one code point, so only lone surrogates fall in \ud800-\udfff.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/gu;

/** Removes what XML 1.0 cannot represent (C0 controls except tab and line breaks, lone surrogates). */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

/** Escapes text for element content or a double-quoted attribute; CR, and tab/LF in attributes, as references. */
export function escapeXml(text: string, attribute = false): string {
  const safe = xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
  return attribute ? safe.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : safe;
}

/** An attribute list ` a="1" b="2"`, leaving out undefined values. */
export function attrs(values: Record<string, string | number | undefined | null>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    out += ` ${name}="${escapeXml(String(value), true)}"`;
  }
  return out;
}

/** Escapes text for an XML comment ("--" cannot appear in one). */
export function xmlComment(text: string): string {
  return `<!-- ${xmlSafe(text).replace(/-{2,}/g, (m) => m.split('').join(' '))} -->`;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and numeric character references in one pass; unknown ones stay as they are. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

/** One element of an ordered parse: its name, attributes (decoded) and children. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | { text: string };

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
});

function convert(raw: RawNode[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const node of raw) {
    for (const key of Object.keys(node)) {
      if (key === ':@') continue;
      const value = node[key];
      if (key === '#text') out.push({ text: decodeXmlEntities(String(value)) });
      else if (key === '#cdata') {
        for (const c of value as RawNode[]) if ('#text' in c) out.push({ text: String(c['#text']) });
      } else if (key === '#comment' || key.startsWith('?') || key.startsWith('!')) continue;
      else {
        const attributes: Record<string, string> = {};
        for (const [k, v] of Object.entries(node[':@'] ?? {})) attributes[k] = decodeXmlEntities(String(v));
        out.push({ name: key, attrs: attributes, children: convert((value as RawNode[]) ?? []) });
      }
    }
  }
  return out;
}

/** Parses an XML document into ordered elements; throws an Error naming the problem when it is not well-formed. */
export function parseXml(text: string): XmlElement {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) throw new Error(`line ${valid.err.line}: ${valid.err.msg}`);
  const root = convert(parser.parse(text) as RawNode[]).find((n): n is XmlElement => 'name' in n);
  if (!root) throw new Error('no root element');
  return root;
}

/** Child elements with a (local) name, ignoring any namespace prefix. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => 'name' in c && localName(c.name) === name);
}

/** First child element with a local name, or undefined. */
export function childNamed(el: XmlElement, name: string): XmlElement | undefined {
  return childrenNamed(el, name)[0];
}

/** Every descendant element with a local name, in document order. */
export function descendantsNamed(el: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (!('name' in c)) continue;
    if (localName(c.name) === name) out.push(c);
    descendantsNamed(c, name, out);
  }
  return out;
}

/** The name without a namespace prefix ("xliff:unit" → "unit"). */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/**
 * The text of inline content: text and the text inside paired markup (g, mrk, pc, hi), but not the native
 * codes of placeholders (ph, bpt, ept, it, x, bx, ex, sc, ec), which are markup of the original file, not words.
 */
export function inlineText(el: XmlElement): string {
  let out = '';
  for (const c of el.children) {
    if (!('name' in c)) out += c.text;
    else if (!CODE_ELEMENTS.has(localName(c.name))) out += inlineText(c);
  }
  return out;
}
const CODE_ELEMENTS = new Set(['ph', 'bpt', 'ept', 'it', 'x', 'bx', 'ex', 'sc', 'ec', 'ut', 'sub']);
