/**
 * The ContentSource seam: where the library's documents (their source bytes, and so their title and metadata in
 * the front matter) live. The folder adapter is content/ on this machine (the embedded default); the database adapter
 * keeps them in PostgreSQL, so that web instances share nothing but the database. Both pass one contract suite
 * (tests/unit/content/content-source-suite.ts). Parsing is not a source's business: the loader (load-content.ts)
 * parses what a source reads, once per version.
 */
import type { ContentFormat, ContentProblem } from './files';

/** One document of a source: what the library lists and what the parse cache is keyed on. */
export interface ContentEntry {
  slug: string;
  /** The file it came from (content/), or `<slug>.md` for an import: its format and the fallback title. */
  fileName: string;
  format: ContentFormat;
  size: number;
  /** Changes whenever the document's bytes change (folder: size and mtime; database: their SHA-256). */
  version: string;
}

/** A document's bytes, with the version they are (a document may have changed since it was listed). */
export type ContentRead = { ok: true; bytes: Uint8Array; version: string } | { ok: false; problem: ContentProblem };

/** Where a new document was written, in words for a person (a file's path, or the database and slug). */
export type ContentCreated =
  | { ok: true; slug: string; fileName: string; location: string }
  | { ok: false; code: 'slug_taken'; message: string };

/** A document taken out of the library (kept where it can be restored by hand), or why not. */
export type ContentRemoved =
  | { ok: true; slug: string; fileName: string; keptAt: string }
  | { ok: false; code: 'not_found'; message: string };

/** A place that holds the library's documents. */
export interface ContentSource {
  readonly kind: 'folder' | 'database';
  /** Unique to where the documents live (a folder's path, a database and schema): the parse cache's namespace. */
  readonly id: string;
  /** Where the documents live, for messages (never a password). */
  readonly where: string;
  /** Every document, sorted by slug, and the problems that keep some files out (bad name, too large, …). */
  list(): Promise<{ entries: ContentEntry[]; problems: ContentProblem[] }>;
  /** The document of a slug, the problem that keeps it out, or null; a malformed slug is null, never a path. */
  find(slug: string): Promise<ContentEntry | ContentProblem | null>;
  /** The current bytes of a listed document. */
  read(entry: ContentEntry): Promise<ContentRead>;
  /**
   * Adds a new document (Markdown text) under the first free slug of base, base-2, base-3, … or exactly `exact`
   * (refused when taken); never replaces a document, even when two processes add one at the same moment.
   */
  create(text: string, slug: { base: string } | { exact: string }): Promise<ContentCreated>;
  /**
   * Takes a document out of the library. Nothing is destroyed: the folder adapter moves its file into
   * content/.deleted/, the database adapter marks its row deleted. Its slug stays taken, so a later document never
   * inherits its revisions, and the database adapter never imports that file of content/ again.
   */
  remove(slug: string): Promise<ContentRemoved>;
  /** Releases what the source holds open (the caller's pool stays open). */
  close(): Promise<void>;
}

/** True for a listed document, false for a problem entry. */
export function isContentEntry(found: ContentEntry | ContentProblem): found is ContentEntry {
  return 'version' in found;
}
