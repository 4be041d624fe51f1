import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMemoryFile } from '../../../lib/exchange/memory-import';
import { readTranslationFile } from '../../../lib/exchange/read-units';

const FIXTURES = path.resolve(__dirname, '../../fixtures/exchange');

describe("translate-toolkit's own files (UD Spanish-PUD excerpt, CC BY-SA 3.0)", () => {
  it('reads the TMX by its tuv languages, although its header says srclang="en"', () => {
    const read = readTranslationFile(fs.readFileSync(path.join(FIXTURES, 'pud-excerpt.tmx'), 'utf8'));
    expect(read.ok && read.format).toBe('tmx');
    if (!read.ok) return;
    expect(read.units).toHaveLength(5);
    expect(read.units[0]!.source).toMatch(/^Aunque no haya precedentes/);
    expect(read.units[0]!.target).toMatch(/^“While much of the digital transition/);
  });

  // The XLIFF keeps translate-toolkit's PO header as a unit; the PO has it as its header entry.
  it.each([
    ['pud-excerpt.xlf', 'xliff12'],
    ['pud-excerpt.po', 'po'],
  ])('reads %s (%s) and leaves out the PO header', (file, format) => {
    const result = readMemoryFile(fs.readFileSync(path.join(FIXTURES, file)), file);
    expect(result).toMatchObject({ ok: true, format });
    if (!result.ok) return;
    expect(result.entries).toHaveLength(5);
    expect(result.skipped.header).toBe(1);
    expect(result.entries[1]).toMatchObject({
      level: 'sentence',
      sourceKey: 'Para los que sigan las transiciones de las redes sociales de Capitol Hill, esto será algo diferente.',
      target: 'For those who follow social media transitions on Capitol Hill, this will be a little different.',
    });
  });
});

describe('PO files', () => {
  it('reads fuzzy entries as machine output, skips untranslated and obsolete ones, and files for other languages', () => {
    const po = [
      'msgid ""',
      'msgstr ""',
      '"Language: en\\n"',
      '',
      '#, fuzzy',
      'msgid "Hola."',
      'msgstr "Hello."',
      '',
      'msgid "Adiós."',
      'msgstr ""',
      '',
      'msgid ""',
      '"Uno. "',
      '"Dos."',
      'msgstr "One. Two."',
      '',
      '#~ msgid "Viejo."',
      '#~ msgstr "Old."',
      '',
    ].join('\n');
    const read = readTranslationFile(po);
    expect(read.ok && read.units.map((u) => [u.source, u.target, u.status])).toEqual([
      ['Hola.', 'Hello.', 'machine'],
      ['Adiós.', null, null],
      ['Uno. Dos.', 'One. Two.', 'edited'],
    ]);
    const result = readMemoryFile(new TextEncoder().encode(po), 'm.po');
    expect(result.ok && result.skipped).toMatchObject({ untranslated: 1, header: 1 });
    expect(readMemoryFile(new TextEncoder().encode('no es un PO'), 'x.po')).toEqual({
      ok: false,
      code: 'unprocessable',
      message: 'x.po: not a PO file (no msgid entry found); Paralelo reads TMX, XLIFF and PO files.',
    });
    const french = po.replace('Language: en', 'Language: fr');
    expect(readMemoryFile(new TextEncoder().encode(french), 'fr.po')).toMatchObject({
      ok: true,
      entries: [],
      skipped: { language: 3 },
    });
  });
});

describe('readMemoryFile', () => {
  it('skips untranslated, empty, test-model and repeated units, counting each reason', () => {
    const tmx = `<?xml version="1.0"?><tmx version="1.4"><header srclang="es" adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
      <tu><tuv xml:lang="es"><seg>Hola.</seg></tuv><tuv xml:lang="en"><seg>Hello.</seg></tuv></tu>
      <tu><tuv xml:lang="es"><seg>Hola.</seg></tuv><tuv xml:lang="en"><seg>Hi.</seg></tuv></tu>
      <tu><tuv xml:lang="es"><seg>Solo.</seg></tuv></tu>
      <tu><tuv xml:lang="es"><seg>Vacío.</seg></tuv><tuv xml:lang="en"><seg>  </seg></tuv></tu>
      <tu><prop type="x-test-model">true</prop><tuv xml:lang="es"><seg>Prueba.</seg></tuv><tuv xml:lang="en"><seg>zzz</seg></tuv></tu>
      <tu><tuv xml:lang="fr"><seg>Bonjour.</seg></tuv><tuv xml:lang="en"><seg>Hello.</seg></tuv></tu>
      <tu><tuv xml:lang="es-ES"><seg>Uno. Dos.</seg></tuv><tuv xml:lang="en-GB"><seg>One. Two.</seg></tuv></tu>
    </body></tmx>`;
    const result = readMemoryFile(new TextEncoder().encode(tmx), 'm.tmx');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entries).toEqual([
      { level: 'sentence', sourceKey: 'Hola.', target: 'Hello.', approved: false },
      { level: 'paragraph', sourceKey: 'Uno. Dos.', target: 'One. Two.', approved: false },
    ]);
    expect(result.skipped).toEqual({ untranslated: 1, empty: 1, testModel: 1, header: 0, language: 1, duplicate: 1 });
  });

  it('refuses what is not XML, or not TMX/XLIFF, with the reason', () => {
    const bad = readMemoryFile(new TextEncoder().encode('<tmx><body>'), 'roto.tmx');
    expect(bad).toMatchObject({ ok: false, code: 'unprocessable' });
    expect(!bad.ok && bad.message).toMatch(/^roto\.tmx: not well-formed XML/);
    expect(readMemoryFile(new TextEncoder().encode('<html/>'), 'x.xlf')).toMatchObject({
      ok: false,
      code: 'unprocessable',
    });
  });
});
