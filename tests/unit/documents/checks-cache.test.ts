import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../../lib/checks';
import { openFolderSource } from '../../../lib/content';
import {
  checksKey,
  createFindingsCache,
  type ChecksKeyParts,
  type KeptChecks,
} from '../../../lib/documents/checks-cache';
import { cachedCheckDocument, checkDocument, recordIgnore } from '../../../lib/documents/document-checks';
import { saveParagraph, type EditDeps } from '../../../lib/documents/save-revision';
import { createMemoryDatabase, createMemoryStore } from '../../../lib/store/memory';
import type { Store } from '../../../lib/store/types';

const report = (paragraphsChecked: number): KeptChecks => ({
  slug: 'doc',
  title: 'Doc',
  report: { findings: [], paragraphsChecked },
  withoutEnglish: [],
  testModel: [],
});

describe('createFindingsCache', () => {
  it('runs once for concurrent askers of one key, then answers from what it kept', async () => {
    const cache = createFindingsCache();
    let runs = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run = async () => {
      runs += 1;
      await gate;
      return { ok: true as const, value: report(3) };
    };
    const asked = [cache.get('k', run), cache.get('k', run), cache.get('k', run)];
    release();
    const answers = await Promise.all(asked);
    expect(runs).toBe(1);
    expect(answers.map((a) => a.ok && a.outcome)).toEqual(['miss', 'joined', 'joined']);
    expect(await cache.get('k', run)).toMatchObject({
      ok: true,
      outcome: 'hit',
      value: { report: { paragraphsChecked: 3 } },
    });
    expect(runs).toBe(1);
  });

  it('gives a failed run to everyone who waited for it and keeps nothing of it', async () => {
    const cache = createFindingsCache();
    let runs = 0;
    const busy = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { ok: false as const, code: 'busy' as const, message: 'full' };
    };
    const answers = await Promise.all([cache.get('k', busy), cache.get('k', busy)]);
    expect(answers).toEqual([
      { ok: false, code: 'busy', message: 'full' },
      { ok: false, code: 'busy', message: 'full' },
    ]);
    expect(runs).toBe(1);
    expect(cache.size().entries).toBe(0);
    await cache.get('k', busy);
    expect(runs).toBe(2);
  });

  it('holds at most its bound of entries and bytes, the least recently used going first', async () => {
    const cache = createFindingsCache({ maxEntries: 2, maxBytes: 1_000_000 });
    const ok = (n: number) => async () => ({ ok: true as const, value: report(n) });
    await cache.get('a', ok(1));
    await cache.get('b', ok(2));
    await cache.get('a', ok(1)); // a is now the more recent
    await cache.get('c', ok(3));
    expect(cache.size().entries).toBe(2);
    expect((await cache.get('a', ok(9))).ok && (await cache.get('a', ok(9)))).toMatchObject({ outcome: 'hit' });
    expect(await cache.get('b', ok(2))).toMatchObject({ outcome: 'miss' });

    const small = createFindingsCache({ maxEntries: 10, maxBytes: 2_000 });
    const pairs = Array.from({ length: 40 }, (_, index) => ({
      index,
      source: `Llegaron ${index} personas.`,
      target: 'Nobody came.',
    }));
    const big = runChecks({ pairs });
    expect(big.findings.length).toBeGreaterThan(10);
    await small.get('big', async () => ({ ok: true as const, value: { ...report(40), report: big } }));
    expect(small.size()).toEqual({ entries: 0, bytes: 0 });
  });
});

