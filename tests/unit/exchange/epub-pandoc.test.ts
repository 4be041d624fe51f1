/**
 * EPUBs made by a third-party tool: Debian's pandoc turns a Markdown text (the opening of Don Quijote, with a
 * footnote and chapters) into EPUB 3 and EPUB 2, and Paralelo imports them. CI installs pandoc (.ci/run); without it
 * these tests are skipped with a message saying so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { epubToBlocks } from '../../../lib/exchange/epub-import';

const hasPandoc = spawnSync('pandoc', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasPandoc)
  console.warn('[pandoc] pandoc is not on PATH: skipping the third-party EPUB import checks (apt-get install pandoc).');

const opening = fs
  .readFileSync(path.resolve(__dirname, '../../fixtures/quijote/pg2000-chapter1-opening.es.txt'), 'utf8')
  .replace(/^\uFEFF/, '')
  .replace(/\r\n/g, '\n')
  .split('\n\n')
  .slice(1)
  .map((p) => p.replace(/\n/g, ' ').trim());

const markdown = [
  '---',
  'title: El ingenioso hidalgo don Quijote de la Mancha',
  'author: Miguel de Cervantes Saavedra',
  'lang: es',
  '---',
  '',
  '# Capítulo primero',
  '',
  `${opening[0]!.replace('astillero', 'astillero[^1]')}`,
  '',
  opening[1]!,
  '',
  '# Capítulo II',
  '',
  '## Que trata de la primera salida',
  '',
  'Hechas, pues, estas prevenciones, no quiso aguardar más tiempo a poner en efeto su pensamiento.',
  '',
  '[^1]: Astillero: percha donde se ponen las lanzas.',
  '',
].join('\n');

describe.skipIf(!hasPandoc)('EPUB made by pandoc', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-pandoc-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'quijote.md'), markdown);

  for (const target of ['epub3', 'epub2']) {
    it(`imports pandoc's ${target}: chapters from its contents, the footnote after its chapter, no title page`, async () => {
      const file = path.join(dir, `quijote.${target}.epub`);
      execFileSync('pandoc', [path.join(dir, 'quijote.md'), '-t', target, '-o', file]);
      const result = await epubToBlocks(fs.readFileSync(file));
      if (!result.ok) throw new Error(result.message);
      expect(result.title).toBe('El ingenioso hidalgo don Quijote de la Mancha');
      expect(result.source).toBe('Miguel de Cervantes Saavedra');
      const headings = result.blocks.filter((b) => b.kind === 'heading').map((b) => [b.text, b.level]);
      expect(headings).toEqual([
        ['Capítulo primero', 2],
        ['Capítulo II', 2],
        ['Que trata de la primera salida', 3],
      ]);
      const paragraphs = result.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text);
      expect(paragraphs[0]).toMatch(/^En un lugar de la Mancha, .* adarga antigua,/);
      expect(paragraphs[0]).toContain('astillero[1],');
      // The note follows the chapter's last paragraph, before the next chapter.
      const note = result.blocks.findIndex((b) => b.text === '[1] Astillero: percha donde se ponen las lanzas.');
      expect(note).toBe(result.blocks.findIndex((b) => b.text === 'Capítulo II') - 1);
      expect(result.removed).toContain('title page (EPUB/text/title_page.xhtml)');
      expect(result.removed.some((r) => /style sheet/.test(r))).toBe(true);
      expect(result.skipped).toEqual([]);
    });
  }
});
