import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { epubToBlocks } from '../../../lib/exchange/epub-import';
import { convertImport } from '../../../lib/exchange/import-source';
import { buildEpub, type EpubSpec } from './epub-builder';

async function read(spec: EpubSpec) {
  const result = await epubToBlocks(buildEpub(spec));
  if (!result.ok) throw new Error(result.message);
  return result;
}

const texts = (r: { blocks: { kind: string; text: string; level?: number }[] }) =>
  r.blocks.map((b) => (b.kind === 'heading' ? `${'#'.repeat(b.level ?? 1)} ${b.text}` : b.text));

describe('EPUB import: reading order and chapters', () => {
  it('reads the spine in order, whatever the archive order, with the navigation titles as headings', async () => {
    const result = await read({
      title: 'El libro',
      creator: 'Ana Autora',
      publisher: 'Editorial Prueba',
      chapters: [
        { file: 'uno.xhtml', title: 'Capítulo primero', body: '<p>Primer párrafo.</p><p>Segundo párrafo.</p>' },
        {
          file: 'dos.xhtml',
          title: 'Capítulo II',
          body: '<h1>Capítulo II</h1><p>Texto del dos.</p><h2 id="s1">Una sección</h2><p>Dentro de la sección.</p>',
          sections: [{ fragment: 's1', title: 'Una sección' }],
        },
      ],
      // The archive holds uno before dos; the spine says dos first.
      editOpf: (opf) => opf.replace(/(<itemref idref="i-uno-xhtml"\/>)(<itemref idref="i-dos-xhtml"\/>)/, '$2$1'),
    });
    expect(texts(result)).toEqual([
      '## Capítulo II',
      'Texto del dos.',
      '### Una sección',
      'Dentro de la sección.',
      '## Capítulo primero',
      'Primer párrafo.',
      'Segundo párrafo.',
    ]);
    expect(result.title).toBe('El libro');
    expect(result.source).toBe('Ana Autora; Editorial Prueba');
    expect(result.skipped).toEqual([]);
  });

  it('reads an EPUB 2 with an NCX, the XHTML 1.1 doctype, HTML entities and self-closing anchors', async () => {
    const result = await read({
      version: '2.0',
      chapters: [
        {
          file: 'cap1.xhtml',
          title: 'Capítulo I',
          body: '<h2 class="chapter">Capítulo&nbsp;I</h2><p>En un lugar<a id="p1"/> de la Mancha &mdash;dijo&mdash; &amp; &lt;nada&gt;.</p>',
        },
        { file: 'cap2.xhtml', title: 'Capítulo II', body: '<div><p>Otro <span>texto</span><br/>partido.</p></div>' },
      ],
    });
    expect(texts(result)).toEqual([
      '## Capítulo\u00a0I',
      'En un lugar de la Mancha —dijo— & <nada>.',
      '## Capítulo II',
      'Otro texto partido.',
    ]);
  });

  it('reads auxiliary spine items (linear="no") after the reading order', async () => {
    const result = await read({
      chapters: [
        { file: 'pop.xhtml', body: '<p>Ventana emergente.</p>', linear: false },
        { file: 'a.xhtml', body: '<p>Texto.</p>' },
      ],
      contents: 'none',
    });
    expect(texts(result)).toEqual(['Texto.', 'Ventana emergente.']);
  });

  it('matches a contents title to the heading it names, and only at a word boundary', async () => {
    const result = await read({
      chapters: [
        {
          file: 'a.xhtml',
          title: 'Capítulo I. Que trata de la condición del hidalgo',
          body: '<h2>Capítulo I</h2><p>Texto uno.</p>',
        },
        { file: 'b.xhtml', title: 'Introducción', body: '<h3>I</h3><p>Texto dos.</p>' },
      ],
    });
    expect(texts(result)).toEqual(['## Capítulo I', 'Texto uno.', '## Introducción', '#### I', 'Texto dos.']);
  });

  it('without navigation still imports, headings from the text, and says the contents were missing', async () => {
    const result = await read({
      contents: 'none',
      chapters: [{ file: 'a.xhtml', body: '<h1>Prólogo</h1><p>Texto.</p>' }],
    });
    expect(texts(result)).toEqual(['## Prólogo', 'Texto.']);
    expect(result.skipped).toEqual([expect.stringContaining('table of contents (no navigation document or NCX')]);
  });
});

