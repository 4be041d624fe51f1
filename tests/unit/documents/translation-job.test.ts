import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TranslationJobs, type JobDocument, type JobEvent } from '../../../lib/documents/translation-job';
import { EngineError, type TranslationEngine } from '../../../lib/mt/engine';
import { FakeEngine, fakeScore, fakeTranslate, MODEL, NO_STATS, ScoringFakeEngine } from '../../helpers/fake-engine';
import { createMemoryDatabase, createMemoryStore } from '../../../lib/store/memory';
import { StoreError, type JobState, type Store } from '../../../lib/store/types';
import { normalizeSentenceKey } from '../../../lib/text/normalize';

function setup(options: { store?: Store; windowSentences?: number; engine?: FakeEngine } = {}) {
  const store = options.store ?? createMemoryStore();
  const engine = options.engine ?? new FakeEngine();
  let engineRequests = 0;
  const jobs = new TranslationJobs({
    store,
    modelId: MODEL,
    windowSentences: options.windowSentences ?? 32,
    getEngine: () => {
      engineRequests++;
      return engine;
    },
  });
  return { store, engine, jobs, engineRequests: () => engineRequests };
}

/** Starts (or joins) a job, records its events and resolves with them when it ends. */
async function runJob(jobs: TranslationJobs, doc: JobDocument, priorityFrom?: number): Promise<JobEvent[]> {
  const events: JobEvent[] = [];
  jobs.start(doc, priorityFrom === undefined ? {} : { priorityFrom });
  const unsubscribe = jobs.subscribe(doc.slug, (e) => events.push(e));
  await jobs.whenSettled(doc.slug);
  unsubscribe();
  return events;
}

const paragraphEvents = (events: JobEvent[]) =>
  events.filter((e): e is Extract<JobEvent, { type: 'paragraph' }> => e.type === 'paragraph');
const order = (events: JobEvent[]) => paragraphEvents(events).map((e) => e.index);

/** A document of n paragraphs, each with the given number of distinct sentences. */
function makeDoc(slug: string, paragraphs: number, sentencesEach = 1): JobDocument {
  return {
    slug,
    paragraphs: Array.from({ length: paragraphs }, (_, p) => ({
      index: p,
      sentences: Array.from({ length: sentencesEach }, (_, s) => `Frase ${s} del párrafo ${p}.`),
    })),
  };
}

