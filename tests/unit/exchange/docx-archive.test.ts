import { describe, expect, it } from 'vitest';
import { MAX_DOCX_UNCOMPRESSED, readDocxArchive } from '../../../lib/exchange/docx-archive';
import { convertImport } from '../../../lib/exchange/import-source';
import { hangBoundMs } from '../../helpers/hang-bound';
import { buildZip, documentXml, docxFrame, packPart } from '../../helpers/hostile-zip';

const MB = 1024 * 1024;
// document.xml of 100 MB of text (over the 64 MB cap) deflates to about 100 KB.
const bomb = () => documentXml('Hola ', { chunk: 'a'.repeat(MB), times: 100 });
// A refusal takes 0.1-0.8 s here: the bound catches a reader that inflates the bomb to its end, not a slow machine.
const HANG_MS = hangBoundMs(1_000);

async function timedImport(bytes: Buffer) {
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  const result = await convertImport({ bytes, fileName: 'informe.docx' });
  return { result, ms: performance.now() - started, grewMb: (process.memoryUsage().rss - rss) / MB };
}

describe('DOCX archives that lie', () => {
  it('reads an honest DOCX, in ZIP64 form too', async () => {
    const parts = [...(await docxFrame()), await documentXml('Hola, mundo.')];
    for (const zip64 of [false, true]) {
      const { result } = await timedImport(buildZip(parts, { zip64 }));
      expect(result, `zip64: ${zip64}`).toMatchObject({
        ok: true,
        blocks: [{ kind: 'paragraph', text: 'Hola, mundo.' }],
      });
    }
  });

  it('refuses a zip bomb by the bytes that come out, with honest headers', async () => {
    expect(MAX_DOCX_UNCOMPRESSED).toBeLessThan(100 * MB);
    const zip = buildZip([...(await docxFrame()), await bomb()]);
    expect(zip.length).toBeLessThan(MB);
    const { result, ms } = await timedImport(zip);
    expect(result).toMatchObject({
      ok: false,
      code: 'unreadable',
      message: expect.stringContaining('unpacks to more than'),
    });
    expect(ms).toBeLessThan(HANG_MS);
  });

  it('refuses the bomb whose headers (local, central, ZIP64) say it is small, inflating no more than the cap', async () => {
    const parts = [...(await docxFrame()), await bomb()];
    for (const zip64 of [false, true]) {
      const zip = buildZip(parts, { zip64, declaredSize: (p) => (p.name === 'word/document.xml' ? 1000 : p.size) });
      const { result, ms, grewMb } = await timedImport(zip);
      expect(result, `zip64: ${zip64}`).toMatchObject({ ok: false, code: 'unreadable' });
      expect(ms).toBeLessThan(HANG_MS);
      // Far below the 100 MB that a reader trusting the real stream to its end would hold.
      expect(grewMb).toBeLessThan(90);
    }
  });

  it('never reads a part that an end record under-counting its entries hides', async () => {
    // Counted: the frame only. Hidden after it: the bomb, which JSZip (inside mammoth) would find and inflate.
    const zip = buildZip([...(await docxFrame()), await bomb()], { declaredEntries: 2 });
    const { result, ms } = await timedImport(zip);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('no word/document.xml') });
    expect(ms).toBeLessThan(HANG_MS);
  });

  it('leaves media out: an image that is a bomb is never inflated', async () => {
    const image = await packPart('word/media/image1.png', '', { chunk: '\0'.repeat(MB), times: 300 });
    const zip = buildZip([...(await docxFrame()), await documentXml('Con imagen.'), image]);
    const read = await readDocxArchive(zip);
    expect(read.ok).toBe(true);
    const { result, ms } = await timedImport(zip);
    expect(result).toMatchObject({ ok: true, blocks: [{ text: 'Con imagen.' }] });
    expect(ms).toBeLessThan(HANG_MS);
  });

  it('expands no entity and reads no file: XXE and billion laughs in document.xml', async () => {
    const laughs =
      '<!DOCTYPE w:document [<!ENTITY l0 "lol">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('') +
      '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
    const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
    const xml = `<?xml version="1.0" encoding="UTF-8"?>${laughs}<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>Hola &l9; &xxe; fin</w:t></w:r></w:p></w:body></w:document>`;
    const zip = buildZip([...(await docxFrame()), await packPart('word/document.xml', xml)]);
    const { result, ms } = await timedImport(zip);
    expect(ms).toBeLessThan(HANG_MS);
    const text = result.ok ? result.blocks.map((b) => b.text).join('\n') : result.message;
    expect(text).not.toContain('lollol');
    expect(text).not.toContain('root:');
  });
});
