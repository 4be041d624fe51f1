import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Jobs } from '../../../lib/jobs';
import type { JobDocument, JobEvent } from '../../../lib/jobs/types';
import { EngineError, type TranslationEngine } from '../../../lib/mt/engine';
import type { Store } from '../../../lib/store/types';
import { normalizeSentenceKey } from '../../../lib/text/normalize';
import { fakeScore, fakeTranslate, MODEL, ScoringFakeEngine } from '../../helpers/fake-engine';
import { until } from './until';

/** Where a queue's jobs live and run: open() gives a web instance's handles on them, with `workers` translating. */
export interface QueueLocation {
  /** The store every handle on this location shares. */
  store: Store;
  open(options: { getEngine: () => TranslationEngine; workers: number }): Promise<Jobs>;
  cleanup(): Promise<void>;
}

/** A document of n paragraphs, each with the given number of distinct sentences. */
export function makeDoc(slug: string, paragraphs: number, sentencesEach = 1): JobDocument {
  return {
    slug,
    paragraphs: Array.from({ length: paragraphs }, (_, p) => ({
      index: p,
      sentences: Array.from({ length: sentencesEach }, (_, s) => `Frase ${s} del párrafo ${p} de ${slug}.`),
    })),
  };
}

type Paragraph = Extract<JobEvent, { type: 'paragraph' }>;

