/**
 * Both ContentSource adapters under the one contract (the database one when PARALELO_TEST_DATABASE_URL is set), and
 * what only the database adapter does: instances sharing its documents, content/ imported with stable slugs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isContentEntry, openFolderSource, type ContentSource } from '../../../lib/content';
import { openDatabaseSource } from '../../../lib/content/database-source';
import { openPostgresStore, postgresPoolOf } from '../../../lib/store/postgres';
import type { Store } from '../../../lib/store/types';
import { createTestSchema, hasTestDatabase } from '../../helpers/postgres';
import { describeContentSourceSuite } from './content-source-suite';

const tempFolder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-source-'));

describeContentSourceSuite('folder', async () => {
  const folder = tempFolder();
  return { source: openFolderSource(folder), folder, cleanup: async () => fs.rmSync(folder, { recursive: true }) };
});

/** A PostgreSQL store in a schema of its own, and database sources over its pool. */
async function database() {
  const location = await createTestSchema();
  const stores: Store[] = [];
  const sourceOn = async (folder?: string): Promise<ContentSource> => {
    const store = await openPostgresStore(location);
    stores.push(store);
    return openDatabaseSource({ pool: postgresPoolOf(store)!, location, rescanMs: 0, ...(folder ? { folder } : {}) });
  };
  return {
    sourceOn,
    cleanup: async () => {
      for (const s of stores) await s.close();
      await location.cleanup();
    },
  };
}

describe.runIf(hasTestDatabase())('database content source', () => {
  describeContentSourceSuite('database', async () => {
    const folder = tempFolder();
    const db = await database();
    return {
      source: await db.sourceOn(folder),
      folder,
      cleanup: async () => {
        await db.cleanup();
        fs.rmSync(folder, { recursive: true });
      },
    };
  });

  let db: Awaited<ReturnType<typeof database>>;
  let folder: string;
  beforeEach(async () => {
    db = await database();
    folder = tempFolder();
  });
  afterEach(async () => {
    await db.cleanup();
    fs.rmSync(folder, { recursive: true });
  });

  it('shares its documents between instances that share nothing else, content/ imported by either', async () => {
    fs.writeFileSync(path.join(folder, 'quijote.md'), '---\ntitle: El Quijote\n---\n\nEn un lugar de la Mancha.\n');
    const a = await db.sourceOn(folder);
    const b = await db.sourceOn();
    expect((await a.list()).entries.map((e) => e.slug)).toEqual(['quijote']);
    expect(await b.create('Subido en B.\n', { base: 'subido' })).toMatchObject({ ok: true, slug: 'subido' });
    expect((await a.list()).entries.map((e) => e.slug)).toEqual(['quijote', 'subido']);
    const found = await b.find('quijote');
    expect(found && isContentEntry(found) && (await b.read(found))).toMatchObject({ ok: true });
    expect(a.where).not.toMatch(/password/);
  });

  it('keeps a document whose file left content/, and refuses a file whose slug an import holds', async () => {
    const a = await db.sourceOn(folder);
    expect(await a.create('Importado.\n', { exact: 'mio' })).toMatchObject({ ok: true });
    fs.writeFileSync(path.join(folder, 'mio.md'), 'Un archivo con el mismo nombre.\n');
    fs.writeFileSync(path.join(folder, 'otro.md'), 'Otro.\n');
    const { entries, problems } = await a.list();
    expect(entries.map((e) => e.slug)).toEqual(['mio', 'otro']);
    expect(problems).toEqual([expect.objectContaining({ fileName: 'mio.md', code: 'duplicate_slug' })]);
    const mine = await a.find('mio');
    const read = mine && isContentEntry(mine) ? await a.read(mine) : null;
    expect(read?.ok && Buffer.from(read.bytes).toString('utf8')).toBe('Importado.\n');
    fs.rmSync(path.join(folder, 'otro.md'));
    expect((await a.list()).entries.map((e) => e.slug)).toEqual(['mio', 'otro']);
  });
});
