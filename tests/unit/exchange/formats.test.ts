import { describe, expect, it } from 'vitest';
import { renderBilingualHtml } from '../../../lib/exchange/bilingual-html';
import { renderEnglishText } from '../../../lib/exchange/bilingual-text';
import { renderExport } from '../../../lib/exchange/export-formats';
import { ENGLISH_LABELS } from '../../../lib/exchange/labels';
import { readTranslationFile } from '../../../lib/exchange/read-units';
import { renderTmx } from '../../../lib/exchange/tmx';
import { alignedPairs, exchangeUnits } from '../../../lib/exchange/units';
import { renderXliff12, renderXliff20 } from '../../../lib/exchange/xliff';
import { approvedRevision, documentOf, paragraph } from './doc-fixture';

const info = { toolVersion: '9.9.9', now: new Date('2025-03-04T05:06:07Z') };

const doc = documentOf([
  paragraph(0, ['Hola.', 'Adiós.'], { sentences: ['Hello.', 'Goodbye.'] }),
  paragraph(
    1,
    ['Uno.', 'Dos.', 'Tres.'],
    {
      sentences: ['One and two.', 'Three.'],
      origin: 'human',
      status: 'approved',
      alignment: [
        { source: [0, 1], target: [0], confidence: 0.9 },
        { source: [2], target: [1], confidence: 1 },
      ],
    },
    { revision: approvedRevision(7, 'One and two. Three.', 'Ana') },
  ),
  paragraph(2, ['Sin traducir.'], null),
  paragraph(3, ['Editado.'], { sentences: ['Edited.'], origin: 'human', status: 'edited' }),
]);

describe('exchange units', () => {
  it('groups sentences by alignment links, one unit per aligned group, untranslated paragraphs whole', () => {
    const units = exchangeUnits(doc);
    expect(units.map((u) => [u.paragraph, u.source, u.target, u.status])).toEqual([
      [0, 'Hola.', 'Hello.', 'machine'],
      [0, 'Adiós.', 'Goodbye.', 'machine'],
      [1, 'Uno. Dos.', 'One and two.', 'approved'],
      [1, 'Tres.', 'Three.', 'approved'],
      [2, 'Sin traducir.', null, 'machine'],
      [3, 'Editado.', 'Edited.', 'edited'],
    ]);
    expect(units[2]!.author).toBe('Ana');
  });

  it('folds 1:0 and 0:1 links into a neighbour and falls back to the paragraph when links do not cover it', () => {
    expect(
      alignedPairs(
        ['A.', 'B.', 'C.'],
        ['a.', 'c.'],
        [
          { source: [0], target: [0] },
          { source: [1], target: [] },
          { source: [2], target: [1] },
        ],
      ),
    ).toEqual([
      { source: 'A. B.', target: 'a.' },
      { source: 'C.', target: 'c.' },
    ]);
    expect(
      alignedPairs(
        ['A.'],
        ['a.', 'x.'],
        [
          { source: [0], target: [0] },
          { source: [], target: [1] },
        ],
      ),
    ).toEqual([{ source: 'A.', target: 'a. x.' }]);
    expect(alignedPairs(['A.', 'B.'], ['a.'], [{ source: [0], target: [0] }])).toBeNull();
  });
});

describe('TMX 1.4', () => {
  const tmx = renderTmx(doc, ENGLISH_LABELS, info);

  it('has the header translation tools expect', () => {
    expect(tmx).toContain('<tmx version="1.4">');
    expect(tmx).toMatch(
      /<header creationtool="Paralelo" creationtoolversion="9\.9\.9" segtype="sentence" o-tmf="Paralelo" adminlang="en" srclang="es" datatype="plaintext" creationdate="20250304T050607Z">/,
    );
  });

  it('writes one tu per aligned group, skips untranslated paragraphs, keeps status and author as props', () => {
    expect(tmx.match(/<tu /g)).toHaveLength(5);
    expect(tmx).not.toContain('Sin traducir');
    expect(tmx).toContain('<prop type="x-status">approved</prop>');
    expect(tmx).toContain('<prop type="x-author">Ana</prop>');
    expect(tmx).toContain('changedate="20250102T000000Z"');
    const read = readTranslationFile(tmx);
    expect(read.ok && read.units.map((u) => [u.source, u.target, u.status])).toEqual([
      ['Hola.', 'Hello.', 'machine'],
      ['Adiós.', 'Goodbye.', 'machine'],
      ['Uno. Dos.', 'One and two.', 'approved'],
      ['Tres.', 'Three.', 'approved'],
      ['Editado.', 'Edited.', 'edited'],
    ]);
  });
});

