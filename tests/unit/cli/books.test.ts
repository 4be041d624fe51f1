/**
 * Books at the command line, as a user runs them (child processes): an EPUB imported with what was left out and
 * what was skipped listed, a DRM-protected one refused, and the document exported as EPUB, PO and DOCX.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranslationFile } from '../../../lib/exchange/read-units';
import { buildEpub } from '../exchange/epub-builder';
import { EN, ES, runCli as run } from './run-cli';

describe('paralelo import and export of books', () => {
  let work: string;
  let env: Record<string, string>;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-cli-books-'));
    fs.mkdirSync(path.join(work, 'content'));
    env = { ...EN, PARALELO_CONTENT_DIR: path.join(work, 'content'), PARALELO_DB: path.join(work, 'paralelo.db') };
    fs.writeFileSync(
      path.join(work, 'novela.epub'),
      buildEpub({
        title: 'La novela corta',
        chapters: [
          { file: 'title.xhtml', bodyAttrs: 'epub:type="titlepage"', body: '<h1>La novela corta</h1>' },
          { file: 'c1.xhtml', title: 'Capítulo I', body: '<p>Era una noche oscura.</p><p>Llovía.</p>' },
          { file: 'c2.xhtml', title: 'Capítulo II', body: '<p>Se perdió.</p>' },
          { file: 'c3.xhtml', title: 'Capítulo III', body: '<p>Amaneció.</p>' },
        ],
        missing: ['c2.xhtml'],
      }),
    );
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('imports an EPUB, listing what it left out and what it skipped', async () => {
    const r = await run(['import', path.join(work, 'novela.epub')], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Imported “La novela corta” as novela \(5 paragraphs\)/);
    expect(r.stderr).toContain('Left out on purpose: title page (OEBPS/title.xhtml)');
    expect(r.stderr).toContain(
      'Skipped, could not be read: OEBPS/c2.xhtml: listed in the spine, missing from the archive',
    );
    const md = fs.readFileSync(path.join(work, 'content', 'novela.md'), 'utf8');
    expect(md).toContain('## Capítulo I\n\nEra una noche oscura.\n\nLlovía.\n\n## Capítulo III\n\nAmaneció.');
    expect(md).toMatch(/skipped:\n {2}- "OEBPS\/c2\.xhtml: listed in the spine, missing from the archive"/);
  });

  it('refuses a DRM-protected EPUB with exit 1 and a sentence saying why, in Spanish too', async () => {
    const file = path.join(work, 'drm.epub');
    fs.writeFileSync(
      file,
      buildEpub({
        chapters: [{ file: 'c1.xhtml', title: 'Uno', body: '<p>Uno.</p>' }],
        encryption:
          '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="OEBPS/c1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>',
      }),
    );
    const r = await run(['import', file], { ...env, ...ES });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^No se importó: drm\.epub: it is protected by DRM/);
    expect(fs.readdirSync(path.join(work, 'content')).filter((f) => f.startsWith('drm'))).toEqual([]);
  });

  it('exports the book as EPUB in both layouts, PO and DOCX, each a file a reader opens', async () => {
    const bilingual = path.join(work, 'novela.es-en.epub');
    const r = await run(['export', 'novela', '--format', 'epub', '--out', bilingual], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Written: ${bilingual}.`);
    const book = unzipSync(fs.readFileSync(bilingual));
    expect(Object.keys(book)[0]).toBe('mimetype');
    expect(strFromU8(book['OEBPS/c001.xhtml']!)).toContain('<p id="p1" class="es">Era una noche oscura.</p>');

    const english = path.join(work, 'novela.en.epub');
    expect((await run(['export', 'novela', '-f', 'epub', '--layout', 'english', '-o', english], env)).code).toBe(0);
    expect(strFromU8(unzipSync(fs.readFileSync(english))['OEBPS/package.opf']!)).toContain(
      '<dc:language>en</dc:language>',
    );

    const po = await run(['export', 'novela', '--format', 'po'], env);
    expect(po.code, po.stderr).toBe(0);
    const read = readTranslationFile(po.stdout);
    expect(read.ok && read.units.map((u) => u.source)).toEqual([
      'Capítulo I',
      'Era una noche oscura.',
      'Llovía.',
      'Capítulo III',
      'Amaneció.',
    ]);

    const docx = path.join(work, 'novela.docx');
    expect((await run(['export', 'novela', '--format', 'docx', '--out', docx], env)).code).toBe(0);
    expect(strFromU8(unzipSync(fs.readFileSync(docx))['word/document.xml']!)).toContain('Era una noche oscura.');
  });

  it('refuses --layout for a format other than EPUB (exit 2), and an unknown layout', async () => {
    const r = await run(['export', 'novela', '--format', 'tmx', '--layout', 'english'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--layout is for the EPUB export only (--format epub), not for tmx.');
    const bad = await run(['export', 'novela', '--format', 'epub', '--layout', 'sideways'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('sideways');
  });
});
