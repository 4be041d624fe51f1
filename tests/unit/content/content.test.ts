import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findContentFile, isValidSlug, listContentFiles, MAX_CONTENT_BYTES, openFolderSource, slugFromFileName } from '../../../lib/content';
import { listDocuments, loadSourceDocument, openDocument, type DocumentDeps } from '../../../lib/documents/open-document';
import { normalizeSentenceKey } from '../../../lib/text/normalize';

const seed = fs.readFileSync(path.join(__dirname, '../../../content/kim-jong-un-putin.md'));
let dir: string;
let outside: string;

beforeAll(() => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-content-'));
  dir = path.join(base, 'content');
  outside = path.join(base, 'secret.md');
  fs.mkdirSync(dir);
  fs.writeFileSync(outside, '---\ntitle: Secreto\n---\n\nNo debe leerse.\n');
  fs.writeFileSync(path.join(dir, 'kim-jong-un-putin.md'), seed);
  fs.writeFileSync(path.join(dir, 'notas.txt'), '\uFEFFPrimera línea\r\nque sigue.\r\n\r\nSegundo párrafo.\r\n');
  fs.writeFileSync(path.join(dir, 'roto.md'), '---\ntitle: [sin cerrar\n---\n\nTexto.\n');
  fs.writeFileSync(path.join(dir, 'vacio.md'), '---\ntitle: Vacío\n---\n\n');
  fs.writeFileSync(path.join(dir, 'binario.txt'), Buffer.from([0, 1, 2, 3, 0, 255]));
  fs.writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from('Año de la señal: ¿qué?', 'latin1'));
  fs.writeFileSync(path.join(dir, 'ignorado.pdf'), 'not listed');
  fs.symlinkSync(outside, path.join(dir, 'enlace.md'));
  fs.symlinkSync(path.join(dir, 'notas.txt'), path.join(dir, 'alias.txt'));
});

afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

const deps = (): DocumentDeps => ({
  content: openFolderSource(dir),
  modelId: 'Xenova/opus-mt-es-en',
  testModel: false,
  lookup: async () => new Map(),
});

describe('slugs', () => {
  it('accepts what the product makes and nothing that could walk a path', () => {
    expect(isValidSlug('kim-jong-un-putin')).toBe(true);
    for (const bad of ['', '..', '../x', 'a/b', 'a\\b', '/etc/passwd', '%2e%2e', 'a.md', 'A', '-a', 'x'.repeat(121), 'a\u0000b']) {
      expect(isValidSlug(bad), bad).toBe(false);
    }
  });

  it('derives a slug from a file name, accents removed', () => {
    expect(slugFromFileName('Don Quijote de la Mancha.txt')).toBe('don-quijote-de-la-mancha');
    expect(slugFromFileName('Año_Nuevo.md')).toBe('ano_nuevo');
    expect(slugFromFileName('¿¡.md')).toBeNull();
  });

  it('any slug derived from any file name is valid', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (name) => {
        const slug = slugFromFileName(`${name}.md`);
        return slug === null || isValidSlug(slug);
      }),
    );
  });
});

