import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertImport, stripGutenberg } from '../../../lib/exchange/import-source';
import { MAX_IMPORT_BYTES } from '../../../lib/exchange/limits';
import { buildDocx } from './docx-builder';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const enc = (s: string) => new TextEncoder().encode(s);

async function ok(bytes: Uint8Array, fileName: string | null) {
  const result = await convertImport({ bytes, fileName });
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe('HTML import', () => {
  it('keeps the article only: no navigation, sidebar, footer, script, style, image or link target', async () => {
    const result = await ok(fs.readFileSync(path.join(FIXTURES, 'exchange/page.html')), 'page.html');
    const all = result.blocks.map((b) => b.text).join('\n');
    expect(result.title).toBe('La biblioteca del pueblo abre de noche');
    expect(result.blocks[0]).toEqual({ kind: 'heading', text: 'La biblioteca del pueblo abre de noche', level: 1 });
    expect(result.blocks).toContainEqual({ kind: 'heading', text: 'Horario & actividades', level: 2 });
    expect(all).toContain('Más información en la web.');
    expect(all).toContain('<hasta completar aforo>');
    for (const gone of [
      'Portada',
      'ANUNCIO',
      'PIE-DE-PAGINA',
      'SCRIPT',
      'color: red',
      'javascript',
      'data:image',
      'logo',
    ])
      expect(all).not.toContain(gone);
  });

  it('falls back to <title> and then the file name when there is no heading', async () => {
    expect((await ok(enc('<title>Solo título</title><p>Texto.</p>'), 'a.html')).title).toBe('Solo título');
    expect((await ok(enc('<p>Texto.</p>'), 'a.html')).title).toBeNull();
  });

  it('reads a Windows-1252 page', async () => {
    const bytes = Uint8Array.from([...enc('<p>Espa'), 0xf1, ...enc('a y Canad'), 0xe1, ...enc('</p>')]);
    expect((await ok(bytes, 'viejo.htm')).blocks[0]!.text).toBe('España y Canadá');
  });
});

describe('DOCX import', () => {
  it('keeps headings and paragraphs; the Title style gives the title', async () => {
    const docx = buildDocx([
      { text: 'Informe anual', style: 'Title' },
      { text: 'Introducción', style: 'Heading1' },
      { text: 'Primer párrafo <b>con</b> & signos.' },
      { text: '' },
      { text: 'Segundo párrafo.' },
    ]);
    const result = await ok(docx, 'informe.docx');
    expect(result.title).toBe('Informe anual');
    expect(result.blocks).toEqual([
      { kind: 'heading', text: 'Informe anual', level: 1 },
      { kind: 'heading', text: 'Introducción', level: 1 },
      { kind: 'paragraph', text: 'Primer párrafo <b>con</b> & signos.' },
      { kind: 'paragraph', text: 'Segundo párrafo.' },
    ]);
  });

  it('refuses a file that is not a DOCX', async () => {
    const bad = await convertImport({ bytes: enc('no soy un zip'), fileName: 'x.docx' });
    expect(bad).toMatchObject({ ok: false, code: 'binary' });
  });
});

describe('text and Markdown import', () => {
  it('tolerates UTF-8 with BOM and CRLF and hard-wrapped lines (Gutenberg fixture)', async () => {
    const bytes = fs.readFileSync(path.join(FIXTURES, 'quijote/pg2000-chapter1-opening.es.txt'));
    expect(bytes[0]).toBe(0xef);
    const result = await ok(bytes, 'quijote.txt');
    expect(result.blocks.length).toBeGreaterThanOrEqual(3);
    expect(result.blocks.some((b) => b.text.startsWith('En un lugar de la Mancha'))).toBe(true);
    expect(result.blocks.every((b) => !/[\r\n\uFEFF]/.test(b.text))).toBe(true);
  });

  it('reads UTF-16 text with its BOM (Windows "Unicode")', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Añadir «comillas».\r\n\r\nDos.', 'utf16le')]);
    expect((await ok(le, 'unicode.txt')).blocks.map((b) => b.text)).toEqual(['Añadir «comillas».', 'Dos.']);
  });

  it('reads Windows-1252 text', async () => {
    const bytes = Uint8Array.from([0xbf, ...enc('Qu'), 0xe9, ...enc(' tal? '), 0xa1, ...enc('Bien!')]);
    expect((await ok(bytes, 'viejo.txt')).blocks[0]!.text).toBe('¿Qué tal? ¡Bien!');
  });

  it('takes the title from front matter, else the first heading; drops raw HTML from Markdown', async () => {
    const md =
      '---\ntitle: Desde el encabezado\n---\n\n# Otro\n\nTexto <script>alert(1)</script> final.\n\n<div>bloque</div>\n';
    const result = await ok(enc(md), 'a.md');
    expect(result.title).toBe('Desde el encabezado');
    expect(result.blocks.map((b) => b.text)).toEqual(['Otro', 'Texto final.']);
    expect((await ok(enc('# Primero\n\nTexto.'), 'a.md')).title).toBe('Primero');
  });

  it('detects and drops a Project Gutenberg header and footer, saying so', () => {
    const text =
      'The Project Gutenberg eBook of X\n\nTitle: Un libro\n\nRelease date: 1999 [eBook #123]\n\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\n\nCuerpo.\n\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\n\nLicence...\n';
    const pg = stripGutenberg(text);
    expect(pg.text.trim()).toBe('Cuerpo.');
    expect(pg.title).toBe('Un libro');
    expect(pg.source).toBe('Project Gutenberg eBook #123');
    expect(pg.removed).toHaveLength(2);
    expect(stripGutenberg('Sin marcas.').removed).toEqual([]);
  });
});

describe('limits', () => {
  it('refuses more than 10 MB with a message naming the limit, and binary data', async () => {
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x61);
    const result = await convertImport({ bytes: big, fileName: 'grande.txt' });
    expect(result).toMatchObject({ ok: false, code: 'too_large' });
    expect(!result.ok && result.message).toContain(`${MAX_IMPORT_BYTES} bytes (10 MB)`);
    expect(await convertImport({ bytes: Uint8Array.from([0, 1, 2, 0xff, 0]), fileName: 'b.txt' })).toMatchObject({
      ok: false,
      code: 'binary',
    });
    expect(await convertImport({ bytes: enc('%PDF-1.4'), fileName: 'x.pdf' })).toMatchObject({
      ok: false,
      code: 'unsupported',
    });
    expect(await convertImport({ bytes: enc('  \n\n '), fileName: null })).toMatchObject({ ok: false, code: 'empty' });
  });
});