/** The behaviour every JobQueue adapter must show; each adapter's test file calls this with its own location. */
export function describeJobQueueSuite(name: string, createLocation: () => Promise<QueueLocation>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let location: QueueLocation;
    let engine: ScoringFakeEngine;
    let jobs: Jobs;
    let engineRequests = 0;
    const getEngine = () => {
      engineRequests++;
      return engine;
    };

    beforeEach(async () => {
      location = await createLocation();
      engine = new ScoringFakeEngine();
      engineRequests = 0;
      jobs = await location.open({ getEngine, workers: 1 });
    });
    afterEach(async () => {
      engine.release();
      await jobs.close();
      await location.cleanup();
    });

    /** Subscribes to the document, then collects its events until the job ends. */
    async function listen(slug: string) {
      const events: JobEvent[] = [];
      await jobs.events.subscribe(slug, (e) => events.push(e));
      const ended = () => events.some((e) => e.type === 'done' || e.type === 'cancelled' || e.type === 'failed');
      return { events, ended: () => until(ended, `the end of ${slug}`, 45_000) };
    }
    const fresh = (events: JobEvent[]) => events.filter((e): e is Paragraph => e.type === 'paragraph' && !e.cached);

    it('translates every paragraph once, emits each as it is stored, and ends done', async () => {
      const doc = makeDoc('articulo', 6, 3);
      const { events, ended } = await listen('articulo');
      expect(await jobs.queue.start(doc)).toMatchObject({ slug: 'articulo', modelId: MODEL, status: 'running' });
      await ended();
      const paragraphs = fresh(events);
      expect(paragraphs.map((e) => e.index).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
      for (const e of paragraphs) expect(e.targets).toEqual(doc.paragraphs[e.index]?.sentences.map(fakeTranslate));
      expect(events.at(-1)).toEqual({ type: 'done' });
      expect(events.filter((e) => e.type === 'progress').at(-1)).toEqual({ type: 'progress', done: 6, total: 6 });
      expect(await jobs.queue.status('articulo')).toMatchObject({ status: 'done', done: 6, total: 6 });
      expect((await jobs.queue.statuses()).get('articulo')).toMatchObject({ status: 'done' });
      const keys = doc.paragraphs.flatMap((p) => p.sentences.map(normalizeSentenceKey));
      expect(await location.store.countMachineTranslations(MODEL, keys)).toBe(18);
      expect(new Set(engine.sentencesTranslated).size).toBe(engine.sentencesTranslated.length);
    });

    it('keeps the score of each output with it (translateScored)', async () => {
      const doc = makeDoc('puntuado', 3, 2);
      const { ended } = await listen('puntuado');
      await jobs.queue.start(doc);
      await ended();
      const keys = doc.paragraphs.flatMap((p) => p.sentences.map(normalizeSentenceKey));
      const scores = await location.store.getMachineScores(MODEL, keys);
      expect(scores.size).toBe(6);
      for (const key of keys) {
        const { meanLogProb, minLogProb } = fakeScore(key);
        expect(scores.get(key)).toEqual({ meanLogProb, minLogProb });
      }
    });

    it('a second start while it runs joins the same job: nothing is translated twice', async () => {
      engine.hold();
      const doc = makeDoc('compartido', 5, 2);
      const { events, ended } = await listen('compartido');
      await jobs.queue.start(doc);
      await engine.waitForCalls(1);
      const joined = await jobs.queue.start(doc, { priorityFrom: 3 });
      expect(joined.status).toBe('running');
      engine.release();
      await ended();
      expect(
        fresh(events)
          .map((e) => e.index)
          .sort(),
      ).toEqual([0, 1, 2, 3, 4]);
      expect(engine.sentencesTranslated).toHaveLength(10);
    });

    it('starts from the paragraph asked for', async () => {
      const { events, ended } = await listen('prioridad');
      await jobs.queue.start(makeDoc('prioridad', 10), { priorityFrom: 6 });
      await ended();
      expect(fresh(events)[0]?.index).toBe(6);
    });

    it('cancels: the window in flight writes nothing, later ones do not run, and a new start does the rest', async () => {
      const doc = makeDoc('cancelado', 4, 2);
      const { events, ended } = await listen('cancelado');
      engine.hold();
      await jobs.queue.start(doc);
      await engine.waitForCalls(1);
      // The first window goes through; the second is held in the engine when the cancel comes.
      engine.releaseWaiting();
      await until(() => fresh(events).length >= 1, 'the first paragraph');
      await engine.waitForCalls(2);
      expect(await jobs.queue.cancel('cancelado')).toBe(true);
      await ended();
      expect(events.at(-1)).toEqual({ type: 'cancelled' });
      expect(await jobs.queue.cancel('cancelado')).toBe(false);
      engine.release();
      expect(await jobs.queue.status('cancelado')).toMatchObject({ status: 'cancelled' });
      const keys = doc.paragraphs.flatMap((p) => p.sentences);
      // The first paragraph stays stored; the held window wrote nothing.
      expect(await location.store.countMachineTranslations(MODEL, keys)).toBe(2);

      const calls = engine.calls.length;
      const again = await listen('cancelado');
      await jobs.queue.start(doc);
      await again.ended();
      expect(again.events.at(-1)).toEqual({ type: 'done' });
      expect(engine.calls.slice(calls).flat().sort()).toEqual(keys.slice(2).sort());
      expect(await location.store.countMachineTranslations(MODEL, keys)).toBe(8);
    });

    it('ends done without asking for the engine when every sentence is cached', async () => {
      const doc = makeDoc('guardado', 3, 2);
      const keys = doc.paragraphs.flatMap((p) => p.sentences.map(normalizeSentenceKey));
      await location.store.putMachineTranslations(
        MODEL,
        keys.map((k) => ({ sourceKey: k, target: fakeTranslate(k) })),
      );
      const { events, ended } = await listen('guardado');
      await jobs.queue.start(doc);
      await ended();
      expect(events.at(-1)).toEqual({ type: 'done' });
      expect(engineRequests).toBe(0);
      expect(fresh(events)).toEqual([]);
      expect(await jobs.queue.status('guardado')).toMatchObject({ status: 'done', done: 3, total: 3 });
    });

    it('fails with the engine’s code and message when the model is missing, and keeps them', async () => {
      engine.failOnCall = 1;
      const { events, ended } = await listen('fallo');
      await jobs.queue.start(makeDoc('fallo', 3));
      await ended();
      expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'model_missing' });
      expect(await jobs.queue.status('fallo')).toMatchObject({
        status: 'failed',
        errorCode: 'model_missing',
        errorMessage: expect.stringContaining('paralelo model fetch'),
      });
      expect(EngineError).toBeDefined();
    });

    it('answers no job for a document never started, and cancel of it is refused', async () => {
      expect(await jobs.queue.status('nunca')).toBeUndefined();
      expect(await jobs.queue.cancel('nunca')).toBe(false);
      expect((await jobs.queue.statuses()).has('nunca')).toBe(false);
    });
  });
}
