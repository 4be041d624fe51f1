import fs from 'node:fs/promises';
import path from 'node:path';
import { writeNewContentFile } from '../exchange/content-writer';
import { contentProblem } from './document';
import { isValidSlug } from './slug';
import { DELETED_FOLDER, findContentFile, listContentFiles, realPathInside, type ContentFile } from './files';
import type { ContentRemoved, ContentSource } from './source';

type Listing = Awaited<ReturnType<typeof listContentFiles>>;

/**
 * A listing is reused only while the folder's mtime is this much older than the moment it was read: a change made
 * in the same tick of the folder's clock as the one before it (coarse on some file systems) would not move the mtime,
 * and the listing read in between would miss it. Git's index treats "racily clean" entries the same way.
 */
const RACY_MS = 2_000;

/** Whether a listed file is still what the listing says: inside the folder, the same path, size and mtime. */
async function fresh(dir: string, file: ContentFile): Promise<boolean> {
  const real = await realPathInside(dir, path.join(dir, file.fileName));
  if (real !== file.absPath) return false;
  const stat = await fs.stat(/*turbopackIgnore: true*/ real).catch(() => null);
  return stat !== null && stat.isFile() && stat.size === file.size && stat.mtimeMs === file.mtimeMs;
}

/**
 * The folder's listing, read again whenever the folder's mtime moves (a file added, removed or renamed in it) or this
 * source adds or removes a document. Each use of a cached file still checks it (`fresh`), since a file changed in
 * place or a link given a new target leaves the folder's mtime as it was. Callers that ask while a check is under
 * way share it: 200 readers opening their event streams at once cost one stat of the folder and one check of the
 * book, not 200 of each (a promise's round trip through the thread pool costs the server's thread more than the
 * system call itself).
 */
function listingCache(dir: string) {
  let cached: { listing: Listing; mtimeMs: number } | null = null;
  let mtimeCheck: Promise<number | null> | null = null;
  const fileChecks = new Map<ContentFile, Promise<boolean>>();
  const folderMtime = () => fs.stat(dir).then((s) => s.mtimeMs, () => null);
  const sharedMtime = () =>
    (mtimeCheck ??= folderMtime().finally(() => {
      mtimeCheck = null;
    }));
  return {
    async get(): Promise<{ listing: Listing; cached: boolean }> {
      const mtimeMs = await sharedMtime();
      if (cached && mtimeMs !== null && cached.mtimeMs === mtimeMs) return { listing: cached.listing, cached: true };
      return { listing: await this.read(), cached: false };
    },
    async read(): Promise<Listing> {
      const startedAt = Date.now();
      const mtimeMs = await folderMtime();
      const listing = await listContentFiles(dir);
      cached = mtimeMs !== null && startedAt - mtimeMs > RACY_MS ? { listing, mtimeMs } : null;
      return listing;
    },
    /** Whether a file of the cached listing is still as listed (see `fresh`). */
    fresh(file: ContentFile): Promise<boolean> {
      let check = fileChecks.get(file);
      if (!check) {
        check = fresh(dir, file).finally(() => fileChecks.delete(file));
        fileChecks.set(file, check);
      }
      return check;
    },
    forget() {
      cached = null;
      mtimeCheck = null;
      fileChecks.clear();
    },
  };
}

/**
 * The folder adapter, the embedded default: the .md and .txt files at the top of content/ are the documents, a
 * file's name its slug, its size and mtime its version. Every path it reads comes from listing the folder (symlinks
 * that leave it refused), never from a slug; an import is written as a new file that never replaces one.
 */
export function openFolderSource(contentDir: string): ContentSource {
  const dir = path.resolve(contentDir);
  // Entries this source listed itself: only their paths are trusted as they are, any other entry is looked up again.
  const listed = new WeakSet<object>();
  const remember = <T extends object>(file: T): T => (listed.add(file), file);
  const listing = listingCache(dir);
  // Opening a document finds it by slug (200 readers opening their event streams at once did 200 listings, each a
  // realpath of every file of the folder): from the cached listing, one file is checked rather than all.
  const findListed = async (slug: string) => {
    if (!isValidSlug(slug)) return null;
    const { listing: current, cached } = await listing.get();
    const file = current.files.find((f) => f.slug === slug);
    if (!cached) return file ?? current.problems.find((p) => p.slug === slug) ?? null;
    // A problem of a file (too large, a bad link) can go away without the folder changing: only a file is trusted.
    if (file && (await listing.fresh(file))) return file;
    if (!file && !current.problems.some((p) => p.slug === slug)) return null;
    const again = await listing.read();
    return again.files.find((f) => f.slug === slug) ?? again.problems.find((p) => p.slug === slug) ?? null;
  };
  return {
    kind: 'folder',
    id: `folder:${dir}`,
    where: dir,
    async list() {
      // The library shows every file's version: listed afresh (and remembered for find).
      const { files, problems } = await listing.read();
      // By slug, as the database lists them (byte order): file names sort "libro-2.md" before "libro.md".
      const entries = files.map(remember).sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
      return { entries, problems };
    },
    async find(slug) {
      const found = await findListed(slug);
      return found && 'absPath' in found ? remember(found) : found;
    },
    async read(entry) {
      const found = listed.has(entry) ? (entry as ContentFile) : await findListed(entry.slug);
      if (!found || !('absPath' in found)) {
        return { ok: false, problem: contentProblem(entry, 'unreadable', 'it is no longer in the content folder.') };
      }
      try {
        return { ok: true, bytes: await fs.readFile(found.absPath), version: found.version };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        return { ok: false, problem: contentProblem(found, 'unreadable', `it cannot be read (${code}).`) };
      }
    },
    async remove(slug): Promise<ContentRemoved> {
      listing.forget();
      const found = await findContentFile(dir, slug);
      if (!found || !('absPath' in found)) {
        return { ok: false, code: 'not_found', message: `There is no document "${slug.slice(0, 120)}" in the library.` };
      }
      const trash = path.join(dir, DELETED_FOLDER);
      await fs.mkdir(trash, { recursive: true });
      // Never over an earlier removed file of the same name: the older one gets the time it was removed beside.
      let target = path.join(trash, found.fileName);
      try {
        await fs.access(target);
        const ext = path.extname(found.fileName);
        target = path.join(trash, `${path.basename(found.fileName, ext)}.${Date.now()}${ext}`);
      } catch {
        // free
      }
      await fs.rename(found.absPath, target);
      listing.forget();
      return { ok: true, slug: found.slug, fileName: found.fileName, keptAt: target };
    },
    async create(text, slug) {
      const written = await writeNewContentFile(dir, text, slug);
      listing.forget();
      return written.ok
        ? { ok: true, slug: written.slug, fileName: written.fileName, location: written.absPath }
        : written;
    },
    async close() {},
  };
}