describe('EPUB import: footnotes', () => {
  it('moves footnotes after their chapter, each a paragraph led by its mark, in every common markup', async () => {
    const result = await read({
      chapters: [
        {
          file: 'c1.xhtml',
          title: 'Uno',
          body:
            '<p>Un hidalgo<a epub:type="noteref" href="#n1">1</a> de los de lanza.</p>' +
            '<aside epub:type="footnote" id="n1"><p>Hidalgo: noble de clase baja.</p></aside>' +
            '<p>Y un rocín<a href="#fn2" class="footnote-ref" role="doc-noteref"><sup>2</sup></a> flaco.</p>' +
            '<section class="footnotes" role="doc-endnotes"><hr/><ol><li id="fn2" role="doc-endnote"><p>Rocín: caballo de mala traza.<a href="#r2" class="footnote-back" role="doc-backlink">↩︎</a></p></li></ol></section>',
        },
        {
          file: 'c2.xhtml',
          title: 'Dos',
          body:
            '<p>Astillero<sup><a href="#w3">3</a></sup> y galgo<a epub:type="noteref" href="#w9"><img src="n.png" alt=""/></a>.</p>' +
            '<p>Adarga antigua<a href="#g4" class="fnanchor">[4]</a>.</p>' +
            '<div class="footnote"><p><a id="g4"></a><a href="#r4">[4]</a> Adarga: escudo de cuero.</p></div>' +
            '<p id="w3">Astillero: percha para las lanzas.</p>',
        },
      ],
    });
    expect(texts(result)).toEqual([
      '## Uno',
      'Un hidalgo[1] de los de lanza.',
      'Y un rocín[2] flaco.',
      '[1] Hidalgo: noble de clase baja.',
      '[2] Rocín: caballo de mala traza.',
      '## Dos',
      'Astillero[3] y galgo.',
      'Adarga antigua[4].',
      '[4] Adarga: escudo de cuero.',
      '[3] Astillero: percha para las lanzas.',
    ]);
  });

  it('gives endnotes in a later file the marks of their references', async () => {
    const result = await read({
      chapters: [
        { file: 'c1.xhtml', title: 'Uno', body: '<p>Texto<a epub:type="noteref" href="notas.xhtml#e1">*</a>.</p>' },
        {
          file: 'notas.xhtml',
          title: 'Notas',
          body: '<section epub:type="endnotes"><h1>Notas</h1><ol><li epub:type="endnote" id="e1"><p>Una nota.</p></li></ol></section>',
        },
      ],
    });
    expect(texts(result)).toEqual(['## Uno', 'Texto[*].', '## Notas', '[*] Una nota.']);
  });
});

