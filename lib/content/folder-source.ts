import fs from 'node:fs/promises';
import path from 'node:path';
import { writeNewContentFile } from '../exchange/content-writer';
import { contentProblem } from './document';
import { DELETED_FOLDER, findContentFile, listContentFiles, type ContentFile } from './files';
import type { ContentRemoved, ContentSource } from './source';

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
  return {
    kind: 'folder',
    id: `folder:${dir}`,
    where: dir,
    async list() {
      const { files, problems } = await listContentFiles(dir);
      // By slug, as the database lists them (byte order): file names sort "libro-2.md" before "libro.md".
      const entries = files.map(remember).sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
      return { entries, problems };
    },
    async find(slug) {
      const found = await findContentFile(dir, slug);
      return found && 'absPath' in found ? remember(found) : found;
    },
    async read(entry) {
      const found = listed.has(entry) ? (entry as ContentFile) : await findContentFile(dir, entry.slug);
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
      return { ok: true, slug: found.slug, fileName: found.fileName, keptAt: target };
    },
    async create(text, slug) {
      const written = await writeNewContentFile(dir, text, slug);
      return written.ok
        ? { ok: true, slug: written.slug, fileName: written.fileName, location: written.absPath }
        : written;
    },
    async close() {},
  };
}