describe('TranslationJobs', () => {
  it('translates every paragraph in reading order, one target per sentence, and ends done', async () => {
    const { jobs, store } = setup();
    const doc = makeDoc('articulo', 5, 3);
    const events = await runJob(jobs, doc);
    const paragraphs = paragraphEvents(events);
    expect(paragraphs.map((e) => e.index)).toEqual([0, 1, 2, 3, 4]);
    for (const e of paragraphs) {
      expect(e.targets).toEqual(doc.paragraphs[e.index]?.sentences.map(fakeTranslate));
      expect(e.cached).toBe(false);
    }
    expect(events.at(-1)).toEqual({ type: 'done' });
    expect(events.at(-2)).toEqual({ type: 'progress', done: 5, total: 5 });
    expect(jobs.snapshot('articulo')).toMatchObject({ status: 'done', done: 5, total: 5 });
    expect(await store.getJobState('articulo', MODEL)).toMatchObject({ status: 'done', done: 5, total: 5 });
  });

  it('makes zero engine calls, and never asks for the engine, when the document is unchanged', async () => {
    const { jobs, engine, engineRequests } = setup();
    const doc = makeDoc('articulo', 6, 2);
    await runJob(jobs, doc);
    const callsBefore = engine.calls.length;
    const requestsBefore = engineRequests();

    const events = await runJob(jobs, doc);
    expect(engine.calls.length).toBe(callsBefore);
    expect(engineRequests()).toBe(requestsBefore);
    expect(order(events)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(paragraphEvents(events).every((e) => e.cached)).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'done' });
  });

  it('uses the cache across processes (a new TranslationJobs on the same store)', async () => {
    const database = createMemoryDatabase();
    const doc = makeDoc('articulo', 3, 2);
    await runJob(setup({ store: createMemoryStore(database) }).jobs, doc);
    const second = setup({ store: createMemoryStore(database) });
    await runJob(second.jobs, doc);
    expect(second.engineRequests()).toBe(0);
  });

  it('keeps the score of each output with it when the engine scores (translateScored), none when it cannot', async () => {
    const doc = makeDoc('articulo', 3, 2);
    const keys = doc.paragraphs.flatMap((p) => p.sentences.map(normalizeSentenceKey));
    const scoring = setup({ engine: new ScoringFakeEngine() });
    await runJob(scoring.jobs, doc);
    const scores = await scoring.store.getMachineScores(MODEL, keys);
    expect(keys.map((k) => scores.get(k))).toEqual(
      keys.map((k) => ({ meanLogProb: fakeScore(k).meanLogProb, minLogProb: fakeScore(k).minLogProb })),
    );
    const plain = setup();
    await runJob(plain.jobs, doc);
    expect(await plain.store.countMachineTranslations(MODEL, keys)).toBe(6);
    expect((await plain.store.getMachineScores(MODEL, keys)).size).toBe(0);
  });

  it('translates only the changed sentence of an edited document, in one call', async () => {
    const { jobs, engine } = setup();
    const doc = makeDoc('articulo', 4, 3);
    await runJob(jobs, doc);
    const calls = engine.calls.length;

    const edited: JobDocument = structuredClone(doc) as JobDocument;
    const changed = 'Una frase nueva y distinta.';
    (edited.paragraphs[2]?.sentences as string[])[1] = changed;
    const events = await runJob(jobs, edited);
    expect(engine.calls.slice(calls)).toEqual([[changed]]);
    const p2 = paragraphEvents(events).find((e) => e.index === 2);
    expect(p2).toMatchObject({ cached: false });
    expect(p2?.targets[1]).toBe(fakeTranslate(changed));
    expect(
      paragraphEvents(events)
        .filter((e) => e.cached)
        .map((e) => e.index),
    ).toEqual([0, 1, 3]);
  });

  it('translates identical sentences once, whatever their spacing', async () => {
    const { jobs, engine } = setup({ windowSentences: 3 });
    const doc: JobDocument = {
      slug: 'repetido',
      paragraphs: [
        { index: 0, sentences: ['Hola mundo.', 'Hola  mundo. ', 'Adiós.'] },
        { index: 1, sentences: ['Adiós.', 'Nuevo.'] },
        { index: 2, sentences: ['Hola mundo.'] },
        { index: 3, sentences: ['Nuevo.', 'Otra.', 'Adiós.'] },
      ],
    };
    const events = await runJob(jobs, doc);
    const sent = engine.sentencesTranslated;
    expect(new Set(sent).size).toBe(sent.length);
    expect(new Set(sent)).toEqual(new Set(['Hola mundo.', 'Adiós.', 'Nuevo.', 'Otra.']));
    expect(paragraphEvents(events).find((e) => e.index === 0)?.targets).toEqual([
      fakeTranslate('Hola mundo.'),
      fakeTranslate('Hola mundo.'),
      fakeTranslate('Adiós.'),
    ]);
    expect(order(events).sort()).toEqual([0, 1, 2, 3]);
  });

  it('completes an empty document at once without the engine', async () => {
    const { jobs, engineRequests, store } = setup();
    const snapshot = jobs.start({ slug: 'vacio', paragraphs: [] });
    expect(snapshot).toMatchObject({ status: 'running', total: 0 });
    const events: JobEvent[] = [];
    jobs.subscribe('vacio', (e) => events.push(e));
    expect(await jobs.whenSettled('vacio')).toMatchObject({ status: 'done', done: 0, total: 0 });
    expect(events).toEqual([{ type: 'done' }]);
    expect(engineRequests()).toBe(0);
    expect(await store.getJobState('vacio', MODEL)).toMatchObject({ status: 'done', total: 0 });
  });

  it('emits paragraphs without sentences or with blank ones without asking the model for them', async () => {
    const { jobs, engine } = setup();
    const doc: JobDocument = {
      slug: 'huecos',
      paragraphs: [
        { index: 0, sentences: [] },
        { index: 1, sentences: ['  ', 'Algo.'] },
      ],
    };
    const events = await runJob(jobs, doc);
    expect(paragraphEvents(events)).toEqual([
      { type: 'paragraph', index: 0, targets: [], cached: true },
      { type: 'paragraph', index: 1, targets: ['', fakeTranslate('Algo.')], cached: false },
    ]);
    expect(engine.sentencesTranslated).toEqual(['Algo.']);
  });

  it('sends the first paragraph alone, then bigger windows', async () => {
    const { jobs, engine } = setup({ windowSentences: 6 });
    await runJob(jobs, makeDoc('ventanas', 6, 2));
    expect(engine.calls.map((c) => c.length)).toEqual([2, 6, 4]);
  });

  it('grows the windows after the first paragraph: 32, then the full window', async () => {
    const { jobs, engine } = setup({ windowSentences: 64 });
    await runJob(jobs, makeDoc('libro', 100, 2));
    expect(engine.calls.map((c) => c.length)).toEqual([2, 32, 64, 64, 38]);
  });

  it('starts from the priority paragraph: its event comes first and the first call holds it alone', async () => {
    const { jobs, engine } = setup({ windowSentences: 4 });
    const events = await runJob(jobs, makeDoc('largo', 8, 2), 5);
    expect(paragraphEvents(events)[0]?.index).toBe(5);
    expect(engine.calls[0]).toEqual(['Frase 0 del párrafo 5.', 'Frase 1 del párrafo 5.']);
    expect(order(events)).toEqual([5, 6, 7, 0, 1, 2, 3, 4]);
  });

  it('emits cached paragraphs before asking the model for the rest', async () => {
    const { jobs, store, engine } = setup({ windowSentences: 2 });
    const doc = makeDoc('mixto', 5, 1);
    const cachedKeys = [1, 3].map((p) => normalizeSentenceKey(doc.paragraphs[p]!.sentences[0]!));
    await store.putMachineTranslations(
      MODEL,
      cachedKeys.map((k) => ({ sourceKey: k, target: fakeTranslate(k) })),
    );
    engine.hold();
    const events: JobEvent[] = [];
    jobs.start(doc);
    jobs.subscribe('mixto', (e) => events.push(e));
    await engine.waitForCalls(1);
    expect(order(events)).toEqual([1, 3]);
    engine.release();
    await jobs.whenSettled('mixto');
    expect(order(events)).toEqual([1, 3, 0, 2, 4]);
  });

  it('moves the paragraphs on screen to the front of the remaining queue', async () => {
    const { jobs, engine } = setup({ windowSentences: 2 });
    const doc = makeDoc('prioridad', 10, 1);
    engine.hold();
    const events: JobEvent[] = [];
    jobs.start(doc);
    jobs.subscribe('prioridad', (e) => events.push(e));
    await engine.waitForCalls(1);
    expect(jobs.prioritize('prioridad', 7)).toBe(true);
    engine.release();
    await jobs.whenSettled('prioridad');
    expect(order(events)).toEqual([0, 7, 8, 9, 1, 2, 3, 4, 5, 6]);
    expect(jobs.prioritize('prioridad', 3)).toBe(false);
  });

  it('runs one job per document however many callers start it, and every subscriber sees it', async () => {
    const { jobs, engine, engineRequests } = setup({ windowSentences: 4 });
    const doc = makeDoc('compartido', 6, 2);
    engine.hold();
    const a: JobEvent[] = [];
    const b: JobEvent[] = [];
    const first = jobs.start(doc);
    jobs.subscribe('compartido', (e) => a.push(e));
    await engine.waitForCalls(1);
    const second = jobs.start(doc, { priorityFrom: 4 });
    jobs.subscribe('compartido', (e) => b.push(e), { replay: true });
    expect(first.status).toBe('running');
    expect(second.status).toBe('running');
    engine.release();
    await jobs.whenSettled('compartido');
    expect(engineRequests()).toBe(1);
    const sent = engine.sentencesTranslated;
    expect(sent.length).toBe(12);
    expect(new Set(sent).size).toBe(12);
    // The joiner's priority applied to the running job.
    expect(order(a)).toEqual([0, 4, 5, 1, 2, 3]);
    expect(order(b)).toEqual(order(a));
    expect(a.at(-1)).toEqual({ type: 'done' });
    expect(b.at(-1)).toEqual({ type: 'done' });
  });

  it('replays what a running job already emitted to a late subscriber that asks for it', async () => {
    const { jobs, engine } = setup({ windowSentences: 1 });
    const doc = makeDoc('tarde', 3, 1);
    engine.hold();
    jobs.start(doc);
    await engine.waitForCalls(1);
    engine.releaseWaiting();
    // Paragraph 0 is emitted before the call for paragraph 1 is made.
    await engine.waitForCalls(2);
    const late: JobEvent[] = [];
    jobs.subscribe('tarde', (e) => late.push(e), { replay: true });
    engine.release();
    await jobs.whenSettled('tarde');
    expect(order(late)).toEqual([0, 1, 2]);
    expect(late[1]).toEqual({ type: 'progress', done: 1, total: 3 });
    expect(late.at(-1)).toEqual({ type: 'done' });
  });

  it('keeps running when every subscriber leaves', async () => {
    const { jobs, engine, store } = setup({ windowSentences: 2 });
    const doc = makeDoc('abandonado', 5, 1);
    engine.hold();
    jobs.start(doc);
    const seen: JobEvent[] = [];
    const unsubscribe = jobs.subscribe('abandonado', (e) => seen.push(e));
    await engine.waitForCalls(1);
    unsubscribe();
    engine.release();
    expect(await jobs.whenSettled('abandonado')).toMatchObject({ status: 'done', done: 5 });
    expect(seen.filter((e) => e.type === 'paragraph')).toEqual([]);
    const keys = doc.paragraphs.flatMap((p) => p.sentences.map(normalizeSentenceKey));
    expect(await store.countMachineTranslations(MODEL, keys)).toBe(5);
  });

  it('survives a subscriber that throws', async () => {
    const { jobs } = setup();
    const doc = makeDoc('roto', 3, 1);
    const good: JobEvent[] = [];
    jobs.start(doc);
    jobs.subscribe('roto', () => {
      throw new Error('stream closed');
    });
    jobs.subscribe('roto', (e) => good.push(e));
    await jobs.whenSettled('roto');
    expect(order(good)).toEqual([0, 1, 2]);
  });

  it('cancels: aborts the engine call, ends cancelled, keeps what was stored, and can start again', async () => {
    const { jobs, engine, store } = setup({ windowSentences: 2 });
    const doc = makeDoc('cancelado', 5, 1);
    engine.hold();
    const events: JobEvent[] = [];
    jobs.start(doc);
    jobs.subscribe('cancelado', (e) => events.push(e));
    await engine.waitForCalls(1);
    engine.releaseWaiting();
    await engine.waitForCalls(2);
    engine.releaseWaiting();
    await engine.waitForCalls(3);
    expect(jobs.cancel('cancelado')).toBe(true);
    expect(await jobs.whenSettled('cancelado')).toMatchObject({ status: 'cancelled' });
    expect(engine.signals[2]?.aborted).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'cancelled' });
    expect(order(events)).toEqual([0, 1, 2]);
    expect(await store.getJobState('cancelado', MODEL)).toMatchObject({ status: 'cancelled', done: 3, total: 5 });
    expect(jobs.cancel('cancelado')).toBe(false);

    engine.release();
    const callsBefore = engine.calls.length;
    const again = await runJob(jobs, doc);
    expect(engine.calls.slice(callsBefore).flat()).toEqual(['Frase 0 del párrafo 3.', 'Frase 0 del párrafo 4.']);
    expect(again.at(-1)).toEqual({ type: 'done' });
  });

  it('cancels even an engine that ignores the signal', async () => {
    const store = createMemoryStore();
    let releaseStuck!: (v: string[]) => void;
    const stuck: TranslationEngine = {
      info: { modelId: MODEL, isTestModel: true, dtype: 'q8' },
      ready: async () => {},
      settled: async () => {},
      stats: () => NO_STATS,
      dispose: async () => {},
      translate: () => new Promise((resolve) => (releaseStuck = resolve)),
    };
    const jobs = new TranslationJobs({ store, modelId: MODEL, getEngine: () => stuck });
    jobs.start(makeDoc('terco', 2, 1));
    await new Promise<void>((resolve) => {
      const off = jobs.subscribe('terco', (e) => {
        if (e.type === 'progress') {
          off();
          resolve();
        }
      });
    });
    // The progress after the cache lookup precedes the engine call; cancel wherever the job is now.
    jobs.cancel('terco');
    expect(await jobs.whenSettled('terco')).toMatchObject({ status: 'cancelled' });
    releaseStuck?.(['X']);
  });

  it('fails with the engine error code and message, keeps stored translations, and retries on the next start', async () => {
    const engine = new FakeEngine();
    engine.failOnCall = 2;
    const { jobs, store } = setup({ windowSentences: 2, engine });
    const doc = makeDoc('fallo', 5, 1);
    const events = await runJob(jobs, doc);
    const failed = events.at(-1);
    expect(failed).toMatchObject({ type: 'failed', code: 'model_missing' });
    expect(failed?.type === 'failed' && failed.message).toContain('paralelo model fetch');
    expect(order(events)).toEqual([0]);
    expect(await store.getJobState('fallo', MODEL)).toMatchObject({
      status: 'failed',
      errorCode: 'model_missing',
      done: 1,
      total: 5,
    });
    expect(jobs.snapshot('fallo')).toMatchObject({ status: 'failed', errorCode: 'model_missing' });
    const keys = doc.paragraphs.flatMap((p) => p.sentences.map(normalizeSentenceKey));
    expect(await store.countMachineTranslations(MODEL, keys)).toBe(1);

    engine.failOnCall = undefined;
    const callsBefore = engine.calls.length;
    const retry = await runJob(jobs, doc);
    expect(retry.at(-1)).toEqual({ type: 'done' });
    expect(order(retry)).toEqual([0, 1, 2, 3, 4]);
    expect(engine.calls.slice(callsBefore).flat()).not.toContain('Frase 0 del párrafo 0.');
    expect(await store.getJobState('fallo', MODEL)).toMatchObject({ status: 'done' });
    expect((await store.getJobState('fallo', MODEL))?.errorCode).toBeUndefined();
  });

  it('fails cleanly when the engine cannot even be created', async () => {
    const store = createMemoryStore();
    const jobs = new TranslationJobs({
      store,
      modelId: MODEL,
      getEngine: () => {
        throw new EngineError('model_not_allowed', 'test models are disabled: set PARALELO_ALLOW_TEST_MODELS=1');
      },
    });
    const events = await runJob(jobs, makeDoc('sin-motor', 2, 1));
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'model_not_allowed' });
  });

  it('fails when the engine returns the wrong number of outputs', async () => {
    const engine = new FakeEngine();
    engine.translate = async () => ['only one'];
    const { jobs } = setup({ engine });
    const events = await runJob(jobs, makeDoc('corto', 1, 3));
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'engine_failed' });
  });

  it('fails with store_failed when translations cannot be stored, and emits nothing unsaved', async () => {
    const inner = createMemoryStore();
    const store: Store = Object.assign(Object.create(inner) as Store, {
      putMachineTranslations: async () => {
        throw new StoreError('failed', 'writing machine translations failed on data/paralelo.db: disk full');
      },
    });
    const { jobs } = setup({ store });
    const events = await runJob(jobs, makeDoc('lleno', 2, 1));
    expect(order(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'store_failed' });
    expect(events.at(-1)?.type === 'failed' && events.at(-1)).toMatchObject({
      message: expect.stringContaining('disk full'),
    });
  });

  it('records the job state at start and at the end', async () => {
    const inner = createMemoryStore();
    const writes: JobState[] = [];
    const store: Store = Object.assign(Object.create(inner) as Store, {
      putJobState: async (s: JobState) => {
        writes.push({ ...s });
        await inner.putJobState(s);
      },
    });
    const { jobs } = setup({ store, windowSentences: 2 });
    await runJob(jobs, makeDoc('estado', 4, 1));
    expect(writes[0]).toMatchObject({ status: 'running', done: 0, total: 4, slug: 'estado', modelId: MODEL });
    expect(writes.at(-1)).toMatchObject({ status: 'done', done: 4, total: 4 });
    expect(writes.length).toBeLessThanOrEqual(2 + 3);
  });

  it('reports a job the store says is running but this process does not run as interrupted', async () => {
    const { jobs, store } = setup();
    await store.putJobState({ slug: 'viejo', modelId: MODEL, status: 'running', done: 2, total: 9, updatedAt: 1 });
    expect(jobs.snapshot('viejo')).toBeUndefined();
    expect(await jobs.status('viejo')).toMatchObject({ status: 'running', interrupted: true, done: 2 });
    expect(await jobs.status('nunca')).toBeUndefined();
    await runJob(jobs, makeDoc('viejo', 1, 1));
    expect(await jobs.status('viejo')).toMatchObject({ status: 'done' });
    expect((await jobs.status('viejo'))?.interrupted).toBeUndefined();
  });

  it('property: every paragraph is emitted exactly once with one target per sentence', async () => {
    const sentence = fc.constantFrom('Hola.', 'Adiós.', 'Sí.', ' Sí. ', 'No lo sé.', '¿Qué?', '', 'Él vino.', 'Ella');
    const docArb = fc.array(fc.array(sentence, { maxLength: 5 }), { maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(
        docArb,
        fc.subarray(['Hola.', 'Sí.', '¿Qué?', 'Ella']),
        fc.option(fc.nat({ max: 13 }), { nil: undefined }),
        fc.integer({ min: 1, max: 6 }),
        async (paragraphs, cachedKeys, priorityFrom, windowSentences) => {
          const store = createMemoryStore();
          await store.putMachineTranslations(
            MODEL,
            cachedKeys.map((k) => ({ sourceKey: k, target: fakeTranslate(k) })),
          );
          const { jobs, engine } = setup({ store, windowSentences });
          const doc: JobDocument = {
            slug: 'prop',
            paragraphs: paragraphs.map((sentences, index) => ({ index, sentences })),
          };
          const events = await runJob(jobs, doc, priorityFrom);
          const emitted = paragraphEvents(events);
          expect(emitted.map((e) => e.index).sort((a, b) => a - b)).toEqual(paragraphs.map((_, i) => i));
          for (const e of emitted) {
            const sources = paragraphs[e.index] ?? [];
            expect(e.targets.length).toBe(sources.length);
            expect(e.targets).toEqual(
              sources.map((s) => (normalizeSentenceKey(s) === '' ? '' : fakeTranslate(normalizeSentenceKey(s)))),
            );
          }
          const sent = engine.sentencesTranslated;
          expect(new Set(sent).size).toBe(sent.length);
          for (const k of cachedKeys) expect(sent).not.toContain(k);
          expect(events.at(-1)).toEqual({ type: 'done' });
        },
      ),
      { numRuns: 150 },
    );
  });
});
