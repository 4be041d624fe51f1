import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../../lib/exchange/limits';
import { readMemoryFile } from '../../../lib/exchange/memory-import';
import { hangBoundMs } from '../../helpers/hang-bound';

const po = (entries: number, from = 0) => {
  let text = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n';
  for (let i = from; i < from + entries; i++) text += `msgid "Frase ${i}."\nmsgstr "Sentence ${i}."\n\n`;
  return new TextEncoder().encode(text);
};

const best = (bytes: Uint8Array) => {
  let ms = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const read = readMemoryFile(bytes, 'm.po');
    ms = Math.min(ms, performance.now() - started);
    expect(read.ok).toBe(true);
  }
  return ms;
};

describe('a PO file at scale', () => {
  it('is read in time proportional to its entries (pofile was quadratic)', () => {
    best(po(2_000)); // warm up the JIT
    const small = best(po(10_000));
    const large = best(po(40_000));
    // Linear gives 4x; the quadratic parser gave 16-20x here. Best of three runs, for a machine shared with other tests.
    expect(large / small).toBeLessThan(10);
  });

  it('reads every entry of a file near the 10 MB limit', () => {
    const bytes = po(200_000);
    expect(bytes.byteLength).toBeLessThan(MAX_IMPORT_BYTES);
    const read = readMemoryFile(bytes, 'm.po');
    expect(read).toMatchObject({ ok: true, format: 'po' });
    expect(read.ok && read.entries.length).toBe(200_000);
  });

  it('refuses a file of 1,000,000 entries by its size, before parsing it', () => {
    const bytes = po(1_000_000);
    const started = performance.now();
    expect(readMemoryFile(bytes, 'million.po')).toMatchObject({ ok: false, code: 'too_large' });
    // A size check takes well under 100 ms; parsing the million entries would take seconds.
    expect(performance.now() - started).toBeLessThan(hangBoundMs(100));
  });
});
