import fs from 'node:fs/promises';
import path from 'node:path';
import { isValidSlug, slugFromFileName } from './slug';
import type { ContentEntry } from './source';

/** Largest content file read (bigger ones are listed as a problem, never read truncated). */
export const MAX_CONTENT_BYTES = 20 * 1024 * 1024;

export type ContentFormat = 'markdown' | 'text';

/** A readable file of content/ that maps to a slug: an entry of the folder source, its version its size and mtime. */
export interface ContentFile extends ContentEntry {
  absPath: string;
  mtimeMs: number;
}

export type ContentProblemCode =
  | 'too_large'
  | 'binary'
  | 'not_text'
  | 'empty'
  | 'front_matter'
  | 'encoding'
  | 'too_deep'
  | 'reading'
  | 'unreadable'
  | 'duplicate_slug'
  | 'bad_name'
  | 'outside_content';

/** A content file that cannot be shown; `params` fill the localized message of `code`. */
export interface ContentProblem {
  fileName: string;
  slug: string | null;
  code: ContentProblemCode;
  message: string;
  params: Record<string, string | number>;
}

const CONTENT_EXT = /\.(md|txt)$/i;

/** The format of a content file by its extension (.md Markdown, else plain text). */
export function formatOf(fileName: string): ContentFormat {
  return /\.md$/i.test(fileName) ? 'markdown' : 'text';
}

/** Resolves a path and proves it stays inside `dir` (after following symlinks); null when it escapes. */
export async function realPathInside(dir: string, candidate: string): Promise<string | null> {
  try {
    const [realDir, realFile] = await Promise.all([fs.realpath(dir), fs.realpath(candidate)]);
    const rel = path.relative(realDir, realFile);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
    return realFile;
  } catch {
    return null;
  }
}

/** Lists content/ (top level only): the .md and .txt files with their slugs, and the problems that keep some out. */
export async function listContentFiles(contentDir: string): Promise<{ files: ContentFile[]; problems: ContentProblem[] }> {
  let names: string[];
  try {
    names = await fs.readdir(contentDir);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return { files: [], problems: [] };
    throw new Error(`[paralelo:content] cannot read the content folder ${contentDir}`, { cause });
  }
  const files: ContentFile[] = [];
  const problems: ContentProblem[] = [];
  const bySlug = new Map<string, string>();
  for (const fileName of names.filter((n) => CONTENT_EXT.test(n) && !n.startsWith('.')).sort()) {
    const slug = slugFromFileName(fileName);
    if (!slug) {
      problems.push({
        fileName,
        slug: null,
        code: 'bad_name',
        message: `${fileName}: the file name has no letters or digits to make a web address from; rename it.`,
        params: {},
      });
      continue;
    }
    const absPath = path.join(contentDir, fileName);
    const real = await realPathInside(contentDir, absPath);
    if (!real) {
      problems.push({
        fileName,
        slug,
        code: 'outside_content',
        message: `${fileName}: it is a link to a file outside the content folder, which Paralelo never reads.`,
        params: {},
      });
      continue;
    }
    const stat = await fs.stat(/*turbopackIgnore: true*/ real).catch(() => null);
    if (!stat || !stat.isFile()) continue;
    const previous = bySlug.get(slug);
    if (previous) {
      problems.push({
        fileName,
        slug,
        code: 'duplicate_slug',
        message: `${fileName}: ${previous} already uses the address "${slug}"; rename one of them.`,
        params: { other: previous, slug },
      });
      continue;
    }
    if (stat.size > MAX_CONTENT_BYTES) {
      problems.push({
        fileName,
        slug,
        code: 'too_large',
        message: `${fileName}: ${stat.size} bytes is over the limit of ${MAX_CONTENT_BYTES} bytes; split the document.`,
        params: { size: stat.size, limit: MAX_CONTENT_BYTES },
      });
      continue;
    }
    bySlug.set(slug, fileName);
    files.push({
      slug,
      fileName,
      absPath: real,
      format: formatOf(fileName),
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      version: `${stat.size}:${stat.mtimeMs}`,
    });
  }
  return { files, problems };
}

/** Finds the content file of a slug, or null; never touches a path built from the slug itself. */
export async function findContentFile(contentDir: string, slug: string): Promise<ContentFile | ContentProblem | null> {
  if (!isValidSlug(slug)) return null;
  const { files, problems } = await listContentFiles(contentDir);
  return files.find((f) => f.slug === slug) ?? problems.find((p) => p.slug === slug) ?? null;
}

/** Where removed documents go: a dot folder, which the listing never reads as documents. */
export const DELETED_FOLDER = '.deleted';

/** Slugs of the documents removed from a content folder (still taken: their revisions stay in the store). */
export async function removedSlugs(contentDir: string): Promise<Set<string>> {
  try {
    const { files } = await listContentFiles(path.join(contentDir, DELETED_FOLDER));
    return new Set(files.map((f) => f.slug));
  } catch {
    return new Set();
  }
}
