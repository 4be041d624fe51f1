/**
 * Third-party readers of the exported EPUB: Debian's epubcheck (the EPUB validator; a jar, run as
 * `java -jar /usr/bin/epubcheck`) must find 0 errors, and pandoc must read the book back. CI installs both
 * (.ci/run); without them these tests are skipped with a message saying so. Each epubcheck run starts a JVM (seconds
 * on a busy machine), so the cases are few and each covers much.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { renderEpub } from '../../../lib/exchange/epub-export';
import { ENGLISH_LABELS } from '../../../lib/exchange/labels';
import { documentOf, paragraph, sampleBook, sampleBookParagraphs } from './doc-fixture';

const EPUBCHECK = '/usr/bin/epubcheck';
const hasEpubcheck = fs.existsSync(EPUBCHECK) && spawnSync('java', ['-version'], { encoding: 'utf8' }).status === 0;
const hasPandoc = spawnSync('pandoc', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasEpubcheck)
  console.warn(
    '[epubcheck] /usr/bin/epubcheck or java is missing: skipping the EPUB validation (apt-get install epubcheck).',
  );
if (!hasPandoc)
  console.warn('[pandoc] pandoc is not on PATH: skipping the EPUB read-back check (apt-get install pandoc).');

const info = { toolVersion: '0.1.0', now: new Date() };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-epubcheck-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The sample book after text that comes before any heading, then a heading that skips levels and one that ends
// the book with nothing after it.
const odd = documentOf(
  [
    paragraph(0, ['Sin título antes.'], { sentences: ['No title before.'] }),
    ...sampleBookParagraphs.map((p) => ({ ...p, index: p.index + 1 })),
    paragraph(7, ['Un apartado hondo'], { sentences: ['A deep section'] }, { kind: 'heading', level: 6 }),
    paragraph(8, ['Texto hondo.'], { sentences: ['Deep text.'] }),
    paragraph(9, ['Al final'], null, { kind: 'heading', level: 1 }),
  ],
  { title: 'Raro & <raro>' },
);

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, `${name}.epub`);
  fs.writeFileSync(file, bytes);
  return file;
}

function epubcheck(file: string): { status: number | null; report: string } {
  const run = spawnSync('java', ['-jar', EPUBCHECK, file], { encoding: 'utf8' });
  return { status: run.status, report: `${run.stdout}${run.stderr}` };
}

describe.skipIf(!hasEpubcheck)('epubcheck validates the exported EPUB', () => {
  const cases = [
    ['the sample book and more, bilingual', odd, 'bilingual'],
    ['the sample book and more, English', odd, 'english'],
    ['an empty document', documentOf([]), 'bilingual'],
  ] as const;
  for (const [name, doc, layout] of cases)
    it(`${name}: 0 fatals, 0 errors, 0 warnings`, () => {
      const { status, report } = epubcheck(
        write(name.replace(/\W+/g, '-'), renderEpub(doc, layout, ENGLISH_LABELS, info)),
      );
      expect(report, report).toMatch(/Messages: 0 fatals \/ 0 errors \/ 0 warnings/);
      expect(status, report).toBe(0);
    });

  it('reports a broken book (so the checks above mean something)', () => {
    const files = unzipSync(renderEpub(sampleBook, 'bilingual', ENGLISH_LABELS, info));
    files['OEBPS/c001.xhtml'] = strToU8('<?xml version="1.0"?><html><body><p>unclosed</body></html>');
    const { status, report } = epubcheck(write('broken', zipSync(files)));
    expect(status).not.toBe(0);
    expect(report).toMatch(/ERROR/);
  });
});

describe.skipIf(!hasPandoc)('pandoc reads the exported EPUB back', () => {
  it('finds the Spanish, the English and the labels, in order', () => {
    const file = write('pandoc', renderEpub(sampleBook, 'bilingual', ENGLISH_LABELS, info));
    const text = execFileSync('pandoc', [file, '-t', 'plain', '--wrap=none'], { encoding: 'utf8' });
    const order = [
      'Primera parte',
      'First part',
      'En un lugar <b>&</b> «Mancha». Dos.',
      'In a village <b>&</b> "Mancha". Two.',
      '(not translated yet)',
      '[test-model output, not a translation] qux zip',
    ].map((s) => text.indexOf(s));
    expect(
      order.every((at) => at >= 0),
      text,
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
