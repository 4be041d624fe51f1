import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openZip, unsafeEntryName, ZIP_LIMITS } from '../../../lib/exchange/zip';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

/** Rewrites the uncompressed size of every entry in the central directory: a zip bomb that lies about itself. */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++)
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
  return out;
}

function renameEntry(zip: Uint8Array, from: string, to: string): Uint8Array {
  if (from.length !== to.length) throw new Error('same length only');
  const out = zip.slice();
  const needle = strToU8(from);
  for (let i = 0; i + needle.length <= out.length; i++)
    if (needle.every((b, k) => out[i + k] === b)) out.set(strToU8(to), i);
  return out;
}

describe('zip reader', () => {
  it('lists entries and reads the ones asked for, stored or deflated, in one pass', () => {
    const zip = zipSync({
      mimetype: [strToU8('application/epub+zip'), { level: 0 }],
      'OEBPS/a.xhtml': strToU8('<p>Hola</p>'.repeat(1000)),
      'OEBPS/b.css': strToU8('p{}'),
      'OEBPS/empty.txt': new Uint8Array(0),
    });
    const opened = openZip(zip);
    if (!opened.ok) throw new Error(opened.message);
    expect([...opened.archive.entries.keys()]).toEqual(['mimetype', 'OEBPS/a.xhtml', 'OEBPS/b.css', 'OEBPS/empty.txt']);
    const read = opened.archive.read(['mimetype', 'OEBPS/a.xhtml', 'OEBPS/empty.txt', 'missing.xhtml']);
    if (!read.ok) throw new Error(read.message);
    expect(text(read.files.get('mimetype'))).toBe('application/epub+zip');
    expect(text(read.files.get('OEBPS/a.xhtml'))).toBe('<p>Hola</p>'.repeat(1000));
    expect(read.files.get('OEBPS/empty.txt')).toHaveLength(0);
    expect(read.files.has('OEBPS/b.css')).toBe(false);
    expect(read.files.has('missing.xhtml')).toBe(false);
  });

  it('refuses an entry that inflates past what its directory declares, before inflating it whole', () => {
    // 32 MB of zeros deflate to about 32 KB; the directory says 100 bytes.
    const bomb = lieAboutSizes(zipSync({ 'a.xhtml': new Uint8Array(32 * 1024 * 1024) }), 100);
    const opened = openZip(bomb);
    if (!opened.ok) throw new Error(opened.message);
    const read = opened.archive.read(['a.xhtml']);
    expect(read).toMatchObject({ ok: false, code: 'too_large' });
    expect(!read.ok && read.message).toMatch(/unpacks to more than the 100 bytes its archive declares: a zip bomb/);
    // Stopped after the first chunks, not after 32 MB.
    expect(opened.archive.inflatedBytes).toBeLessThan(20 * 1024 * 1024);
  });

  it('refuses an entry declared over the entry limit, and a total over the archive limit', () => {
    const zip = zipSync({ 'a.txt': new Uint8Array(3000), 'b.txt': new Uint8Array(3000) });
    const small = openZip(zip, { ...ZIP_LIMITS, maxEntryBytes: 2000 });
    if (!small.ok) throw new Error(small.message);
    expect(small.archive.read(['a.txt'])).toMatchObject({ ok: false, code: 'too_large' });
    const total = openZip(zip, { ...ZIP_LIMITS, maxTotalBytes: 5000 });
    if (!total.ok) throw new Error(total.message);
    expect(total.archive.read(['a.txt'])).toMatchObject({ ok: true });
    const second = total.archive.read(['b.txt']);
    expect(second).toMatchObject({ ok: false, code: 'too_large' });
    expect(!second.ok && second.message).toContain('over the limit');
  });

  it('refuses too many entries, path traversal and duplicate names when opening', () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, strToU8('x')]));
    expect(openZip(zipSync(many), { ...ZIP_LIMITS, maxEntries: 10 })).toMatchObject({ ok: false, code: 'too_large' });
    const evil = renameEntry(zipSync({ 'aa/evil.xhtml': strToU8('x') }), 'aa/evil', '../evil');
    const refused = openZip(evil);
    expect(refused).toMatchObject({ ok: false, code: 'unsafe_path' });
    expect(!refused.ok && refused.message).toContain('"../evil.xhtml"');
    const twice = renameEntry(zipSync({ 'a.txt': strToU8('1'), 'b.txt': strToU8('2') }), 'b.txt', 'a.txt');
    expect(openZip(twice)).toMatchObject({ ok: false, code: 'corrupt' });
  });

  it('says when the bytes are not a ZIP archive or are damaged', () => {
    expect(openZip(strToU8('<html>no</html>'))).toMatchObject({ ok: false, code: 'not_zip' });
    const zip = zipSync({ 'a.txt': strToU8('hola '.repeat(500)) });
    expect(openZip(zip.subarray(0, zip.length - 30))).toMatchObject({ ok: false, code: 'corrupt' });
    // Damaged deflate data inside an intact directory.
    const broken = zip.slice();
    broken.fill(0xff, 40, 60);
    const opened = openZip(broken);
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.archive.read(['a.txt'])).toMatchObject({ ok: false, code: 'corrupt' });
  });

  it('names unsafe entry names', () => {
    expect(unsafeEntryName('OEBPS/text/ch1.xhtml')).toBeNull();
    expect(unsafeEntryName('OEBPS/')).toBeNull();
    for (const name of ['/etc/passwd', 'C:/x', 'a/../../b', '..', 'a\\b', 'a\u0000b', ''])
      expect(unsafeEntryName(name)).not.toBeNull();
  });
});
