/**
 * The package of an EPUB (2 or 3): where its package document is (META-INF/container.xml), what the package
 * document lists (metadata, manifest, spine, guide) and whether the book is DRM-protected (META-INF/encryption.xml).
 * Every href is resolved inside the archive; one that would leave it is refused.
 */
import path from 'node:path/posix';
import { childNamed, childrenNamed, descendantsNamed, inlineText, localName, type XmlElement } from './xml';

/** One file the package lists. */
export interface ManifestItem {
  id: string;
  /** Its path in the archive. */
  path: string;
  mediaType: string;
  /** EPUB 3 properties: nav, cover-image, scripted, svg, … */
  properties: string[];
}

/** One entry of the spine: the reading order. */
export interface SpineItem {
  idref: string;
  /** linear="no": auxiliary content (pop-up notes, a cover) that a reading system may show out of the flow. */
  linear: boolean;
}

/** What the package document says about the book. */
export interface EpubPackage {
  version: string;
  opfPath: string;
  title: string | null;
  creators: string[];
  language: string | null;
  publisher: string | null;
  identifiers: string[];
  manifest: Map<string, ManifestItem>;
  spine: SpineItem[];
  /** The NCX named by spine@toc (EPUB 2), if any. */
  ncxId: string | null;
  /** EPUB 2 guide references: type (cover, title-page, toc, copyright-page, …) → path. */
  guide: { type: string; path: string }[];
}

export type HrefResult = { ok: true; path: string; fragment: string | null } | { ok: false; remote: boolean };

/**
 * Resolves an href of a file at `from` to an archive path (and fragment). Remote URLs give { remote: true }; a
 * relative path that climbs out of the archive gives { remote: false } (the caller refuses the book).
 */
export function resolveHref(from: string, href: string): HrefResult {
  const trimmed = href.trim();
  if (/^[a-z][a-z0-9+.-]*:/iu.test(trimmed) || trimmed.startsWith('//')) return { ok: false, remote: true };
  const hash = trimmed.indexOf('#');
  const rawPath = (hash < 0 ? trimmed : trimmed.slice(0, hash)).replace(/\?.*$/u, '');
  const fragment = hash < 0 ? null : safeDecode(trimmed.slice(hash + 1)) || null;
  const decoded = safeDecode(rawPath);
  if (decoded.startsWith('/')) return { ok: false, remote: false };
  const joined = decoded === '' ? from : path.normalize(path.join(path.dirname(from), decoded));
  if (joined === '..' || joined.startsWith('../')) return { ok: false, remote: false };
  return { ok: true, path: joined.replace(/^\.\//u, ''), fragment };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The package document's path from META-INF/container.xml, or null when it names none. */
export function packagePath(container: XmlElement): string | null {
  const rootfiles = descendantsNamed(container, 'rootfile');
  const opf = rootfiles.find((r) => r.attrs['media-type'] === 'application/oebps-package+xml') ?? rootfiles[0];
  const full = opf?.attrs['full-path']?.trim();
  return full ? full : null;
}

const text = (el: XmlElement | undefined) => (el ? inlineText(el).replace(/\s+/gu, ' ').trim() : '') || null;

type Unsafe = { ok: false; message: string };

/** Reads the package document at `opfPath`; refuses it when one of its hrefs would leave the archive. */
export function readPackage(root: XmlElement, opfPath: string): { ok: true; pkg: EpubPackage } | Unsafe {
  if (localName(root.name) !== 'package')
    return { ok: false, message: `${opfPath} is not a package document (its root is <${root.name}>)` };
  const metadata = childNamed(root, 'metadata') ?? root;
  const dc = (name: string) =>
    childrenNamed(metadata, name)
      .map((el) => text(el))
      .filter((t): t is string => !!t);
  const manifest = new Map<string, ManifestItem>();
  for (const item of descendantsNamed(childNamed(root, 'manifest') ?? root, 'item')) {
    const id = item.attrs.id;
    const href = item.attrs.href;
    if (!id || !href) continue;
    const resolved = resolveHref(opfPath, href);
    if (!resolved.ok) {
      if (resolved.remote) continue;
      return { ok: false, message: `its package lists "${href.slice(0, 120)}", a path that leaves the archive` };
    }
    manifest.set(id, {
      id,
      path: resolved.path,
      mediaType: (item.attrs['media-type'] ?? '').trim().toLowerCase(),
      properties: (item.attrs.properties ?? '').split(/\s+/u).filter(Boolean),
    });
  }
  const spineEl = childNamed(root, 'spine');
  const spine = (spineEl ? childrenNamed(spineEl, 'itemref') : [])
    .filter((ref) => ref.attrs.idref)
    .map((ref) => ({ idref: ref.attrs.idref!, linear: ref.attrs.linear?.trim() !== 'no' }));
  const guide: EpubPackage['guide'] = [];
  const guideEl = childNamed(root, 'guide');
  for (const ref of guideEl ? childrenNamed(guideEl, 'reference') : []) {
    const resolved = ref.attrs.href ? resolveHref(opfPath, ref.attrs.href) : null;
    if (resolved?.ok && ref.attrs.type) guide.push({ type: ref.attrs.type.trim().toLowerCase(), path: resolved.path });
  }
  return {
    ok: true,
    pkg: {
      version: root.attrs.version ?? '2.0',
      opfPath,
      title: dc('title')[0] ?? null,
      creators: dc('creator'),
      language: dc('language')[0] ?? null,
      publisher: dc('publisher')[0] ?? null,
      identifiers: dc('identifier'),
      manifest,
      spine,
      ncxId: spineEl?.attrs.toc ?? null,
      guide,
    },
  };
}

// Font obfuscation (IDPF and Adobe) is listed in encryption.xml too; it only hides fonts, which are dropped anyway.
const FONT_OBFUSCATION = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC']);

/**
 * The files META-INF/encryption.xml says are encrypted with something other than font obfuscation: DRM. Empty when
 * only fonts are obfuscated.
 */
export function encryptedFiles(encryption: XmlElement): string[] {
  const out: string[] = [];
  for (const data of descendantsNamed(encryption, 'EncryptedData')) {
    const algorithm = childNamed(data, 'EncryptionMethod')?.attrs.Algorithm?.trim() ?? '';
    if (FONT_OBFUSCATION.has(algorithm)) continue;
    const uri = descendantsNamed(data, 'CipherReference')[0]?.attrs.URI;
    out.push(uri ? safeDecode(uri) : '(unnamed)');
  }
  return out;
}
