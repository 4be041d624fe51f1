import fs from 'node:fs';
import { openFolderSource } from '../../../lib/content';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDeepNesting, MAX_CONTAINER_DEPTH } from '../../../lib/content/markdown-nesting';
import { listDocuments, openDocument, type DocumentDeps } from '../../../lib/documents/open-document';
import { convertImport } from '../../../lib/exchange/import-source';
import { hangBoundMs } from '../../helpers/hang-bound';

const enc = (s: string) => new TextEncoder().encode(s);
const timed = async <T>(run: () => Promise<T> | T) => {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
};

describe('deeply nested Markdown', () => {
  let dir: string;
  let deps: DocumentDeps;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-nesting-'));
    fs.writeFileSync(path.join(dir, 'bien.md'), '# Bien\n\n> Una cita.\n>\n> > Y otra dentro.\n\n- uno\n  - dos\n');
    // The probe's 16 KB file: it made the library, /es and its reader answer 500 for everyone.
    fs.writeFileSync(path.join(dir, 'citas.md'), '> '.repeat(8_000) + 'hola\n');
    deps = { content: openFolderSource(dir), modelId: 'm', testModel: false, lookup: async () => new Map() };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('becomes its own error entry in the library, the other documents listed as usual', async () => {
    const entries = await listDocuments(deps);
    expect(entries.find((e) => e.fileName === 'bien.md')).toMatchObject({ ok: true, title: 'Bien' });
    expect(entries.find((e) => e.fileName === 'citas.md')).toMatchObject({
      ok: false,
      code: 'too_deep',
      params: { line: 1 },
    });
    expect(await openDocument(deps, 'citas')).toMatchObject({ ok: false, code: 'unprocessable' });
    const good = await openDocument(deps, 'bien');
    expect(good.ok && good.document.paragraphs.map((p) => p.source)).toEqual([
      'Bien',
      'Una cita.',
      'Y otra dentro.',
      'uno',
      'dos',
    ]);
  });

  it('is refused at once as an import, whatever the shape, with the line to fix', async () => {
    const shapes = {
      quotes: '> '.repeat(100_000),
      lists: '- '.repeat(3_000) + 'x',
      indented: Array.from({ length: 3_000 }, (_, i) => ' '.repeat(2 * i) + '- a').join('\n'),
      growing: Array.from({ length: 1_500 }, (_, i) => '> '.repeat(i) + 'x').join('\n'),
      brackets: '['.repeat(100_000) + 'a' + ']'.repeat(100_000),
      links: '[a]('.repeat(30_000),
      emphasis: '*'.repeat(50_000) + 'a' + '*'.repeat(50_000),
    };
    for (const [shape, text] of Object.entries(shapes)) {
      const { value, ms } = await timed(() => convertImport({ bytes: enc(text), fileName: `${shape}.md` }));
      expect(value, shape).toMatchObject({ ok: false, code: 'unreadable', message: expect.stringMatching(/line \d+/) });
      // Refused by a scan before remark sees it (tens of ms); the bound catches a parse that recurses per level.
      expect(ms, shape).toBeLessThan(hangBoundMs(200));
    }
  });

  it('lets through what prose does nest: quotes in lists, code fences, bracketed asides, thematic breaks', () => {
    const depth = '> '.repeat(MAX_CONTAINER_DEPTH) + 'x';
    expect(findDeepNesting(depth)).toBeNull();
    expect(findDeepNesting('> ' + depth)).toMatchObject({ what: 'containers', line: 1 });
    expect(findDeepNesting('```\n' + '> '.repeat(200) + '\n```\n')).toBeNull();
    expect(findDeepNesting('Dijo (y repitió [varias veces]) que no.\n\n' + '*'.repeat(300))).toBeNull();
    expect(findDeepNesting(':-( '.repeat(60) + '\n\n' + ':-( '.repeat(60))).toBeNull();
  });
});