describe('XLIFF', () => {
  it('1.2: machine → needs-review-translation (mt-suggestion), edited → translated, approved → final + approved="yes"', () => {
    const xlf = renderXliff12(doc, ENGLISH_LABELS, info);
    expect(xlf).toContain('xmlns="urn:oasis:names:tc:xliff:document:1.2"');
    expect(xlf).toContain('source-language="es" target-language="en"');
    expect(xlf).toContain('<target state="needs-review-translation" state-qualifier="mt-suggestion">Hello.</target>');
    expect(xlf).toContain('<target state="translated">Edited.</target>');
    expect(xlf).toMatch(/<trans-unit id="p1-g0"[^>]*approved="yes"/);
    expect(xlf).toContain('<target state="final">One and two.</target>');
    // The untranslated paragraph keeps its unit, without a target.
    expect(xlf).toMatch(/<trans-unit id="p2-g0"[^>]*>\s*<source>Sin traducir\.<\/source>\s*<\/trans-unit>/);
    const read = readTranslationFile(xlf);
    expect(read.ok && read.format).toBe('xliff12');
    expect(read.ok && read.units.map((u) => u.status)).toEqual([
      'machine',
      'machine',
      'approved',
      'approved',
      null,
      'edited',
    ]);
  });

  it('2.0: a unit per paragraph, a segment per group; machine → initial, edited → translated, approved → final', () => {
    const xlf = renderXliff20(doc, ENGLISH_LABELS, info);
    expect(xlf).toContain('version="2.0" srcLang="es" trgLang="en"');
    expect(xlf).toContain('<segment id="p0-g0" state="initial" subState="paralelo:machine">');
    expect(xlf).toContain('<segment id="p1-g0" state="final" subState="paralelo:approved">');
    expect(xlf).toContain('<segment id="p3-g0" state="translated" subState="paralelo:edited">');
    expect(xlf).toMatch(/<segment id="p2-g0">\s*<source xml:space="preserve">Sin traducir\.<\/source>\s*<\/segment>/);
    expect(xlf.match(/<unit /g)).toHaveLength(4);
    const read = readTranslationFile(xlf);
    expect(read.ok && read.units.map((u) => [u.source, u.target, u.status])).toEqual([
      ['Hola.', 'Hello.', 'machine'],
      ['Adiós.', 'Goodbye.', 'machine'],
      ['Uno. Dos.', 'One and two.', 'approved'],
      ['Tres.', 'Three.', 'approved'],
      ['Sin traducir.', null, null],
      ['Editado.', 'Edited.', 'edited'],
    ]);
  });
});

describe('test-model output', () => {
  const testDoc = documentOf([
    paragraph(0, ['Hola.'], { sentences: ['qux zip zap'], testModel: true, modelId: 'test/tiny' }),
    paragraph(1, ['Nada.'], null),
  ]);

  it('is labelled in every format, never passed off as a translation', async () => {
    const tmx = renderTmx(testDoc, ENGLISH_LABELS, info);
    expect(tmx).toContain('<prop type="x-test-model">true</prop>');
    expect(tmx).toMatch(/<!-- The English comes from a generated random-weight test model/);
    const x12 = renderXliff12(testDoc, ENGLISH_LABELS, info);
    expect(x12).toContain('paralelo:test-model="true"');
    expect(x12).toContain('<note from="paralelo" annotates="target">The English comes from a generated');
    const x20 = renderXliff20(testDoc, ENGLISH_LABELS, info);
    expect(x20).toContain('<note category="paralelo:test-model" appliesTo="target">');
    for (const format of ['md', 'html', 'txt'] as const) {
      const { body } = await renderExport(testDoc, format, ENGLISH_LABELS, info);
      expect(body, format).toContain('test-model output, not a translation');
      expect(body, format).toContain('not translated yet');
    }
  });

  it('is read back as test output (memory import skips it)', () => {
    for (const xml of [
      renderTmx(testDoc, ENGLISH_LABELS, info),
      renderXliff12(testDoc, ENGLISH_LABELS, info),
      renderXliff20(testDoc, ENGLISH_LABELS, info),
    ]) {
      const read = readTranslationFile(xml);
      expect(read.ok && read.units[0]!.testModel).toBe(true);
    }
  });
});

describe('bilingual HTML and English text', () => {
  const nasty = documentOf(
    [
      paragraph(0, ['<script>alert("x")</script> & «comillas»'], {
        sentences: ['<img src=x onerror=alert(1)> & "quotes"'],
      }),
      paragraph(1, ['Sin traducir.'], null),
    ],
    { title: 'Título </title><script>' },
  );

  it('is a standalone page: escaped text, lang attributes, UTF-8, inline CSS, no external assets', () => {
    const html = renderBilingualHtml(nasty, ENGLISH_LABELS, info);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Título &lt;/title&gt;&lt;script&gt;</title>');
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/);
    expect(html).toContain('<td lang="es">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «comillas»</td>');
    expect(html).toContain('<td class="untranslated" lang="en">not translated yet</td>');
    expect(html).not.toMatch(/<[^>]*\b(src|href)=/);
    expect(html).toContain('@media print');
  });

  it('English text marks untranslated paragraphs', () => {
    expect(renderEnglishText(nasty, ENGLISH_LABELS)).toBe(
      '<img src=x onerror=alert(1)> & "quotes"\n\n(not translated yet)\n',
    );
  });

  it('gives each format a safe download name', async () => {
    expect((await renderExport(nasty, 'tmx', ENGLISH_LABELS, info)).fileName).toBe('prueba.tmx');
    expect((await renderExport(nasty, 'xliff12', ENGLISH_LABELS, info)).fileName).toBe('prueba.xlf');
    expect((await renderExport(nasty, 'html', ENGLISH_LABELS, info)).contentType).toBe('text/html; charset=utf-8');
  });
});
