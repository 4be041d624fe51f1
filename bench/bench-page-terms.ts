/**
 * What underlining the glossary's terms costs the reader's page: the Quijote's biggest page (the PAGE_SIZE
 * consecutive paragraphs with the most Spanish) against a 20,000-entry glossary (the largest an import accepts) made
 * of the book's own words, so that nearly every word of the page is a term, stored in SQLite as the app keeps it.
 *
 *   npm run bench:page-terms -- --data ../shared/data [--rounds 15]
 *
 * Interleaved round by round (medians printed):
 * - list: reading the stored glossary alone (what any use of it costs);
 * - warm: termsOnPage as the reader page calls it, the glossary unchanged since the last page (read, digest, match);
 * - after an edit: termsOnPage right after one entry changed (read, digest, compile 20,000 entries, match);
 * - match: matching the page against the compiled glossary alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PAGE_SIZE } from '../components/common/view-mode';
import { openFolderSource } from '../lib/content';
import { loadSourceDocument } from '../lib/documents/open-document';
import { matchPage, termsOnPage } from '../lib/documents/page-terms';
import { compileGlossary } from '../lib/glossary';
import { openSqliteStore } from '../lib/store/sqlite';
import type { GlossaryEntryInput } from '../lib/store/types';
import { spread } from './lib/stats';

const { values } = parseArgs({
  options: { data: { type: 'string', default: '../shared/data' }, rounds: { type: 'string', default: '15' } },
});
const dataDir = path.resolve(values.data);
const rounds = Math.max(1, Number(values.rounds) || 15);
const BOOK = path.join(dataDir, 'longtext/quijote/pg2000_don_quijote_es.txt');
if (!fs.existsSync(BOOK)) {
  console.error(`No Quijote under ${dataDir}/longtext/quijote: --data must be the shared data folder.`);
  process.exit(2);
}
const SIZE = 20_000;

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-bench-page-terms-'));
  try {
    fs.mkdirSync(path.join(work, 'content'));
    fs.copyFileSync(BOOK, path.join(work, 'content', 'quijote.txt'));
    const loaded = await loadSourceDocument(openFolderSource(path.join(work, 'content')), 'quijote');
    if (!loaded.ok) throw new Error(loaded.message);
    const all = loaded.document.paragraphs.map((p) => ({ index: p.index, source: p.text }));
    let page = all.slice(0, PAGE_SIZE);
    const size = (ps: typeof page) => ps.reduce((n, p) => n + p.source.length, 0);
    for (let start = PAGE_SIZE; start < all.length; start += PAGE_SIZE) {
      const next = all.slice(start, start + PAGE_SIZE);
      if (size(next) > size(page)) page = next;
    }
    const words = new Set<string>();
    for (const p of all) for (const w of p.source.toLowerCase().match(/\p{L}{4,}/gu) ?? []) words.add(w);
    const entries: GlossaryEntryInput[] = [...words].slice(0, SIZE).map((term, i) => ({
      term,
      forms: [],
      english: [`english ${i}`],
      forbidden: i % 10 === 0 ? [`wrong ${i}`] : [],
      ...(i % 5 === 0 ? { note: `Note on ${term}.` } : {}),
      author: null,
      updatedAt: 1,
    }));
    const store = openSqliteStore(path.join(work, 'paralelo.db'));
    await store.upsertGlossaryEntries(entries);
    const first = (await store.listGlossary())[0]!;
    const compiled = compileGlossary(entries);
    const found = matchPage(compiled, page);
    const spans = Object.values(found.byParagraph).reduce((n, s) => n + s.length, 0);
    console.log(
      `Quijote: ${all.length} paragraphs; biggest page: paragraphs ${page[0]!.index + 1}-${page.at(-1)!.index + 1}, ` +
        `${size(page).toLocaleString('en-US')} characters; glossary: ${entries.length} entries; ` +
        `${spans} term occurrences of ${found.entries.length} entries on the page.`,
    );

    const times = { list: [] as number[], warm: [] as number[], edit: [] as number[], match: [] as number[] };
    const time = async (run: () => unknown) => {
      const start = performance.now();
      await run();
      return performance.now() - start;
    };
    await termsOnPage(store, page);
    for (let round = 0; round < rounds; round++) {
      times.list.push(await time(() => store.listGlossary()));
      times.warm.push(await time(() => termsOnPage(store, page)));
      await store.updateGlossaryEntry(first.id, { ...first, english: [`english ${round}`], updatedAt: round + 2 });
      times.edit.push(await time(() => termsOnPage(store, page)));
      times.match.push(await time(() => matchPage(compiled, page)));
    }
    console.log(`${rounds} interleaved rounds:`);
    console.log(`  list the stored glossary      ${spread(times.list)}`);
    console.log(`  termsOnPage, warm             ${spread(times.warm)}`);
    console.log(`  termsOnPage, after an edit    ${spread(times.edit)}`);
    console.log(`  match the page alone          ${spread(times.match)}`);
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    console.log(
      `ratios of medians: warm / list ×${(med(times.warm) / med(times.list)).toFixed(2)}, ` +
        `after an edit / warm ×${(med(times.edit) / med(times.warm)).toFixed(2)}`,
    );
    await store.close();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
