import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listContentFiles, loadDocument, openFolderSource, type ContentSource } from '../../../lib/content';
import { RETRY_PASSING_FAILURE_MS } from '../../../lib/content/load-content';
import { importTranslation } from '../../../lib/documents/import-translation';
import { listDocuments } from '../../../lib/documents/open-document';
import { closeHeavyPool, runHeavy } from '../../../lib/heavy/pool';
import { createMemoryStore } from '../../../lib/store/memory';

const enc = (s: string) => new TextEncoder().encode(s);
// Lists nested 8 deep on 6,000 lines (under every nesting bound): remark takes tens of seconds on it.
const SLOW_MARKDOWN = Array.from({ length: 6_000 }, () => '- '.repeat(8) + 'x').join('\n');

/** The longest the event loop of this (the request) thread waited for a 10 ms timer while `work` ran. */
async function worstTimerDelay(work: Promise<unknown>): Promise<number> {
  let worst = 0;
  let running = true;
  const ticking = (async () => {
    while (running) {
      const started = performance.now();
      await new Promise((r) => setTimeout(r, 10));
      worst = Math.max(worst, performance.now() - started - 10);
    }
  })();
  await work;
  running = false;
  await ticking;
  return worst;
}

describe('the parse pool', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-pool-'));
  });
  afterAll(async () => {
    await closeHeavyPool();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads an import in a thread, with the same result as in-process', async () => {
    const ran = await runHeavy('convertImport', { bytes: enc('# Hola\n\nUn párrafo.'), fileName: 'h.md' });
    expect(ran).toMatchObject({ ok: true, value: { ok: true, title: 'Hola', blocks: [{}, { text: 'Un párrafo.' }] } });
  });

  it('ends a task that runs over its time, and keeps serving the next ones', async () => {
    const slow = runHeavy('convertImport', { bytes: enc(SLOW_MARKDOWN), fileName: 'slow.md' }, { timeoutMs: 1_000 });
    // The request thread keeps answering meanwhile: its timers are not held up by the parse.
    expect(await worstTimerDelay(slow)).toBeLessThan(500);
    expect(await slow).toMatchObject({ ok: false, code: 'timeout' });
    expect(await runHeavy('convertImport', { bytes: enc('Otra.'), fileName: null })).toMatchObject({ ok: true });
  });

  it('turns a content file that takes too long into its own problem entry, parsed once per version', async () => {
    fs.writeFileSync(path.join(dir, 'lento.md'), SLOW_MARKDOWN);
    process.env.PARALELO_PARSE_TIMEOUT = '1';
    try {
      const { files } = await listContentFiles(dir);
      const first = await loadDocument(openFolderSource(dir), files[0]!);
      expect(first).toMatchObject({
        ok: false,
        problem: { code: 'unreadable', message: expect.stringContaining('longer than 1 s') },
      });
      expect(await loadDocument(openFolderSource(dir), files[0]!)).toBe(first);
    } finally {
      delete process.env.PARALELO_PARSE_TIMEOUT;
    }
  });

  it('reads a content file again a while after a time-out (a passing glitch), not only once the file changes', async () => {
    fs.mkdirSync(path.join(dir, 'retry'));
    // Nested lists on 600 lines: about a second of parsing, far over a limit of 50 ms.
    fs.writeFileSync(
      path.join(dir, 'retry', 'medio.md'),
      Array.from({ length: 600 }, () => '- '.repeat(8) + 'x').join('\n'),
    );
    const { files } = await listContentFiles(path.join(dir, 'retry'));
    const retrySource = openFolderSource(path.join(dir, 'retry'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    process.env.PARALELO_PARSE_TIMEOUT = '0.05';
    let now: ReturnType<typeof vi.spyOn> | undefined;
    try {
      const first = await loadDocument(retrySource, files[0]!);
      expect(first).toMatchObject({ ok: false, problem: { code: 'unreadable' } });
      delete process.env.PARALELO_PARSE_TIMEOUT;
      // Within the retry interval the failure is answered from the cache (no parse per request)...
      expect(await loadDocument(retrySource, files[0]!)).toBe(first);
      // ...and after it, the same unchanged file is parsed again.
      const later = Date.now() + RETRY_PASSING_FAILURE_MS + 1;
      now = vi.spyOn(Date, 'now').mockReturnValue(later);
      expect(await loadDocument(retrySource, files[0]!)).toMatchObject({ ok: true });
    } finally {
      now?.mockRestore();
      errors.mockRestore();
      delete process.env.PARALELO_PARSE_TIMEOUT;
    }
  });

  it('aligns a long translation import off the request thread', async () => {
    const words = ['faro', 'luz', 'mar', 'isla', 'barco', 'puerto', 'noche', 'viento'];
    const es = Array.from({ length: 1_500 }, (_, i) => `El ${words[i % 8]} ${i} brillaba. Había ${i * 7} personas.`);
    const en = Array.from({ length: 1_500 }, (_, i) => `The ${words[i % 8]} ${i} shone. There were ${i * 7} people.`);
    fs.writeFileSync(path.join(dir, 'largo.md'), es.join('\n\n') + '\n');
    const store = createMemoryStore();
    const deps = {
      content: openFolderSource(dir),
      modelId: 'm',
      testModel: false,
      lookup: async () => new Map(),
      revisions: store,
    };
    // Aligning 1,500 paragraphs with their English takes seconds of CPU, in-process.
    const importing = importTranslation(deps, 'largo', {
      bytes: enc(en.join('\n\n')),
      fileName: 'largo.en.txt',
      dryRun: true,
    });
    expect(await worstTimerDelay(importing)).toBeLessThan(500);
    expect(await importing).toMatchObject({ ok: true, imported: 1_500 });
  });

  it('lists a document still being parsed as such, instead of holding up the whole library', async () => {
    const lib = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-listing-'));
    fs.writeFileSync(path.join(lib, 'corto.md'), 'Hola.\n');
    fs.writeFileSync(path.join(lib, 'largo.md'), Array.from({ length: 1_200 }, () => '- '.repeat(8) + 'x').join('\n'));
    // The big book's reading is held until the listing has answered: how long parsing takes depends on the machine
    // (seconds under load, under the listing's 1 s wait on a quiet Node 24), and the test is about the listing.
    const folder = openFolderSource(lib);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const content: ContentSource = {
      kind: folder.kind,
      id: folder.id,
      where: folder.where,
      list: () => folder.list(),
      find: (slug) => folder.find(slug),
      read: async (entry) => {
        if (entry.slug === 'largo') await held;
        return folder.read(entry);
      },
      create: (text, slug) => folder.create(text, slug),
      remove: (slug) => folder.remove(slug),
      close: () => folder.close(),
    };
    const deps = {
      content,
      modelId: 'm',
      testModel: false,
      lookup: async () => new Map<string, string>(),
      listWaitMs: 1_000,
    };
    await runHeavy('convertImport', { bytes: enc('Un hilo ya en marcha.'), fileName: null }); // as a server has one
    const started = performance.now();
    const first = await listDocuments(deps);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(first.find((e) => e.fileName === 'largo.md')).toMatchObject({ ok: false, code: 'reading' });
    expect(first.find((e) => e.fileName === 'corto.md')).toMatchObject({ ok: true });
    release();
    const { files } = await listContentFiles(lib);
    await loadDocument(
      content,
      files.find((f) => f.slug === 'largo')!,
    );
    expect((await listDocuments(deps)).find((e) => e.fileName === 'largo.md')).toMatchObject({ ok: true });
    fs.rmSync(lib, { recursive: true, force: true });
  });
});
