import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bookIdentifier, renderEpub } from '../../../lib/exchange/epub-export';
import { epubToBlocks } from '../../../lib/exchange/epub-import';
import { renderExport } from '../../../lib/exchange/export-formats';
import { ENGLISH_LABELS } from '../../../lib/exchange/labels';
import { documentOf, sampleBook as book } from './doc-fixture';

const info = { toolVersion: '9.9.9', now: new Date('2025-03-04T05:06:07.890Z') };

function files(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

describe('EPUB export: the package', () => {
  const bytes = renderEpub(book, 'bilingual', ENGLISH_LABELS, info);
  const zip = files(bytes);

  it('starts with the stored mimetype, as the OCF container requires', async () => {
    // Local header of the first entry: its name at byte 30, compression method 0 (stored) at byte 8.
    expect(strFromU8(bytes.subarray(30, 38))).toBe('mimetype');
    expect(bytes[8]).toBe(0);
    expect(strFromU8(bytes.subarray(38, 58))).toBe('application/epub+zip');
    expect(zip['META-INF/container.xml']).toContain('full-path="OEBPS/package.opf"');
  });

  it('declares both languages, a stable identifier, the date, and the test-model notice', async () => {
    const opf = zip['OEBPS/package.opf']!;
    expect(opf).toContain('<dc:language>es</dc:language>');
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toContain('<dc:title xml:lang="es">Don Quijote &lt;y&gt; Sancho</dc:title>');
    expect(opf).toContain('<meta property="dcterms:modified">2025-03-04T05:06:07Z</meta>');
    expect(opf).toContain(`<dc:identifier id="uid">${bookIdentifier('prueba', 'bilingual')}</dc:identifier>`);
    expect(bookIdentifier('prueba', 'bilingual')).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(bookIdentifier('prueba', 'english')).not.toBe(bookIdentifier('prueba', 'bilingual'));
    expect(opf).toContain(`<dc:description>${ENGLISH_LABELS.testModelNote}</dc:description>`);
    expect(zip['OEBPS/title.xhtml']).toContain(ENGLISH_LABELS.testModelNote);
  });

  it('has a page per chapter as in the source, and nested contents in the nav and the NCX', async () => {
    expect(Object.keys(zip).filter((n) => /^OEBPS\/c\d+\.xhtml$/.test(n))).toEqual([
      'OEBPS/c001.xhtml',
      'OEBPS/c002.xhtml',
    ]);
    const nav = zip['OEBPS/nav.xhtml']!;
    expect(nav).toContain(
      '<ol><li><a href="c001.xhtml#p0">Primera parte</a><ol><li><a href="c001.xhtml#p1">Capítulo I</a></li><li><a href="c002.xhtml#p4">Capítulo II</a></li></ol></li></ol>',
    );
    const ncx = zip['OEBPS/toc.ncx']!;
    expect(ncx).toMatch(
      /<navPoint id="n1" playOrder="1">\s*<navLabel>\s*<text>Primera parte<\/text>[\s\S]*<navPoint id="n2" playOrder="2">/,
    );
    expect(ncx).toContain('<meta name="dtb:depth" content="2"/>');
  });
});

describe('EPUB export: the pages', () => {
  it('bilingual: each Spanish paragraph then its English in a blockquote, each with its lang, everything escaped', async () => {
    const zip = files(renderEpub(book, 'bilingual', ENGLISH_LABELS, info));
    const c1 = zip['OEBPS/c001.xhtml']!;
    expect(c1).toContain(
      '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="es" xml:lang="es">',
    );
    expect(c1).toContain(
      '<h2 id="p0" lang="es" xml:lang="es">Primera parte</h2><p class="en-heading" lang="en" xml:lang="en">First part</p>',
    );
    expect(c1).toContain(
      '<p id="p2" class="es">En un lugar &lt;b&gt;&amp;&lt;/b&gt; «Mancha». Dos.</p><blockquote class="en" lang="en" xml:lang="en"><p>In a village &lt;b&gt;&amp;&lt;/b&gt; "Mancha". Two.</p></blockquote>',
    );
    expect(c1).toContain(
      '<blockquote class="en untranslated" lang="en" xml:lang="en"><p><span class="label" lang="en" xml:lang="en">(not translated yet)</span></p></blockquote>',
    );
    const c2 = zip['OEBPS/c002.xhtml']!;
    expect(c2).toContain(
      '<blockquote class="en test-model" lang="en" xml:lang="en"><p><span class="label" lang="en" xml:lang="en">[test-model output, not a translation] </span>qux zip</p></blockquote>',
    );
    // A character XML cannot carry is dropped, not written raw.
    expect(c2).toContain('<p id="p5" class="es">Prueba rara.</p>');
    expect(zip['OEBPS/style.css']).toContain('blockquote.en');
  });

  it('english: the English alone; an untranslated paragraph keeps its Spanish, labelled and marked as Spanish', async () => {
    const zip = files(renderEpub(book, 'english', ENGLISH_LABELS, info));
    const c1 = zip['OEBPS/c001.xhtml']!;
    expect(c1).toContain('lang="en" xml:lang="en"><head>');
    expect(c1).not.toContain('Primera parte');
    expect(c1).toContain('<h2 id="p0">First part</h2><h3 id="p1">Chapter I</h3><p id="p2">In a village');
    expect(c1).toContain(
      '<p id="p3" class="untranslated" lang="es" xml:lang="es"><span class="label" lang="en" xml:lang="en">(not translated yet) </span>Sin traducir.</p>',
    );
    expect(zip['OEBPS/nav.xhtml']).toContain('<a href="c001.xhtml#p0">First part</a>');
    expect(zip['OEBPS/package.opf']).not.toContain('<dc:language>es</dc:language>');
  });

  it('labels in the language asked for, with that lang on them', async () => {
    const es = { ...ENGLISH_LABELS, lang: 'es', untranslated: 'sin traducir todavía' };
    const zip = files(renderEpub(book, 'bilingual', es, info));
    expect(zip['OEBPS/c001.xhtml']).toContain(
      '<span class="label" lang="es" xml:lang="es">(sin traducir todavía)</span>',
    );
    const rendered = await renderExport(book, 'epub', es, info, { layout: 'english' });
    expect(rendered).toMatchObject({
      contentType: 'application/epub+zip',
      fileName: 'prueba.en.epub',
      testModel: true,
    });
    expect((await renderExport(book, 'epub', es, info)).fileName).toBe('prueba.es-en.epub');
  });
});

describe('EPUB export read back by the EPUB import', () => {
  it('gives back the chapters as headings and every paragraph, Spanish then English', async () => {
    const read = await epubToBlocks(renderEpub(book, 'bilingual', ENGLISH_LABELS, info));
    if (!read.ok) throw new Error(read.message);
    expect(read.title).toBe('Don Quijote <y> Sancho');
    expect(read.blocks.map((b) => (b.kind === 'heading' ? `h${b.level} ${b.text}` : b.text))).toEqual([
      'h2 Primera parte',
      'First part',
      'h3 Capítulo I',
      'Chapter I',
      'En un lugar <b>&</b> «Mancha». Dos.',
      'In a village <b>&</b> "Mancha". Two.',
      'Sin traducir.',
      '(not translated yet)',
      'h3 Capítulo II',
      '(not translated yet)',
      'Prueba rara.',
      '[test-model output, not a translation] qux zip',
    ]);
    expect(read.removed).toEqual([
      'title page (OEBPS/title.xhtml)',
      '1 style sheet of the EPUB (only its text is imported)',
    ]);
    expect(read.skipped).toEqual([]);
  });

  it('makes a valid book of a document without headings or paragraphs', async () => {
    const empty = documentOf([]);
    const zip = files(renderEpub(empty, 'bilingual', ENGLISH_LABELS, info));
    expect(zip['OEBPS/c001.xhtml']).toContain('<section epub:type="chapter"></section>');
    expect(zip['OEBPS/nav.xhtml']).toContain('<a href="c001.xhtml">Prueba</a>');
  });
});