describe('EPUB import: front matter and what is not text', () => {
  it('leaves out cover, title page, contents, copyright page, images and styles, saying so', async () => {
    const result = await read({
      title: 'Novela',
      navInSpine: true,
      chapters: [
        { file: 'cover.xhtml', body: '<div><img src="cover.jpg" alt="Cubierta"/></div>' },
        { file: 'title.xhtml', bodyAttrs: 'epub:type="titlepage"', body: '<h1>Novela</h1><p>Ana Autora</p>' },
        {
          file: 'legal.xhtml',
          body: '<p>© 2024 Editorial Prueba. Reservados todos los derechos.</p><p>ISBN 978-84-000-0000-0</p>',
        },
        { file: 'c1.xhtml', title: 'Uno', body: '<p>El texto <img src="fig.png" alt="figura"/>de verdad.</p>' },
      ],
      guide: [{ type: 'cover', href: 'cover.xhtml' }],
      files: {
        'OEBPS/style.css': 'p { color: red }',
        'OEBPS/cover.jpg': new Uint8Array(8),
        'OEBPS/fig.png': new Uint8Array(8),
      },
    });
    expect(texts(result)).toEqual(['## Uno', 'El texto de verdad.']);
    expect(result.removed).toEqual([
      'table of contents (OEBPS/nav.xhtml)',
      'title page (OEBPS/title.xhtml)',
      'copyright page (OEBPS/legal.xhtml)',
      '2 images, 1 style sheet of the EPUB (only its text is imported)',
    ]);
  });

  it("drops Project Gutenberg's header and licence, as sections and as text markers", async () => {
    const sections = await read({
      chapters: [
        {
          file: 'c1.xhtml',
          title: 'Uno',
          body: '<section class="pg-boilerplate pgheader" id="pg-header"><p>The Project Gutenberg eBook of Don Quijote</p></section><p>En un lugar de la Mancha.</p><section class="pg-boilerplate" id="pg-footer"><p>Licence text</p></section>',
        },
      ],
    });
    expect(texts(sections)).toEqual(['## Uno', 'En un lugar de la Mancha.']);
    expect(sections.removed).toEqual(['Project Gutenberg header', 'Project Gutenberg licence footer']);
    const footerOnly = await read({
      chapters: [
        {
          file: 'c1.xhtml',
          body: '<p>Texto.</p><section class="pg-boilerplate"><p>Licence</p></section>',
          title: 'Uno',
        },
      ],
    });
    expect(footerOnly.removed).toEqual(['Project Gutenberg licence footer']);
    const markers = await read({
      chapters: [
        {
          file: 'c1.xhtml',
          body: '<p>The Project Gutenberg EBook of Don Quijote</p><p>*** START OF THE PROJECT GUTENBERG EBOOK DON QUIJOTE ***</p><p>En un lugar.</p><p>*** END OF THE PROJECT GUTENBERG EBOOK DON QUIJOTE ***</p><p>Licence.</p>',
        },
      ],
      contents: 'none',
    });
    expect(texts(markers)).toEqual(['En un lugar.']);
    expect(markers.removed).toEqual([
      'Project Gutenberg header (2 paragraphs, up to "*** START OF THE PROJECT GUTENBERG EBOOK DON QUIJOTE ***")',
      'Project Gutenberg licence footer (2 paragraphs, from "*** END OF THE PROJECT GUTENBERG EBOOK DON QUIJOTE ***")',
    ]);
  });
});

describe('EPUB import: damaged books import what they can', () => {
  it('skips a spine item missing from the archive and reads broken XHTML leniently, listing both', async () => {
    const result = await read({
      chapters: [
        { file: 'c1.xhtml', title: 'Uno', body: '<p>Uno.</p>' },
        { file: 'c2.xhtml', title: 'Dos', body: '<p>Dos.</p>' },
        { file: 'c3.xhtml', title: 'Tres', raw: '<html><body><p>Tres <b>sin cerrar.<p>Otro</body>' },
      ],
      missing: ['c2.xhtml'],
    });
    expect(texts(result)).toEqual(['## Uno', 'Uno.', '## Tres', 'Tres sin cerrar.', 'Otro']);
    expect(result.skipped).toEqual([
      'OEBPS/c2.xhtml: listed in the spine, missing from the archive',
      expect.stringMatching(
        /^OEBPS\/c3\.xhtml: not well-formed XHTML \(line 1: .+\); read leniently, check the chapter$/,
      ),
    ]);
  });

  it('skips spine entries that are not in the manifest or not XHTML', async () => {
    const result = await read({
      chapters: [{ file: 'c1.xhtml', title: 'Uno', body: '<p>Uno.</p>' }],
      files: { 'OEBPS/pic.png': new Uint8Array(4) },
      editOpf: (opf) => opf.replace('</spine>', '<itemref idref="ghost"/><itemref idref="i-pic-png"/></spine>'),
    });
    expect(texts(result)).toEqual(['## Uno', 'Uno.']);
    expect(result.skipped).toEqual([
      'spine entry "ghost": not in the package\'s manifest',
      'OEBPS/pic.png: not XHTML (image/png)',
    ]);
  });
});

