import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listContentFiles, loadDocument, openFolderSource } from '../../../lib/content';
import { importDocument } from '../../../lib/documents/import-document';
import { slugCandidate } from '../../../lib/content/slug';

const enc = (s: string) => new TextEncoder().encode(s);
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-import-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function parsed(slug: string) {
  const { files } = await listContentFiles(dir);
  const file = files.find((f) => f.slug === slug)!;
  const result = await loadDocument(openFolderSource(dir), file);
  if (!result.ok) throw new Error(result.problem.message);
  return result.document;
}

describe('importDocument', () => {
  it('writes Markdown with front matter (title, source, lang, imported) that the library reads back', async () => {
    const now = new Date('2025-05-06T07:08:09Z');
    const result = await importDocument(openFolderSource(dir), {
      bytes: enc('Hola, mundo. ¿Qué tal?\r\n\r\n# no es un título\r\n\r\n<script>alert(1)</script> & *fin*'),
      fileName: 'Mi Carta.txt',
      now,
    });
    expect(result).toMatchObject({
      ok: true,
      slug: 'mi-carta',
      title: 'Mi Carta',
      fileName: 'mi-carta.md',
      paragraphs: 3,
    });
    const stored = fs.readFileSync(path.join(dir, 'mi-carta.md'), 'utf8');
    expect(stored).toMatch(
      /^---\ntitle: Mi Carta\nsource: Mi Carta\.txt\nlang: es\nimported: 2025-05-06T07:08:09\.000Z\n---\n/,
    );
    // No raw HTML in the stored Markdown: every tag opener is escaped.
    expect(stored).not.toMatch(/(^|[^\\])<script/);
    const doc = await parsed('mi-carta');
    expect(doc.title).toBe('Mi Carta');
    expect(doc.paragraphs.map((p) => [p.kind, p.text])).toEqual([
      ['paragraph', 'Hola, mundo. ¿Qué tal?'],
      ['paragraph', '# no es un título'],
      ['paragraph', '<script>alert(1)</script> & *fin*'],
    ]);
  });

  it('never overwrites: a taken slug gets -2, -3; an explicit slug that is taken is refused', async () => {
    fs.writeFileSync(path.join(dir, 'cuento.txt'), 'Ya estaba aquí.\n');
    const a = await importDocument(openFolderSource(dir), { bytes: enc('Uno.'), fileName: 'cuento.md' });
    const b = await importDocument(openFolderSource(dir), { bytes: enc('Dos.'), fileName: 'Cuento.txt' });
    expect([a.ok && a.slug, b.ok && b.slug]).toEqual(['cuento-2', 'cuento-3']);
    expect(fs.readFileSync(path.join(dir, 'cuento.txt'), 'utf8')).toBe('Ya estaba aquí.\n');
    const taken = await importDocument(openFolderSource(dir), {
      bytes: enc('Tres.'),
      fileName: 'x.txt',
      slug: 'cuento-2',
    });
    expect(taken).toMatchObject({ ok: false, code: 'slug_taken' });
    expect(
      await importDocument(openFolderSource(dir), { bytes: enc('x'), fileName: 'x.txt', slug: '../etc' }),
    ).toMatchObject({
      ok: false,
      code: 'invalid_slug',
    });
    // No temp file is left behind.
    expect(fs.readdirSync(dir).sort()).toEqual(['cuento-2.md', 'cuento-3.md', 'cuento.txt']);
  });

  it('gives concurrent imports of the same name distinct slugs', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        importDocument(openFolderSource(dir), { bytes: enc(`Texto ${i}.`), fileName: 'mismo.txt' }),
      ),
    );
    const slugs = results.map((r) => (r.ok ? r.slug : r.code));
    expect(new Set(slugs).size).toBe(6);
    expect(slugs).toContain('mismo');
  });

  it('uses the given title, else the first sentence for pasted text; makes slugs from titles when needed', async () => {
    const pasted = await importDocument(openFolderSource(dir), {
      bytes: enc('Primera frase aquí. Y otra.'),
      fileName: null,
    });
    expect(pasted).toMatchObject({ ok: true, title: 'Primera frase aquí.', slug: 'primera-frase-aqui' });
    const titled = await importDocument(openFolderSource(dir), {
      bytes: enc('Texto.'),
      fileName: null,
      title: '  Mi  título\n',
    });
    expect(titled).toMatchObject({ ok: true, title: 'Mi título', slug: 'mi-titulo' });
    expect(slugCandidate('a'.repeat(120), 12)).toHaveLength(120);
  });

  it('stores nothing for a refused file', async () => {
    const result = await importDocument(openFolderSource(dir), {
      bytes: Uint8Array.from([0, 0, 1, 2]),
      fileName: 'b.txt',
    });
    expect(result).toMatchObject({ ok: false, code: 'binary' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('is parsed once when the reader page and its metadata ask for a new document at the same time', async () => {
    const result = await importDocument(openFolderSource(dir), { bytes: enc('Uno.\n\nDos.'), fileName: 'libro.txt' });
    expect(result.ok).toBe(true);
    const { files } = await listContentFiles(dir);
    const [a, b] = await Promise.all([
      loadDocument(openFolderSource(dir), files[0]!),
      loadDocument(openFolderSource(dir), files[0]!),
    ]);
    expect(a).toBe(b);
  });
});
