import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type pg from 'pg';
import { describeLocation, explainPg, type PostgresLocation } from '../store/postgres-connection';
import { contentProblem } from './document';
import { isValidSlug, MAX_SLUG_LENGTH, slugCandidate } from './slug';
import { listContentFiles, MAX_CONTENT_BYTES, type ContentFormat, type ContentProblem } from './files';
import type { ContentEntry, ContentRemoved, ContentSource } from './source';

export interface DatabaseSourceOptions {
  /** The PostgreSQL store's pool (its schema first on the search path, its migrations applied): not closed here. */
  pool: pg.Pool;
  location: PostgresLocation;
  /** This machine's content/: its files are imported into the database, new or changed ones only. */
  folder?: string;
  /** How long one look at the folder is trusted before list() or find() looks again (default 2 s). */
  rescanMs?: number;
}

interface DocumentRow {
  slug: string;
  file_name: string;
  format: ContentFormat;
  size: number;
  sha256: string;
}

const COLUMNS = 'slug, file_name, format, size, sha256';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const toEntry = (row: DocumentRow): ContentEntry => ({
  slug: row.slug,
  fileName: row.file_name,
  format: row.format,
  size: row.size,
  version: row.sha256,
});

/**
 * The database adapter: documents are rows of `documents` (the source bytes as imported, so the title and metadata
 * in their front matter too), their version the SHA-256 of those bytes. Web instances then share nothing but the
 * database. With a folder, content/ is a drop folder: each file is imported under its own slug (a changed file
 * updates its document, keeping the slug and so its revisions), with the folder adapter's path checks and limits; a
 * file whose slug another document already has is listed as a problem. A file removed from the folder leaves its
 * document in the database, where other instances may be reading it.
 */
export function openDatabaseSource(options: DatabaseSourceOptions): ContentSource {
  return new DatabaseSource(options);
}

class DatabaseSource implements ContentSource {
  readonly kind = 'database' as const;
  readonly id: string;
  readonly where: string;
  private readonly rescanMs: number;
  /** What this process last imported of each file (its size and mtime), and the problem each file has, if any. */
  private readonly seen = new Map<string, { version: string; problem?: ContentProblem }>();
  private folderProblems: ContentProblem[] = [];
  private scannedAt = -Infinity;
  private scanning: Promise<void> | null = null;
  private warned = '';

  constructor(private readonly options: DatabaseSourceOptions) {
    this.id = `database:${options.location.url}#${options.location.schema}`;
    this.where = describeLocation(options.location);
    this.rescanMs = options.rescanMs ?? 2000;
  }

  private async query<R extends pg.QueryResultRow>(doing: string, text: string, values: unknown[]): Promise<R[]> {
    try {
      return (await this.options.pool.query<R>(text, values)).rows;
    } catch (error) {
      throw explainPg(error, this.options.location, doing);
    }
  }

  async list() {
    await this.syncFolder();
    const rows = await this.query<DocumentRow>('listing documents', `SELECT ${COLUMNS} FROM documents WHERE deleted_at IS NULL ORDER BY slug COLLATE "C"`, []);
    return { entries: rows.map(toEntry), problems: [...this.folderProblems] };
  }

  async find(slug: string) {
    if (!isValidSlug(slug)) return null;
    await this.syncFolder();
    const rows = await this.query<DocumentRow>(
      'finding a document',
      `SELECT ${COLUMNS} FROM documents WHERE slug = $1 AND deleted_at IS NULL`,
      [slug],
    );
    if (rows[0]) return toEntry(rows[0]);
    return this.folderProblems.find((p) => p.slug === slug) ?? null;
  }

  async read(entry: ContentEntry) {
    const rows = await this.query<{ body: Buffer; sha256: string }>(
      'reading a document',
      'SELECT body, sha256 FROM documents WHERE slug = $1 AND deleted_at IS NULL',
      [entry.slug],
    );
    const row = rows[0];
    if (!row) {
      return { ok: false as const, problem: contentProblem(entry, 'unreadable', 'it is no longer in the library.') };
    }
    return { ok: true as const, bytes: new Uint8Array(row.body), version: row.sha256 };
  }

  async create(text: string, slug: { base: string } | { exact: string }) {
    const bytes = Buffer.from(text, 'utf8');
    await this.syncFolder();
    // A file of content/ kept out by a problem still owns its address, as in the folder adapter.
    const reserved = new Set(this.folderProblems.flatMap((p) => (p.slug ? [p.slug] : [])));
    const insert = async (candidate: string) => {
      if (reserved.has(candidate)) return false;
      const rows = await this.query<{ slug: string }>(
        'adding a document',
        `INSERT INTO documents (slug, file_name, format, body, size, sha256, origin, created_at, updated_at)
         VALUES ($1, $2, 'markdown', $3, $4, $5, 'import', $6, $6)
         ON CONFLICT (slug) DO NOTHING RETURNING slug`,
        [candidate, `${candidate}.md`, bytes, bytes.length, sha256(bytes), Date.now()],
      );
      return rows.length > 0;
    };
    const made = (s: string) => ({
      ok: true as const,
      slug: s,
      fileName: `${s}.md`,
      location: this.where,
    });
    if ('exact' in slug) {
      if (await insert(slug.exact)) return made(slug.exact);
      return {
        ok: false as const,
        code: 'slug_taken' as const,
        message: `The address "${slug.exact}" is already used by a document in the library; choose another slug.`,
      };
    }
    const base = slug.base.slice(0, MAX_SLUG_LENGTH);
    // The slugs that could be candidates, to skip them without a round trip each (the insert still decides).
    const prefix = base.slice(0, MAX_SLUG_LENGTH - 10).replace(/[-_]+$/, '');
    const rows = await this.query<{ slug: string }>(
      'adding a document',
      'SELECT slug FROM documents WHERE left(slug, length($1)) = $1',
      [prefix],
    );
    const taken = new Set(rows.map((r) => r.slug));
    for (let n = 1; n <= 10_000; n++) {
      const candidate = slugCandidate(base, n);
      // Another process may take a free-looking slug first: the insert decides, and the next candidate follows.
      if (!taken.has(candidate) && (await insert(candidate))) return made(candidate);
    }
    throw new Error(`[paralelo:content] no free slug for "${base}" in ${this.where}`);
  }