describe('checksKey', () => {
  const parts: ChecksKeyParts = {
    slug: 'doc',
    translationVersion: '7',
    contentVersion: '120-1700000000000',
    modelId: 'm',
    testModel: false,
  };
  it('is the same for the same parts, and changes with any of them', () => {
    expect(checksKey({ ...parts })).toBe(checksKey(parts));
    const keys = [
      parts,
      { ...parts, slug: 'other' },
      { ...parts, translationVersion: '8' },
      { ...parts, contentVersion: '121-1700000000000' },
      { ...parts, modelId: 'n' },
      { ...parts, testModel: true },
      { ...parts, glossary: [{ term: 'persona', forms: [], english: ['person'], forbidden: [] }] },
      { ...parts, glossary: [{ term: 'persona', forms: [], english: ['people'], forbidden: [] }] },
      { ...parts, only: ['numbers' as const] },
    ].map(checksKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

const DOC = `---
title: Cifras
---

Llegaron 15 personas al faro.

Nadie vino el martes. Luego vinieron 20.

¿Quién llegó primero?

Llegaron 15 personas al faro.

Hoy es un museo con 40 mapas.
`;

describe('cachedCheckDocument', () => {
  let dir: string;
  const database = createMemoryDatabase();
  // Two servers on one database, each with its own cache and its own handle.
  const storeA = createMemoryStore(database);
  const storeB = createMemoryStore(database);
  let clock = 1_000;
  let saves = 0;
  const deps = (store: Store): EditDeps => ({
    content: openFolderSource(path.join(dir, 'content')),
    modelId: 'm',
    testModel: false,
    lookup: (model, keys) => store.getMachineTranslations(model, keys),
    revisions: store,
    now: () => ++clock,
  });
  const save = async (store: Store, index: number, text: string) => {
    const latest = (await store.latestRevisions('cifras')).get(index);
    const saved = await saveParagraph(
      deps(store),
      { slug: 'cifras', index, baseVersion: latest?.id ?? null },
      { text, status: 'edited', author: 'Ana', clientSaveId: `s${++saves}`, kind: 'save' },
    );
    if (!saved.ok) throw new Error(saved.message);
  };
  const cached = async (store: Store, cache: ReturnType<typeof createFindingsCache>) => {
    const got = await cachedCheckDocument(deps(store), store, 'cifras', { cache });
    if (!got.ok) throw new Error(got.message);
    return got.checks;
  };
  const fresh = async (store: Store) => {
    const got = await checkDocument(deps(store), store, 'cifras');
    if (!got.ok) throw new Error(got.message);
    return got.checks;
  };
  const comparable = ({ checkMs: _ms, cache: _cache, ...rest }: Awaited<ReturnType<typeof fresh>>) => rest;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-checks-cache-'));
    fs.mkdirSync(path.join(dir, 'content'));
    fs.writeFileSync(path.join(dir, 'content', 'cifras.md'), DOC);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps an answer until a save through another server's handle, then runs again", async () => {
    const cacheA = createFindingsCache();
    await save(storeA, 0, '15 people came to the lighthouse.');
    expect((await cached(storeA, cacheA)).cache).toBe('miss');
    expect((await cached(storeA, cacheA)).cache).toBe('hit');
    await save(storeB, 0, '16 people came to the lighthouse.');
    const after = await cached(storeA, cacheA);
    expect(after.cache).toBe('miss');
    expect(after.report.findings.some((f) => f.paragraph === 0 && f.message === 'numbers.missing')).toBe(true);
    expect(comparable(after)).toEqual(comparable(await fresh(storeA)));
  });

  it('answers a slug the library does not have as checkDocument does, keeping nothing', async () => {
    const cache = createFindingsCache();
    expect(await cachedCheckDocument(deps(storeA), storeA, 'nada', { cache })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await cachedCheckDocument(deps(storeA), storeA, '../x', { cache })).toMatchObject({ ok: false });
    expect(cache.size().entries).toBe(0);
  });

  it('equals a fresh run, ignores and all, after any series of saves and ignores on either server', async () => {
    const texts = [
      '15 people came to the lighthouse.',
      'Nobody came.',
      '¿Who came first?',
      'Then 20 came',
      'Forty maps.',
    ];
    const step = fc.record({
      paragraph: fc.nat({ max: 4 }),
      text: fc.constantFrom(...texts),
      server: fc.constantFrom('A', 'B'),
      ignore: fc.boolean(),
    });
    const cacheA = createFindingsCache();
    const cacheB = createFindingsCache();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        for (const s of steps) {
          const [store, cache] = s.server === 'A' ? [storeA, cacheA] : [storeB, cacheB];
          await save(store, s.paragraph, s.text);
          const answer = await cached(store, cache);
          const other = await cached(s.server === 'A' ? storeB : storeA, s.server === 'A' ? cacheB : cacheA);
          const truth = comparable(await fresh(store));
          expect(comparable(answer)).toEqual(truth);
          expect(comparable(other)).toEqual(truth);
          const first = answer.report.findings.find((f) => f.paragraph === s.paragraph);
          if (s.ignore && first)
            await recordIgnore(deps(store), store, {
              slug: 'cifras',
              paragraphIndex: first.paragraph,
              findingKey: first.key,
              ignored: !first.ignored,
              author: 'Ana',
              now: ++clock,
            });
        }
      }),
      { numRuns: 25 },
    );
  });
});
