/**
 * What the "check this sentence" flags cost a reader's page of a book: Don Quijote (about 5,000 paragraphs) with
 * every sentence machine-translated and scored in a fresh SQLite store, its first page (100 paragraphs) opened with
 * flags and without (the same deps minus `scores`), interleaved round by round, and `paralelo status`'s use case.
 *
 *   npm run bench:flags -- --data ../shared/data [--rounds 15]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openFolderSource } from '../lib/content';
import { storeDeps } from '../lib/documents/context';
import { documentStatus, loadSourceDocument, openDocument } from '../lib/documents/open-document';
import { sentenceKeysOf } from '../lib/documents/paragraph-keys';
import { loadConfig } from '../lib/config';
import { openSqliteStore } from '../lib/store/sqlite';
import { quantile, spread } from './lib/stats';

function parseArgs(argv: string[]): { data: string; rounds: number } {
  let data = '../shared/data';
  let rounds = 15;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data') data = argv[++i] ?? data;
    else if (argv[i] === '--rounds') rounds = Math.max(1, Number(argv[++i] ?? rounds));
    else {
      console.log('usage: npm run bench:flags -- [--data ../shared/data] [--rounds 15]');
      process.exit(argv[i] === '--help' ? 0 : 2);
    }
  }
  return { data, rounds };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function main() {
  const { data, rounds } = parseArgs(process.argv.slice(2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-bench-flags-'));
  try {
    const content = path.join(work, 'content');
    fs.mkdirSync(content);
    fs.copyFileSync(path.join(data, 'longtext/quijote/pg2000_don_quijote_es.txt'), path.join(content, 'quijote.txt'));
    const store = openSqliteStore(path.join(work, 'paralelo.db'));
    const config = { ...loadConfig(), modelId: 'bench/scored' };
    const deps = storeDeps(config, store, openFolderSource(content));
    const loaded = await loadSourceDocument(deps.content, 'quijote');
    if (!loaded.ok) throw new Error(loaded.message);
    const keys = [...new Set(loaded.document.paragraphs.flatMap((p) => sentenceKeysOf(p)))].filter((k) => k !== '');
    // Deterministic scores spread over a realistic range (mean token log-probabilities of -0.05 to -3).
    await store.putMachineTranslations(
      config.modelId,
      keys.map((k, i) => ({
        sourceKey: k,
        target: `EN ${i}`,
        score: { meanLogProb: -0.05 - ((i * 7919) % 1000) / 340, minLogProb: -1 - ((i * 104729) % 1000) / 100 },
      })),
    );
    const { scores: _unused, ...withoutScores } = deps;
    const page = { from: 0, to: 99 };
    // Warm the parse and the statements once.
    await openDocument(deps, 'quijote', page);
    await openDocument(withoutScores, 'quijote', page);
    const withFlags: number[] = [];
    const without: number[] = [];
    const status: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Alternate which goes first, so neither always runs on a warmer cache.
      if (round % 2 === 0) {
        withFlags.push(await timed(() => openDocument(deps, 'quijote', page)));
        without.push(await timed(() => openDocument(withoutScores, 'quijote', page)));
      } else {
        without.push(await timed(() => openDocument(withoutScores, 'quijote', page)));
        withFlags.push(await timed(() => openDocument(deps, 'quijote', page)));
      }
      status.push(await timed(() => documentStatus(deps, 'quijote')));
    }
    const opened = await openDocument(deps, 'quijote', page);
    const confidence = opened.ok ? opened.document.confidence : undefined;
    console.log(
      `Don Quijote: ${loaded.document.paragraphs.length} paragraphs, ${keys.length} distinct sentences scored; ` +
        `${confidence?.flagged ?? 0} flagged in ${confidence?.paragraphs.length ?? 0} paragraphs`,
    );
    console.log(`first page with flags     ${spread(withFlags)}`);
    console.log(`first page without flags  ${spread(without)}`);
    console.log(`ratio of medians          ${(quantile(withFlags, 0.5) / quantile(without, 0.5)).toFixed(2)}x`);
    console.log(`documentStatus (status)   ${spread(status)}`);
    await store.close();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
