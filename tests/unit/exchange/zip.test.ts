import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openZip, ZIP_LIMITS, type ZipArchive } from '../../../lib/exchange/zip';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

async function open(bytes: Uint8Array, limits = ZIP_LIMITS): Promise<ZipArchive> {
  const opened = await openZip(bytes, limits);
  if (!opened.ok) throw new Error(opened.message);
  return opened.archive;
}

/** Rewrites the uncompressed size of every entry, in the central directory and the local headers: a lying bomb. */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, size, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, size, true);
  }
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
  it('lists entries and reads the ones asked for, stored or deflated', async () => {
    const archive = await open(
      zipSync({
        mimetype: [strToU8('application/epub+zip'), { level: 0 }],
        'OEBPS/a.xhtml': strToU8('<p>Hola</p>'.repeat(1000)),
        'OEBPS/b.css': strToU8('p{}'),
        'OEBPS/empty.txt': new Uint8Array(0),
      }),
    );
    expect(archive.names()).toEqual(['mimetype', 'OEBPS/a.xhtml', 'OEBPS/b.css', 'OEBPS/empty.txt']);
    expect(archive.has('OEBPS/b.css')).toBe(true);
    const read = await archive.read(['mimetype', 'OEBPS/a.xhtml', 'OEBPS/empty.txt', 'missing.xhtml']);
    if (!read.ok) throw new Error(read.message);
    expect(text(read.files.get('mimetype'))).toBe('application/epub+zip');
    expect(text(read.files.get('OEBPS/a.xhtml'))).toBe('<p>Hola</p>'.repeat(1000));
    expect(read.files.get('OEBPS/empty.txt')).toHaveLength(0);
    expect(read.files.has('OEBPS/b.css')).toBe(false);
    expect(read.files.has('missing.xhtml')).toBe(false);
    archive.close();
  });

  it('refuses an entry that inflates past what it declares, stopping early', async () => {
    // 32 MB of zeros deflate to about 32 KB; the archive says 100 bytes.
    const archive = await open(lieAboutSizes(zipSync({ 'a.xhtml': new Uint8Array(32 * 1024 * 1024) }), 100));
    const read = await archive.read(['a.xhtml']);
    expect(read).toMatchObject({ ok: false, code: 'too_large' });
    expect(!read.ok && read.message).toMatch(
      /^a\.xhtml unpacks to more than its archive declares .*: a zip bomb, refused$/,
    );
    expect(archive.inflatedBytes).toBeLessThan(1024 * 1024);
  });

  it('refuses an entry declared over the entry limit, and a total over the archive limit', async () => {
    const zip = zipSync({ 'a.txt': new Uint8Array(3000), 'b.txt': new Uint8Array(3000) });
    const small = await open(zip, { ...ZIP_LIMITS, maxEntryBytes: 2000 });
    expect(await small.read(['a.txt'])).toMatchObject({ ok: false, code: 'too_large' });
    const total = await open(zip, { ...ZIP_LIMITS, maxTotalBytes: 5000 });
    expect(await total.read(['a.txt'])).toMatchObject({ ok: true });
    const second = await total.read(['b.txt']);
    expect(second).toMatchObject({ ok: false, code: 'too_large' });
    expect(!second.ok && second.message).toContain('over the limit');
  });

  it('refuses too many entries, path traversal and duplicate names when opening', async () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, strToU8('x')]));
    expect(await openZip(zipSync(many), { ...ZIP_LIMITS, maxEntries: 10 })).toMatchObject({
      ok: false,
      code: 'too_large',
    });
    const traversal = await openZip(renameEntry(zipSync({ 'aa/evil.xhtml': strToU8('x') }), 'aa/evil', '../evil'));
    expect(traversal).toMatchObject({ ok: false, code: 'unsafe_path' });
    expect(!traversal.ok && traversal.message).toContain('invalid relative path: ../evil.xhtml');
    const absolute = await openZip(renameEntry(zipSync({ 'etc/passwd': strToU8('x') }), 'etc/passwd', '/etc/passw'));
    expect(absolute).toMatchObject({ ok: false, code: 'unsafe_path' });
    const twice = renameEntry(zipSync({ 'a.txt': strToU8('1'), 'b.txt': strToU8('2') }), 'b.txt', 'a.txt');
    expect(await openZip(twice)).toMatchObject({ ok: false, code: 'corrupt' });
  });

  it('says when the bytes are not a ZIP archive or are damaged', async () => {
    expect(await openZip(strToU8('<html>no</html>'))).toMatchObject({ ok: false, code: 'not_zip' });
    const zip = zipSync({ 'a.txt': strToU8('hola '.repeat(500)) });
    expect(await openZip(zip.subarray(0, zip.length - 30))).toMatchObject({ ok: false, code: 'corrupt' });
    // Damaged deflate data inside an intact directory.
    const broken = zip.slice();
    broken.fill(0xff, 40, 60);
    const archive = await open(broken);
    expect(await archive.read(['a.txt'])).toMatchObject({ ok: false, code: 'corrupt' });
  });
});
