import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listContentFiles, loadDocument, openFolderSource } from '../../../lib/content';
import { importDocument } from '../../../lib/documents/import-document';
import { parseAuthor } from '../../../lib/documents/save-input';
import { cleanLine, cutText } from '../../../lib/exchange/clean-text';
import { cleanTitle } from '../../../lib/exchange/import-source';

// What must never reach a title or a name: lone surrogates, C0/C1 controls, bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
// encodeURIComponent throws on a lone surrogate: an independent check of well-formed UTF-16.
const wellFormed = (s: string) => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};
const HOSTILE = 'Informe\u0000 \ud800final\u202e txt.exe\u2066 \udc00\u0085';

describe('cleanLine', () => {
  it('keeps every title well-formed, on one line, without controls or bidi overrides', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const clean = cleanLine(s);
        expect(wellFormed(clean)).toBe(true);
        expect(UNSAFE.test(clean)).toBe(false);
        expect(clean).toBe(clean.trim());
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves ordinary Spanish alone, and cuts without splitting a surrogate pair', () => {
    expect(cleanLine('  El  año\tdel 🦊  ')).toBe('El año del 🦊');
    expect(cleanLine(HOSTILE)).toBe('Informe final txt.exe');
    expect(cutText('ab🦊', 3)).toBe('ab');
    expect(wellFormed(cleanTitle('x'.repeat(150) + '🦊'.repeat(100))!)).toBe(true);
  });
});

describe('titles and names at the door', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-clean-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('strips them from an imported title, file name and source', async () => {
    const result = await importDocument(openFolderSource(dir), {
      bytes: new TextEncoder().encode('Hola.'),
      fileName: 'carta\u202egpj.txt',
      title: HOSTILE,
    });
    expect(result).toMatchObject({ ok: true, title: 'Informe final txt.exe' });
    const stored = fs.readFileSync(path.join(dir, `${result.ok ? result.slug : ''}.md`), 'utf8');
    expect(UNSAFE.test(stored.replace(/\n/g, ''))).toBe(false);
  });

  it('strips them from a content file front matter (a YAML escape can make a lone surrogate)', async () => {
    fs.writeFileSync(
      path.join(dir, 'roto.md'),
      '---\ntitle: "T\\uD800\\u202Eitulo\\0"\nsource: "El \\uDC00Pa\\u2066ís"\n---\n\nHola.\n',
    );
    const { files } = await listContentFiles(dir);
    const parsed = await loadDocument(openFolderSource(dir), files[0]!);
    if (!parsed.ok) throw new Error(parsed.problem.message);
    expect(parsed.document.title).toBe('Titulo');
    expect(wellFormed(parsed.document.title)).toBe(true);
    expect(parsed.document.source).toBe('El País');
  });

  it('strips bidi overrides from an author name and still refuses controls', () => {
    expect(parseAuthor('Ana\u202e ZAP')).toEqual({ ok: true, value: 'Ana ZAP' });
    expect(parseAuthor('Ana\u0000')).toMatchObject({ ok: false });
    expect(parseAuthor('\ud800Ana')).toMatchObject({ ok: false });
  });
});
