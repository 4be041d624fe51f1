import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { listContentFiles, removedSlugs } from '../content/files';
import { slugCandidate } from '../content/slug';

export type WriteResult =
  { ok: true; slug: string; fileName: string; absPath: string } | { ok: false; code: 'slug_taken'; message: string };

async function linkNoClobber(tmp: string, target: string): Promise<boolean> {
  try {
    // A hard link fails with EEXIST instead of replacing: no existing document can ever be overwritten.
    await fs.link(tmp, target);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw err;
  }
  // File systems without hard links: an exclusive copy still never overwrites.
  try {
    await fs.copyFile(tmp, target, fs.constants.COPYFILE_EXCL);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Writes a new Markdown document into content/ under the first free slug of base, base-2, base-3, … (or exactly
 * `exact`, refused when taken), atomically: a temp file that is fsynced, then linked into place without clobbering.
 */
export async function writeNewContentFile(
  contentDir: string,
  text: string,
  slug: { base: string } | { exact: string },
): Promise<WriteResult> {
  await fs.mkdir(contentDir, { recursive: true });
  const { files, problems } = await listContentFiles(contentDir);
  // A removed document's slug stays taken (content/.deleted/): its revisions are still in the store.
  const taken = new Set<string>([
    ...files.map((f) => f.slug),
    ...problems.flatMap((p) => (p.slug ? [p.slug] : [])),
    ...(await removedSlugs(contentDir)),
  ]);
  const tmp = path.join(contentDir, `.import-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    const exact = 'exact' in slug;
    for (let n = 1; n <= 10_000; n++) {
      const candidate = exact ? slug.exact : slugCandidate(slug.base, n);
      const fileName = `${candidate}.md`;
      const absPath = path.join(contentDir, fileName);
      const free = !taken.has(candidate) && (await linkNoClobber(tmp, absPath));
      if (free) return { ok: true, slug: candidate, fileName, absPath };
      if (exact)
        return {
          ok: false,
          code: 'slug_taken',
          message: `The address "${candidate}" is already used by a document in the library; choose another slug.`,
        };
    }
    throw new Error(`[paralelo:exchange] no free slug for "${'base' in slug ? slug.base : ''}" in ${contentDir}`);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
