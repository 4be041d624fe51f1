/**
 * Book-sized import and export: `npm run bench:books -- --data ../shared/data [--runs 3]`.
 * Turns the Spanish Don Quijote (Project Gutenberg #2000) into an EPUB with pandoc (Debian's; with the project's test
 * builder when pandoc is missing), then measures its import in-process (convertImport, cold then warm) and through
 * `paralelo import` as a child process (wall time, Node's start included), and the exports of a book that size
 * (bilingual EPUB, DOCX, PO; the English side filled with the Spanish text so every paragraph has some). Prints what
 * it measured; nothing is tuned here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chaptersOf, type ExportDocument, type ExportParagraph } from '../lib/exchange/export-document';
import { renderExport, type ExportFormat } from '../lib/exchange/export-formats';
import { convertImport } from '../lib/exchange/import-source';
import { ENGLISH_LABELS } from '../lib/exchange/labels';
import type { Block } from '../lib/text';
import { splitSentences } from '../lib/text/sentences';
import { buildEpub } from '../tests/unit/exchange/epub-builder';

const { values } = parseArgs({ options: { data: { type: 'string' }, runs: { type: 'string' } } });
const root = path.resolve(__dirname, '..');
const dataDir = path.resolve(values.data ?? '../shared/data');
const runs = Math.max(1, Number(values.runs ?? '3'));
const BOOK = path.join(dataDir, 'longtext/quijote/pg2000_don_quijote_es.txt');
const work = path.join(root, 'test-results', 'bench-books');

if (!fs.existsSync(BOOK)) {
  console.error(`bench:books needs ${BOOK}; pass --data with the shared data folder.`);
  process.exit(1);
}

const ms = (t: number) => `${t.toFixed(0)} ms`;
const escapeMd = (text: string) => text.replace(/([\\`*_[\]<>#])/g, '\\$1');

/** The book as an EPUB: pandoc's, from Markdown with the chapters as headings, or the test builder's. */
function makeEpub(title: string, blocks: Block[]): { bytes: Uint8Array; maker: string } {
  const file = path.join(work, 'quijote.epub');
  if (spawnSync('pandoc', ['--version']).status === 0) {
    const md = path.join(work, 'quijote.md');
    const body = blocks.map((b) => (b.kind === 'heading' ? `# ${escapeMd(b.text)}` : escapeMd(b.text)));
    fs.writeFileSync(
      md,
      ['---', `title: "${title}"`, 'lang: es', '---', '', ...body.join('\n\n').split('\n')].join('\n'),
    );
    execFileSync('pandoc', [md, '-o', file]);
    return { bytes: fs.readFileSync(file), maker: 'pandoc' };
  }
  const chapters: { file: string; title?: string; body: string }[] = [];
  for (const b of blocks) {
    const esc = b.text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    if (b.kind === 'heading' || chapters.length === 0)
      chapters.push({ file: `c${chapters.length + 1}.xhtml`, title: b.kind === 'heading' ? b.text : title, body: '' });
    if (b.kind === 'paragraph') chapters.at(-1)!.body += `<p>${esc}</p>`;
  }
  const bytes = buildEpub({ title, chapters });
  fs.writeFileSync(file, bytes);
  return { bytes, maker: 'the test builder (pandoc not found)' };
}

async function main(): Promise<void> {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const text = await convertImport({ bytes: fs.readFileSync(BOOK), fileName: path.basename(BOOK) });
  if (!text.ok) throw new Error(text.message);
  const { bytes, maker } = makeEpub(text.title ?? 'Don Quijote', text.blocks);
  console.log(
    `EPUB made by ${maker}: ${(bytes.byteLength / 1024 / 1024).toFixed(2)} MB, from ${text.blocks.length} blocks`,
  );

  const times: number[] = [];
  let blocks = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = await convertImport({ bytes, fileName: 'quijote.epub' });
    times.push(performance.now() - started);
    if (!result.ok) throw new Error(result.message);
    blocks = result.blocks.length;
  }
  console.log(`import in-process (convertImport): first ${ms(times[0]!)}, then ${times.slice(1).map(ms).join(', ')}`);
  console.log(`  ${blocks} blocks imported (the text import gave ${text.blocks.length})`);

  const content = path.join(work, 'content');
  fs.mkdirSync(content);
  const started = performance.now();
  const cli = spawnSync(
    process.execPath,
    [path.join(root, 'bin/paralelo.mjs'), 'import', path.join(work, 'quijote.epub')],
    {
      env: { ...process.env, LANG: 'en_US.UTF-8', PARALELO_CONTENT_DIR: content },
      encoding: 'utf8',
    },
  );
  const wall = performance.now() - started;
  if (cli.status !== 0) throw new Error(`paralelo import exited ${cli.status}: ${cli.stderr}`);
  console.log(`paralelo import quijote.epub (child process, wall): ${ms(wall)}, exit ${cli.status}`);
  console.log(`  ${cli.stdout.trim()}`);

  const paragraphs = text.blocks.map((b, index): ExportParagraph => {
    const sentences = splitSentences(b.text);
    return {
      index,
      kind: b.kind,
      ...(b.level !== undefined ? { level: b.level } : {}),
      source: b.text,
      sentences,
      target: {
        text: b.text,
        sentences,
        origin: 'machine',
        status: 'machine',
        testModel: false,
        alignment: sentences.map((_, k) => ({ source: [k], target: [k] })),
        author: null,
        changedAt: null,
      },
    };
  });
  const doc: ExportDocument = {
    slug: 'quijote',
    title: text.title ?? 'Don Quijote',
    fileName: 'quijote.md',
    sourceLang: 'es',
    targetLang: 'en',
    testModel: false,
    chapters: chaptersOf(paragraphs),
  };
  for (const format of ['epub', 'docx', 'po'] as ExportFormat[]) {
    const t: number[] = [];
    let size = 0;
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      const out = await renderExport(doc, format, ENGLISH_LABELS, { toolVersion: '0', now: new Date() });
      t.push(performance.now() - s);
      size = typeof out.body === 'string' ? Buffer.byteLength(out.body) : out.body.byteLength;
    }
    console.log(
      `export ${format.padEnd(4)} (${doc.chapters.length} chapters, ${paragraphs.length} paragraphs): ` +
        `${t.map(ms).join(', ')}  [${(size / 1024 / 1024).toFixed(2)} MB]`,
    );
  }
}

void main();