  async remove(slug: string): Promise<ContentRemoved> {
    const rows = isValidSlug(slug)
      ? await this.query<{ file_name: string }>(
          'removing a document',
          'UPDATE documents SET deleted_at = $2 WHERE slug = $1 AND deleted_at IS NULL RETURNING file_name',
          [slug, Date.now()],
        )
      : [];
    if (!rows[0]) {
      return { ok: false, code: 'not_found', message: `There is no document "${slug.slice(0, 120)}" in the library.` };
    }
    return { ok: true, slug, fileName: rows[0].file_name, keptAt: `${this.where} (documents, marked deleted)` };
  }

  async close(): Promise<void> {
    await this.scanning?.catch(() => {});
  }

  /** Imports the folder's new and changed files, at most once per rescanMs (callers in between share one look). */
  private syncFolder(): Promise<void> {
    if (!this.options.folder) return Promise.resolve();
    if (this.scanning) return this.scanning;
    if (performance.now() - this.scannedAt < this.rescanMs) return Promise.resolve();
    const scan = this.scanFolder(this.options.folder).finally(() => {
      this.scannedAt = performance.now();
      this.scanning = null;
    });
    this.scanning = scan;
    return scan;
  }

  private async scanFolder(folder: string): Promise<void> {
    let listing;
    try {
      listing = await listContentFiles(folder);
    } catch (error) {
      // An unreadable content/ must not take the library in the database down with it: said once, in the log.
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.warned) console.warn(`[paralelo:content] ${message}; importing nothing from it`);
      this.warned = message;
      return;
    }
    const { files, problems } = listing;
    const changed = files.filter((f) => this.seen.get(f.fileName)?.version !== f.version);
    if (changed.length > 0) {
      const rows = await this.query<DocumentRow & { origin: string; deleted_at: string | null }>(
        'importing content/',
        `SELECT ${COLUMNS}, origin, deleted_at FROM documents WHERE slug = ANY($1)`,
        [changed.map((f) => f.slug)],
      );
      const bySlug = new Map(rows.map((r) => [r.slug, r]));
      for (const file of changed) {
        const row = bySlug.get(file.slug);
        // A document taken out of the library stays out: its file is not imported again (rename it to import it anew).
        if (row && row.deleted_at !== null && row.origin === 'folder' && row.file_name === file.fileName) {
          this.seen.set(file.fileName, { version: file.version });
          continue;
        }
        if (row && (row.origin !== 'folder' || row.file_name !== file.fileName)) {
          const problem = contentProblem(
            file,
            'duplicate_slug',
            `${row.file_name} already uses the address "${file.slug}" in the library; rename the file.`,
            { other: row.file_name, slug: file.slug },
          );
          this.seen.set(file.fileName, { version: file.version, problem });
          continue;
        }
        let bytes: Buffer;
        try {
          bytes = await fs.readFile(file.absPath);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'error';
          this.seen.set(file.fileName, {
            version: file.version,
            problem: contentProblem(file, 'unreadable', `it cannot be read (${code}).`),
          });
          continue;
        }
        // The listing checked the size; a file that grew since is refused rather than stored over the limit.
        if (bytes.length > MAX_CONTENT_BYTES) continue;
        const hash = sha256(bytes);
        // Not written: another process gave the slug to another document meanwhile; the next look says so.
        if (row?.sha256 !== hash && !(await this.importFile(file, bytes, hash))) continue;
        this.seen.set(file.fileName, { version: file.version });
      }
    }
    const present = new Set(files.map((f) => f.fileName));
    for (const name of [...this.seen.keys()]) if (!present.has(name)) this.seen.delete(name);
    this.folderProblems = [...problems, ...files.flatMap((f) => this.seen.get(f.fileName)?.problem ?? [])];
  }

  /** Writes a file's bytes as its document: a new one, or the same slug's document when it came from that file. */
  private async importFile(
    file: { slug: string; fileName: string; format: ContentFormat },
    bytes: Buffer,
    hash: string,
  ): Promise<boolean> {
    const rows = await this.query(
      'importing content/',
      `INSERT INTO documents (slug, file_name, format, body, size, sha256, origin, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'folder', $7, $7)
       ON CONFLICT (slug) DO UPDATE SET body = excluded.body, size = excluded.size, sha256 = excluded.sha256,
         format = excluded.format, updated_at = excluded.updated_at
       WHERE documents.origin = 'folder' AND documents.file_name = excluded.file_name AND documents.deleted_at IS NULL
       RETURNING slug`,
      [file.slug, file.fileName, file.format, bytes, bytes.length, hash, Date.now()],
    );
    return rows.length > 0;
  }
}
