import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../lib/content/decode-text';
import { convertImport } from '../../../lib/exchange/import-source';
import { readMemoryFile } from '../../../lib/exchange/memory-import';

const utf8 = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('decodeText', () => {
  it('reads UTF-8, and Windows-1252 only when no byte sequence of the file is UTF-8, saying which it used', () => {
    expect(decodeText(utf8('El año de la niña.'))).toEqual({ ok: true, text: 'El año de la niña.', encoding: 'utf-8' });
    expect(decodeText(latin1('El año de la niña.'))).toEqual({
      ok: true,
      text: 'El año de la niña.',
      encoding: 'windows-1252',
    });
  });

  it('refuses a UTF-8 file with one invalid byte, naming its line, instead of decoding it all as Windows-1252', () => {
    const bytes = join(utf8('El año.\nOtra línea.\nMal: '), Uint8Array.from([0xf1]), utf8(' fin.\n'));
    expect(decodeText(bytes)).toMatchObject({ ok: false, code: 'encoding', line: 3 });
    // Wherever the bad byte sits, before or after the UTF-8 text.
    const first = join(utf8('Mal: '), Uint8Array.from([0xe9]), utf8('\nEl año.'));
    expect(decodeText(first)).toMatchObject({ ok: false, code: 'encoding', line: 1 });
  });

  it('never answers a wrong "aÃ±o" for any text in UTF-8 with a stray byte put in', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.integer({ min: 0x80, max: 0xff }),
        fc.nat(),
        (text, byte, at) => {
          const good = utf8(`ñ${text}`);
          const i = 2 + (at % (good.length - 1));
          const bytes = join(good.subarray(0, i), Uint8Array.from([byte]), good.subarray(i));
          const decoded = decodeText(bytes);
          if (decoded.ok) expect(decoded.text).not.toContain('Ã±');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('says so in an import and a memory file', async () => {
    const mixed = join(utf8('Hola, año.\n\nAdiós '), Uint8Array.from([0xe9]));
    expect(await convertImport({ bytes: mixed, fileName: 'carta.txt' })).toMatchObject({
      ok: false,
      code: 'encoding',
      line: 3,
      message: expect.stringContaining('carta.txt: line 3'),
    });
    expect(await convertImport({ bytes: latin1('Hola, año.'), fileName: 'carta.txt' })).toMatchObject({
      ok: true,
      encoding: 'windows-1252',
    });
    const po = join(utf8('msgid "año"\nmsgstr "year"\n\nmsgid "b'), Uint8Array.from([0xe9]), utf8('"\nmsgstr "x"\n'));
    expect(readMemoryFile(po, 'm.po')).toMatchObject({ ok: false, code: 'encoding', line: 4 });
  });
});
