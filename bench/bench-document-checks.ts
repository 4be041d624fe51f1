/**
 * The QA checks of a whole book as the reader asks for them (GET /api/documents/:slug/checks runs checkDocument):
 * Don Quijote with Ormsby's English imported as its translation (`paralelo align`'s import, not timed), then
 * checkDocument in the parse pool (what the server does) and on this thread, interleaved round by round.
 *
 *   npm run bench:document-checks -- --data ../shared/data [--rounds 3]
 *
 * For each it prints the time of the whole call (open the document's views, read memory and ignores, run the
 * checks), the checks alone (checkMs), and the longest the event loop of this thread was held meanwhile (what a
 * server's other requests would wait): the pool's figure is the one that says whether the reader is ever blocked.
 *
 * Then the findings cache (lib/documents/checks-cache), round by round in the pool: the first run of a new cache,
 * cold (no findings of pairs reused), the same request again (kept), and the request after one paragraph's save (a
 * new English: run again, the one-pair checks' findings of the other paragraphs reused: lib/checks/pair-memo.ts),
 * with the ratios of their medians. The first section runs cold too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openFolderSource } from '../lib/content';
import { DEFAULT_MODEL_ID } from '../lib/config';
import { createFindingsCache } from '../lib/documents/checks-cache';
import { cachedCheckDocument, checkDocument } from '../lib/documents/document-checks';
import { saveParagraph, type EditDeps } from '../lib/documents/save-revision';
import type { Store } from '../lib/store/types';
import { importTranslation } from '../lib/documents/import-translation';
import { closeHeavyPool } from '../lib/heavy/pool';
import { openSqliteStore } from '../lib/store/sqlite';

const { values } = parseArgs({
  options: { data: { type: 'string', default: '../shared/data' }, rounds: { type: 'string', default: '3' } },
});
const dataDir = path.resolve(values.data);
const rounds = Math.max(1, Number(values.rounds) || 3);
const BOOK = path.join(dataDir, 'longtext/quijote/pg2000_don_quijote_es.txt');
const ENGLISH = path.join(dataDir, 'longtext/quijote/pg996_don_quixote_en_ormsby.utf8.txt');
if (!fs.existsSync(BOOK) || !fs.existsSync(ENGLISH)) {
  console.error(`No Quijote under ${dataDir}/longtext/quijote: --data must be the shared data folder.`);
  process.exit(2);
}

/** The longest gap between ticks of a 5 ms timer while `run` goes on: how long this thread was held. */
async function withLoopLag<T>(run: () => Promise<T>): Promise<{ value: T; ms: number; lagMs: number }> {
  let last = performance.now();
  let lag = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    lag = Math.max(lag, now - last - 5);
    last = now;
  }, 5);
  const started = performance.now();
  const value = await run();
  const ms = performance.now() - started;
  clearInterval(timer);
  return { value, ms, lagMs: Math.max(lag, performance.now() - last - 5) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-bench-doc-checks-'));
  try {
    fs.mkdirSync(path.join(work, 'content'));
    fs.copyFileSync(BOOK, path.join(work, 'content', 'quijote.txt'));
    const store = openSqliteStore(path.join(work, 'paralelo.db'));
    const deps = {
      content: openFolderSource(path.join(work, 'content')),
      modelId: DEFAULT_MODEL_ID,
      testModel: false,
      lookup: (modelId: string, keys: string[]) => store.getMachineTranslations(modelId, keys),
      machineScope: store,
      revisions: store,
    };
    const imported = await importTranslation(deps, 'quijote', {
      bytes: fs.readFileSync(ENGLISH),
      fileName: path.basename(ENGLISH),
      author: 'bench',
    });
    if (!imported.ok) throw new Error(`import: ${imported.message}`);
    console.log(`quijote: ${imported.paragraphs} paragraphs, ${imported.imported} with Ormsby's English imported`);

    const figures = { pool: [] as number[][], thread: [] as number[][] };
    for (let round = 0; round <= rounds; round++) {
      for (const mode of ['pool', 'thread'] as const) {
        const r = await withLoopLag(() =>
          checkDocument(deps, store, 'quijote', { offThread: mode === 'pool', reusePairs: false }),
        );
        if (!r.value.ok) throw new Error(`${mode}: ${r.value.message}`);
        const { report, checkMs } = r.value.checks;
        const line = `${mode.padEnd(6)} round ${round === 0 ? '0 (first, warms up)' : round}`;
        console.log(
          `${line.padEnd(28)} | whole call ${fmt(r.ms).padStart(6)} ms | checks ${fmt(checkMs).padStart(6)} ms | ` +
            `this thread held at most ${fmt(r.lagMs).padStart(6)} ms | ${report.paragraphsChecked} paragraphs, ` +
            `${report.findings.length} findings`,
        );
        if (round > 0) figures[mode].push([r.ms, checkMs, r.lagMs]);
      }
    }
    for (const mode of ['pool', 'thread'] as const) {
      const col = (i: number) => median(figures[mode].map((f) => f[i]!));
      console.log(
        `median ${mode.padEnd(6)} | whole call ${fmt(col(0))} ms | checks ${fmt(col(1))} ms | thread held ${fmt(col(2))} ms (rounds 1-${rounds})`,
      );
    }
    await benchCache(deps, store);
    await store.close();
  } finally {
    await closeHeavyPool();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
/** First run, kept run and run after one save, interleaved round by round (each round a new cache). */
async function benchCache(deps: EditDeps, store: Store) {
  const times = { first: [] as number[], kept: [] as number[], saved: [] as number[] };
  const paragraph = 1200;
  for (let round = 0; round <= rounds; round++) {
    const cache = createFindingsCache();
    const call = async (name: keyof typeof times, expected: string) => {
      const r = await withLoopLag(() =>
        cachedCheckDocument(deps, store, 'quijote', { offThread: true, cache, reusePairs: name !== 'first' }),
      );
      if (!r.value.ok) throw new Error(`${name}: ${r.value.message}`);
      if (r.value.checks.cache !== expected) throw new Error(`${name}: ${r.value.checks.cache}, not ${expected}`);
      console.log(
        `cache  round ${round === 0 ? '0 (warms up)' : round} ${name.padEnd(6)} | whole call ${fmt(r.ms).padStart(6)} ms | ` +
          `checks ${fmt(r.value.checks.checkMs).padStart(6)} ms | thread held at most ${fmt(r.lagMs).padStart(6)} ms | ` +
          `${r.value.checks.report.findings.length} findings (${r.value.checks.cache})`,
      );
      if (round > 0) times[name].push(r.ms);
    };
    await call('first', 'miss');
    await call('kept', 'hit');
    const latest = (await store.latestRevisions('quijote')).get(paragraph);
    const saved = await saveParagraph(
      deps,
      { slug: 'quijote', index: paragraph, baseVersion: latest?.id ?? null },
      {
        text: `${latest?.text ?? 'A paragraph'} (round ${round})`,
        status: 'edited',
        clientSaveId: `bench-${round}`,
        kind: 'save',
        author: 'bench',
      },
    );
    if (!saved.ok) throw new Error(`save: ${saved.message}`);
    await call('saved', 'miss');
  }
  const first = median(times.first);
  const kept = median(times.kept);
  const saved = median(times.saved);
  console.log(
    `median cache | first run ${fmt(first)} ms | kept ${fmt(kept)} ms (${(first / kept).toFixed(1)}x faster) | ` +
      `after one paragraph's save ${fmt(saved)} ms (${(first / saved).toFixed(2)}x) (rounds 1-${rounds})`,
  );
}

void main();
