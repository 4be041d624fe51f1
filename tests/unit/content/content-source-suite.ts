/**
 * The contract every ContentSource adapter passes (the folder of content/, the PostgreSQL database with content/ as
 * its drop folder): new documents never replace one, slugs of files stay their own, versions follow the bytes, and
 * the loader parses a document once per version.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isContentEntry, loadDocument, type ContentEntry, type ContentSource } from '../../../lib/content';

/** A source over an empty folder (`folder`: the content/ it reads or imports); cleanup removes what it made. */
export interface OpenedSource {
  source: ContentSource;
  folder: string;
  cleanup(): Promise<void>;
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

export function describeContentSourceSuite(name: string, open: () => Promise<OpenedSource>): void {
  describe(`ContentSource contract: ${name}`, () => {
    let opened: OpenedSource;
    let source: ContentSource;
    beforeEach(async () => {
      opened = await open();
      source = opened.source;
    });
    afterEach(async () => {
      await source.close();
      await opened.cleanup();
    });

    const entry = async (slug: string): Promise<ContentEntry> => {
      const found = await source.find(slug);
      if (!found || !isContentEntry(found)) throw new Error(`no document ${slug}: ${JSON.stringify(found)}`);
      return found;
    };
    const read = async (slug: string) => {
      const got = await source.read(await entry(slug));
      if (!got.ok) throw new Error(got.problem.message);
      return got;
    };
    const write = (fileName: string, body: string, mtime = Date.now() / 1000) => {
      const file = path.join(opened.folder, fileName);
      fs.writeFileSync(file, body);
      // A changed file's mtime moves on even within one clock tick of the filesystem.
      fs.utimesSync(file, mtime, mtime);
    };

    it('is empty at first, and adds documents under the first free slug, never replacing one', async () => {
      expect(await source.list()).toEqual({ entries: [], problems: [] });
      const a = await source.create('---\ntitle: Uno\n---\n\nHola.\n', { base: 'libro' });
      const b = await source.create('---\ntitle: Dos\n---\n\nAdiós.\n', { base: 'libro' });
      expect(a).toMatchObject({ ok: true, slug: 'libro', fileName: 'libro.md' });
      expect(b).toMatchObject({ ok: true, slug: 'libro-2' });
      expect(text((await read('libro')).bytes)).toContain('Hola.');
      expect(text((await read('libro-2')).bytes)).toContain('Adiós.');
      const taken = await source.create('Otra.', { exact: 'libro' });
      expect(taken).toMatchObject({ ok: false, code: 'slug_taken' });
      expect(text((await read('libro')).bytes)).toContain('Hola.');
      const { entries } = await source.list();
      expect(entries.map((e) => [e.slug, e.format])).toEqual([
        ['libro', 'markdown'],
        ['libro-2', 'markdown'],
      ]);
    });

    it('removes a document from the library without destroying it: its slug stays taken, its file is not taken back', async () => {
      const made = await source.create('---\ntitle: Uno\n---\n\nHola.\n', { base: 'carta' });
      expect(made).toMatchObject({ ok: true, slug: 'carta' });
      write('diario.md', 'Querido diario.\n');
      expect((await source.list()).entries.map((e) => e.slug)).toEqual(['carta', 'diario']);
      for (const slug of ['carta', 'diario']) {
        const removed = await source.remove(slug);
        expect(removed, slug).toMatchObject({ ok: true, slug });
      }
      expect(await source.list()).toEqual({ entries: [], problems: [] });
      expect(await source.find('carta')).toBeNull();
      expect(await source.remove('carta')).toMatchObject({ ok: false, code: 'not_found' });
      expect(await source.remove('../diario')).toMatchObject({ ok: false, code: 'not_found' });
      // A new document never gets a removed one's slug (its revisions are still in the store)...
      expect(await source.create('Otra.\n', { base: 'carta' })).toMatchObject({ ok: true, slug: 'carta-2' });
      expect(await source.create('Otra.\n', { exact: 'diario' })).toMatchObject({ ok: false, code: 'slug_taken' });
      // ...and listing the library again (a new look at content/) does not bring the removed file back.
      expect((await source.list()).entries.map((e) => e.slug)).toEqual(['carta-2']);
    });

    it('gives documents added at the same moment a slug each', async () => {
      const made = await Promise.all(
        Array.from({ length: 6 }, (_, i) => source.create(`Texto ${i}.\n`, { base: 'carrera' })),
      );
      const slugs = made.map((m) => (m.ok ? m.slug : m.code));
      expect(new Set(slugs).size).toBe(6);
      expect((await source.list()).entries).toHaveLength(6);
    });

    it('finds nothing for an unknown or malformed slug, and never reads a path from one', async () => {
      write('cuento.md', 'Érase una vez.\n');
      for (const slug of ['nada', '../cuento', 'cuento.md', 'Cuento', '', '/etc/passwd', 'a'.repeat(500)]) {
        expect(await source.find(slug)).toBeNull();
      }
    });

    it('has the files of its folder under their own slugs; a changed file keeps its slug with a new version', async () => {
      write('El Cuento.md', '---\ntitle: Cuento\n---\n\nÉrase una vez.\n', 1_700_000_000);
      write('notas.txt', 'Una nota.\n', 1_700_000_000);
      const before = await entry('el-cuento');
      expect(before).toMatchObject({ fileName: 'El Cuento.md', format: 'markdown' });
      expect(await entry('notas')).toMatchObject({ format: 'text' });
      const parsed = await loadDocument(source, before);
      expect(parsed).toMatchObject({ ok: true, document: { title: 'Cuento' } });
      // Parsed once per version: the same result again while the bytes are the same.
      expect(await loadDocument(source, await entry('el-cuento'))).toBe(parsed);

      write('El Cuento.md', '---\ntitle: Cuento\n---\n\nÉrase otra vez.\n', 1_700_000_100);
      const after = await entry('el-cuento');
      expect(after.version).not.toBe(before.version);
      expect(text((await read('el-cuento')).bytes)).toContain('otra vez');
      const reparsed = await loadDocument(source, after);
      expect(reparsed).not.toBe(parsed);
      expect(reparsed.ok && reparsed.document.paragraphs.map((p) => p.sentences).flat()).toEqual(['Érase otra vez.']);
    });

    it('keeps out, as problems, files it must not read; an added document does not take such a file’s slug', async () => {
      write('ok.md', 'Bien.\n');
      write('¿¡.md', 'sin nombre\n');
      fs.symlinkSync('/etc/hostname', path.join(opened.folder, 'fuera.md'));
      const { entries, problems } = await source.list();
      expect(entries.map((e) => e.slug)).toEqual(['ok']);
      expect(problems.map((p) => p.fileName).sort()).toEqual(['fuera.md', '¿¡.md']);
      expect(await source.create('Nuevo.\n', { base: 'ok' })).toMatchObject({ ok: true, slug: 'ok-2' });
      expect(await source.create('Nuevo.\n', { base: 'fuera' })).toMatchObject({ ok: true, slug: 'fuera-2' });
    });
  });
}