describe('EPUB import: refused with a clear message', () => {
  const chapters = [{ file: 'c1.xhtml', title: 'Uno', body: '<p>Uno.</p>' }];
  const encryption = (algorithm: string) =>
    `<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="${algorithm}"/><enc:CipherData><enc:CipherReference URI="OEBPS/c1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>`;

  it('refuses a DRM-protected book, and reads one whose fonts only are obfuscated', async () => {
    const drm = await epubToBlocks(
      buildEpub({ chapters, encryption: encryption('http://www.w3.org/2001/04/xmlenc#aes128-cbc') }),
    );
    expect(drm).toMatchObject({ ok: false, code: 'unreadable' });
    expect(!drm.ok && drm.message).toMatch(
      /protected by DRM: META-INF\/encryption\.xml lists 1 encrypted file\(s\), such as OEBPS\/c1\.xhtml/,
    );
    expect(!drm.ok && drm.message).toContain('import a DRM-free edition');
    const converted = await convertImport({
      bytes: buildEpub({ chapters, encryption: encryption('http://www.w3.org/2001/04/xmlenc#aes128-cbc') }),
      fileName: 'libro.epub',
    });
    expect(!converted.ok && converted.message).toMatch(
      /^libro\.epub: it is protected by DRM: .*a DRM-free edition of it\.$/,
    );
    expect(
      await epubToBlocks(buildEpub({ chapters, encryption: encryption('http://www.idpf.org/2008/embedding') })),
    ).toMatchObject({ ok: true });
  });

  it('refuses XML entity declarations in the package and in a chapter', async () => {
    const laughs = '<!DOCTYPE package [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>';
    const opf = await epubToBlocks(buildEpub({ chapters, editOpf: (o) => o.replace('<package', `${laughs}<package`) }));
    expect(opf).toMatchObject({ ok: false, code: 'unreadable' });
    expect(!opf.ok && opf.message).toMatch(/^OEBPS\/content\.opf: it declares XML entities/);
    const chapter = await epubToBlocks(
      buildEpub({
        chapters: [
          {
            file: 'c1.xhtml',
            raw: `<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x "xx">]><html><body><p>&x;</p></body></html>`,
          },
        ],
      }),
    );
    expect(!chapter.ok && chapter.message).toMatch(/^OEBPS\/c1\.xhtml: it declares XML entities/);
  });

  it('refuses a package path that leaves the archive', async () => {
    const result = await epubToBlocks(
      buildEpub({ chapters, editOpf: (o) => o.replace('href="c1.xhtml"', 'href="../../../etc/passwd"') }),
    );
    expect(result).toMatchObject({ ok: false, code: 'unreadable' });
    expect(!result.ok && result.message).toContain('"../../../etc/passwd", a path that leaves the archive');
  });

  it('refuses a zip bomb (a chapter that unpacks past its declared size)', async () => {
    const big = buildEpub({ chapters: [{ file: 'c1.xhtml', title: 'Uno', body: `<p>${'a'.repeat(4_000_000)}</p>` }] });
    const bomb = big.slice();
    const view = new DataView(bomb.buffer);
    const name = strToU8('OEBPS/c1.xhtml');
    for (let i = 0; i + 46 < bomb.length; i++)
      if (view.getUint32(i, true) === 0x02014b50 && name.every((b, k) => bomb[i + 46 + k] === b))
        view.setUint32(i + 24, 1000, true);
    const result = await epubToBlocks(bomb);
    expect(result).toMatchObject({ ok: false, code: 'unreadable' });
    expect(!result.ok && result.message).toMatch(
      /^OEBPS\/c1\.xhtml unpacks to more than its archive declares \(too many bytes in the stream\. expected 1000\. .*\): a zip bomb, refused$/,
    );
  });

  it('says when the file is not a ZIP archive or has no package document', async () => {
    expect(await epubToBlocks(strToU8('<html>no</html>'))).toMatchObject({ ok: false, code: 'binary' });
    const converted = await convertImport({ bytes: strToU8('hola'), fileName: 'libro.epub' });
    expect(converted).toMatchObject({
      ok: false,
      code: 'binary',
      message: 'libro.epub: it is not an EPUB file (not a ZIP archive).',
    });
    const noOpf = buildEpub({ chapters, editOpf: () => '' });
    expect(await epubToBlocks(noOpf)).toMatchObject({ ok: false, code: 'unreadable' });
  });
});

describe('EPUB import through convertImport', () => {
  it('is chosen by the .epub name and returns kind, title, removed and skipped', async () => {
    const result = await convertImport({
      bytes: buildEpub({
        title: 'Título del libro',
        chapters: [{ file: 'c1.xhtml', title: 'Uno', body: '<p>Hola.</p>' }],
        missing: [],
      }),
      fileName: 'Libro.EPUB',
    });
    expect(result).toMatchObject({ ok: true, kind: 'epub', title: 'Título del libro', skipped: [] });
  });
});