describe('content folder', () => {
  it('lists .md and .txt files, and reports the ones it cannot use', async () => {
    const { files, problems } = await listContentFiles(dir);
    expect(files.map((f) => f.slug).sort()).toEqual(['alias', 'binario', 'kim-jong-un-putin', 'latin1', 'notas', 'roto', 'vacio']);
    expect(problems).toEqual([expect.objectContaining({ fileName: 'enlace.md', code: 'outside_content' })]);
  });

  it('never resolves a slug to a file outside content/ (symlink out is not found)', async () => {
    expect(await findContentFile(dir, 'enlace')).toMatchObject({ code: 'outside_content' });
    const result = await loadSourceDocument(openFolderSource(dir), 'enlace');
    expect(result).toMatchObject({ ok: false, code: 'not_found' });
    for (const slug of ['../secret', '..%2Fsecret', outside, 'secret']) {
      expect(await loadSourceDocument(openFolderSource(dir), slug)).toMatchObject({ ok: false, code: 'not_found' });
    }
  });

  it('parses the seed: front matter, 10 paragraphs, sentences', async () => {
    const result = await loadSourceDocument(openFolderSource(dir), 'kim-jong-un-putin');
    if (!result.ok) throw new Error(result.message);
    const doc = result.document;
    expect(doc.title).toMatch(/^Kim Jong-un promete a Putin/);
    expect(doc.source).toBe('El Expreso');
    expect(doc.sourceLang).toBe('es');
    expect(doc.paragraphs).toHaveLength(10);
    expect(doc.paragraphs[9]!.text).toBe('Entérate con El Expreso');
    expect(doc.paragraphs[0]!.sentences).toHaveLength(2);
    expect(doc.words).toBeGreaterThan(400);
  });

  it('tolerates BOM, CRLF and hard-wrapped lines in plain text, and Windows-1252 files', async () => {
    const notes = await loadSourceDocument(openFolderSource(dir), 'notas');
    if (!notes.ok) throw new Error(notes.message);
    expect(notes.document.paragraphs.map((p) => p.text)).toEqual(['Primera línea que sigue.', 'Segundo párrafo.']);
    expect(notes.document.title).toBe('Notas');
    const latin = await loadSourceDocument(openFolderSource(dir), 'latin1');
    if (!latin.ok) throw new Error(latin.message);
    expect(latin.document.paragraphs[0]!.text).toBe('Año de la señal: ¿qué?');
  });

  it('turns malformed files into error entries without breaking the list', async () => {
    const entries = await listDocuments(deps());
    const byFile = new Map(entries.map((e) => [e.fileName, e]));
    expect(byFile.get('roto.md')).toMatchObject({ ok: false, code: 'front_matter' });
    expect(byFile.get('vacio.md')).toMatchObject({ ok: false, code: 'empty' });
    expect(byFile.get('binario.txt')).toMatchObject({ ok: false, code: 'binary' });
    expect(byFile.get('enlace.md')).toMatchObject({ ok: false, code: 'outside_content' });
    expect(byFile.get('kim-jong-un-putin.md')).toMatchObject({ ok: true, paragraphs: 10, translation: { status: 'none', done: 0, total: 10 } });
    for (const e of entries) if (!e.ok) expect(e.message).toContain(e.fileName);
    expect(await openDocument(deps(), 'roto')).toMatchObject({ ok: false, code: 'unprocessable' });
  });

  it('refuses files over the size limit without reading them', async () => {
    const big = path.join(dir, 'grande.txt');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_CONTENT_BYTES + 1);
    try {
      const { problems } = await listContentFiles(dir);
      expect(problems.find((p) => p.fileName === 'grande.txt')).toMatchObject({ code: 'too_large' });
      expect(await loadSourceDocument(openFolderSource(dir), 'grande')).toMatchObject({ ok: false, code: 'too_large' });
    } finally {
      fs.rmSync(big);
    }
  });

  it('a missing content folder is an empty library', async () => {
    expect(await listContentFiles(path.join(dir, 'nope'))).toEqual({ files: [], problems: [] });
  });
});

describe('opening a document with stored translations', () => {
  it('attaches complete paragraphs only, with 1:1 sentence links', async () => {
    const loaded = await loadSourceDocument(openFolderSource(dir), 'kim-jong-un-putin');
    if (!loaded.ok) throw new Error(loaded.message);
    const first = loaded.document.paragraphs[0]!;
    const second = loaded.document.paragraphs[1]!;
    const stored = new Map<string, string>(first.sentences.map((s, i) => [normalizeSentenceKey(s), `EN ${i}`]));
    stored.set(normalizeSentenceKey(second.sentences[0]!), 'only half');
    const result = await openDocument({ ...deps(), lookup: async () => stored }, 'kim-jong-un-putin');
    if (!result.ok) throw new Error(result.message);
    const [p0, p1] = result.document.paragraphs;
    expect(p0!.target).toMatchObject({ text: 'EN 0 EN 1', sentences: ['EN 0', 'EN 1'], origin: 'machine', testModel: false });
    expect(p0!.target!.alignment).toEqual([
      { source: [0], target: [0], confidence: 1 },
      { source: [1], target: [1], confidence: 1 },
    ]);
    expect(p1!.target).toBeNull();
    expect(result.document.translation).toMatchObject({ status: 'partial', done: 1, total: 10 });
  });
});
