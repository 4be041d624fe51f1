import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { renderDocx } from '../../../lib/exchange/docx-export';
import { renderExport } from '../../../lib/exchange/export-formats';
import { ENGLISH_LABELS } from '../../../lib/exchange/labels';
import { poDate, renderPo } from '../../../lib/exchange/po';
import { readTranslationFile } from '../../../lib/exchange/read-units';
import { parseXml } from '../../../lib/exchange/xml';
import { documentOf, paragraph, sampleBook } from './doc-fixture';

const info = { toolVersion: '9.9.9', now: new Date('2025-03-04T05:06:07Z') };

describe('PO export', () => {
  const po = renderPo(sampleBook, ENGLISH_LABELS, info);

  it('has a header naming the languages, the tool and the date', () => {
    expect(po).toMatch(/^# Don Quijote <y> Sancho\n# The English comes from a generated random-weight test model/);
    const header = /^msgid ""\nmsgstr "(.*)"$/m.exec(po)![1]!.split('\\n');
    expect(header).toEqual([
      'Project-Id-Version: Don Quijote <y> Sancho',
      `PO-Revision-Date: ${poDate(info.now)}`,
      'Language: en',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      'X-Generator: Paralelo 9.9.9',
      'X-Source-Language: es',
      '',
    ]);
    expect(poDate(info.now)).toBe('2025-03-04 05:06+0000');
  });

  it("marks machine output fuzzy and a person's approval not, with where each came from", () => {
    expect(po).toContain(
      '#: prueba.md:1\n#. paralelo: machine\n#, fuzzy\nmsgctxt "p0-g0"\nmsgid "Primera parte"\nmsgstr "First part"',
    );
    expect(po).toContain(
      '#: prueba.md:3\n#. paralelo: approved (human, Ana)\nmsgctxt "p2-g0"\nmsgid "En un lugar <b>&</b> «Mancha»."\nmsgstr "In a village <b>&</b> \\"Mancha\\"."',
    );
    expect(po).toContain('#. paralelo: untranslated\nmsgctxt "p3-g0"\nmsgid "Sin traducir."\nmsgstr ""');
  });

  it('never offers test-model output as a translation: the entry stays untranslated, the output in a comment', () => {
    expect(po).toContain(
      '#. [test-model output, not a translation] qux zip\n#. The English comes from a generated random-weight test model: it is meaningless and is not a translation.\nmsgctxt "p5-g0"\nmsgid "Prueba rara."\nmsgstr ""',
    );
    const read = readTranslationFile(po);
    if (!read.ok) throw new Error(read.message);
    expect(read.units.find((u) => u.source === 'Prueba rara.')).toMatchObject({ target: null });
  });

  it('keeps a sentence that appears twice as two entries', () => {
    const doc = documentOf([
      paragraph(0, ['—¿Cómo?'], { sentences: ['"How?"'] }),
      paragraph(1, ['—¿Cómo?'], { sentences: ['"What?"'], origin: 'human', status: 'edited' }),
    ]);
    const read = readTranslationFile(renderPo(doc, ENGLISH_LABELS, info));
    expect(read.ok && read.units.map((u) => [u.source, u.target, u.status])).toEqual([
      ['—¿Cómo?', '"How?"', 'machine'],
      ['—¿Cómo?', '"What?"', 'edited'],
    ]);
  });
});

describe('DOCX export', () => {
  it('is a two-column table, Spanish beside English, read back by mammoth', async () => {
    const bytes = await renderDocx(sampleBook, ENGLISH_LABELS, info);
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    expect(html).toContain(
      '<thead><tr><th><p><strong>Spanish</strong></p></th><th><p><strong>English</strong></p></th></tr></thead>',
    );
    expect(html).toContain(
      '<tr><td><p><strong>Primera parte</strong></p></td><td><p><strong>First part</strong></p></td></tr>',
    );
    expect(html).toContain(
      '<tr><td><p>En un lugar &lt;b&gt;&amp;&lt;/b&gt; «Mancha». Dos.</p></td><td><p>In a village &lt;b&gt;&amp;&lt;/b&gt; "Mancha". Two.</p></td></tr>',
    );
    expect(html).toContain('<td><p>Sin traducir.</p></td><td><p><em>(not translated yet)</em></p></td>');
    expect(html).toContain('<strong>[test-model output, not a translation] </strong><em>qux zip</em>');
    expect(html).toContain(`<p><strong>${ENGLISH_LABELS.testModelNote}</strong></p>`);
    expect(html.match(/<tr>/g)).toHaveLength(7);
  });

  it('is well-formed WordprocessingML: languages on the runs, the header row repeated, no control characters', async () => {
    const files = unzipSync(await renderDocx(sampleBook, ENGLISH_LABELS, info));
    for (const name of ['[Content_Types].xml', 'word/document.xml', 'docProps/core.xml'])
      expect(() => parseXml(strFromU8(files[name]!)), name).not.toThrow();
    const document = strFromU8(files['word/document.xml']!);
    expect(document).toContain('<w:tblHeader/>');
    expect(document).toContain('<w:lang w:val="es"/>');
    expect(document).toContain('<w:lang w:val="en"/>');
    expect(document).toContain('Prueba rara.');
    expect(strFromU8(files['docProps/core.xml']!)).toContain('<dc:title>Don Quijote &lt;y&gt; Sancho</dc:title>');
  });

  it('is offered with its media type and name', async () => {
    const rendered = await renderExport(sampleBook, 'docx', ENGLISH_LABELS, info);
    expect(rendered).toMatchObject({
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      fileName: 'prueba.es-en.docx',
      testModel: true,
    });
    expect(typeof rendered.body).not.toBe('string');
  });
});
