import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEpub } from '../exchange/epub-builder';
import { apiRequest } from './requests';

// The route handlers read their configuration from the environment once, on first use.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-books-api-'));
fs.mkdirSync(path.join(work, 'content'));
process.env.PARALELO_CONTENT_DIR = path.join(work, 'content');
process.env.PARALELO_DB = path.join(work, 'paralelo.db');

type Route = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let importRoute: (request: Request) => Promise<Response>;
let exportRoute: Route;

const upload = (name: string, bytes: Uint8Array) => {
  const form = new FormData();
  form.set('file', new File([Buffer.from(bytes)], name, { type: 'application/epub+zip' }));
  return importRoute(apiRequest({ method: 'POST', path: '/api/documents', body: form }));
};
const download = (slug: string, query: string) =>
  exportRoute(apiRequest({ path: `/api/documents/${slug}/export?${query}` }), { params: Promise.resolve({ slug }) });

beforeAll(async () => {
  importRoute = (await import('../../../app/api/documents/route')).POST;
  exportRoute = (await import('../../../app/api/documents/[slug]/export/route')).GET as Route;
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('POST /api/documents with an EPUB', () => {
  it('imports it: 201 with what was left out and what was skipped', async () => {
    const res = await upload(
      'cuentos.epub',
      buildEpub({
        title: 'Cuentos',
        chapters: [
          { file: 'c1.xhtml', title: 'El primero', body: '<p>Había una vez.</p>' },
          { file: 'c2.xhtml', title: 'El segundo', body: '<p>Perdido.</p>' },
        ],
        files: { 'OEBPS/style.css': 'p{}' },
        missing: ['c2.xhtml'],
      }),
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      slug: 'cuentos',
      title: 'Cuentos',
      paragraphs: 2,
      encoding: 'utf-8',
      removed: ['1 style sheet of the EPUB (only its text is imported)'],
      skipped: ['OEBPS/c2.xhtml: listed in the spine, missing from the archive'],
    });
  });

  it('refuses a DRM-protected book, a zip bomb and a path outside the archive with 422 and nothing stored', async () => {
    const before = fs.readdirSync(path.join(work, 'content')).sort();
    const chapters = [{ file: 'c1.xhtml', title: 'Uno', body: '<p>Uno.</p>' }];
    const drm = await upload(
      'drm.epub',
      buildEpub({
        chapters,
        encryption:
          '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc"/><enc:CipherData><enc:CipherReference URI="OEBPS/c1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>',
      }),
    );
    expect(drm.status).toBe(422);
    expect(((await drm.json()) as { error: { message: string } }).error.message).toContain('protected by DRM');
    const traversal = await upload(
      'fuera.epub',
      buildEpub({ chapters, editOpf: (o) => o.replace('href="c1.xhtml"', 'href="../../secret.xhtml"') }),
    );
    expect(traversal.status).toBe(422);
    const notZip = await upload('falso.epub', new TextEncoder().encode('no soy un zip'));
    expect(notZip.status).toBe(415);
    expect(fs.readdirSync(path.join(work, 'content')).sort()).toEqual(before);
  });
});

describe('GET /api/documents/:slug/export', () => {
  it('gives the bilingual and the English EPUB as downloads with their own names', async () => {
    const res = await download('cuentos', 'format=epub&lang=es');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/epub+zip');
    expect(res.headers.get('content-disposition')).toContain('filename="cuentos.es-en.epub"');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files)[0]).toBe('mimetype');
    // Labels follow lang=es, with their own lang attribute.
    expect(strFromU8(files['OEBPS/c001.xhtml']!)).toContain(
      '<span class="label" lang="es" xml:lang="es">(sin traducir todavía)</span>',
    );
    const english = await download('cuentos', 'format=epub&layout=english');
    expect(english.headers.get('content-disposition')).toContain('filename="cuentos.en.epub"');
  });

  it('gives PO and DOCX', async () => {
    const po = await download('cuentos', 'format=po');
    expect(po.headers.get('content-type')).toBe('text/x-gettext-translation; charset=utf-8');
    expect(await po.text()).toContain('msgid "Había una vez."');
    const docx = await download('cuentos', 'format=docx');
    expect(docx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml']!)).toContain(
      'Había una vez.',
    );
  });

  it('answers 400 for an unknown layout or a layout on another format, 404 for an unknown document', async () => {
    const bad = await download('cuentos', 'format=epub&layout=sideways');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
      'Unknown layout "sideways": use bilingual or english.',
    );
    expect((await download('cuentos', 'format=tmx&layout=english')).status).toBe(400);
    expect((await download('no-existe', 'format=epub')).status).toBe(404);
  });
});
