import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresJobs, type WorkerReport } from '../../../lib/jobs';
import type { JobEvent } from '../../../lib/jobs/types';
import { openPostgresStore } from '../../../lib/store/postgres';
import type { Store } from '../../../lib/store/types';
import { FakeEngine, MODEL } from '../../helpers/fake-engine';
import { createTestSchema, hasTestDatabase } from '../../helpers/postgres';
import { describeJobQueueSuite, makeDoc } from './job-queue-suite';
import { until } from './until';

describe.runIf(hasTestDatabase())('pg-boss job queue', () => {
  describeJobQueueSuite('pg-boss', async () => {
    const location = await createTestSchema();
    const store = await openPostgresStore(location, { poolSize: 4 });
    const opened: Store[] = [];
    return {
      store,
      open: async ({ getEngine, workers }) => {
        const own = await openPostgresStore(location, { poolSize: 4 });
        opened.push(own);
        const jobs = await openPostgresJobs({
          location,
          store: own,
          modelId: MODEL,
          getEngine,
          windowSentences: 2,
          timeoutSeconds: 10,
          ...(workers > 0 ? { worker: { id: 'test-worker', pollMs: 50 } } : {}),
        });
        return jobs;
      },
      cleanup: async () => {
        for (const s of opened) await s.close();
        await store.close();
        await location.cleanup();
      },
    };
  });
});

describe.runIf(hasTestDatabase())('pg-boss job queue across restarts and workers', () => {
  let location: Awaited<ReturnType<typeof createTestSchema>>;
  const opened: { close(): Promise<void> }[] = [];
  beforeEach(async () => {
    location = await createTestSchema();
  });
  afterEach(async () => {
    for (const o of opened.splice(0).reverse()) await o.close().catch(() => {});
    await location.cleanup();
  });

  /** One process's handles: its own store and pg-boss, with a worker (named) or without. */
  async function instance(
    engine: FakeEngine,
    worker?: string,
    timeoutSeconds = 10,
    wrap: (store: Store) => Store = (s) => s,
  ) {
    const store = wrap(await openPostgresStore(location, { poolSize: 3 }));
    const reports: WorkerReport[] = [];
    const jobs = await openPostgresJobs({
      location,
      store,
      modelId: MODEL,
      getEngine: () => engine,
      windowSentences: 2,
      timeoutSeconds,
      ...(worker ? { worker: { id: worker, pollMs: 50, report: (r: WorkerReport) => reports.push(r) } } : {}),
    });
    const handle = { store, jobs, reports, close: async () => (await jobs.close(), await store.close()) };
    opened.push(handle);
    return handle;
  }

  const committedBy = async (store: Store, slug: string) => {
    const state = await store.getJobState(slug, MODEL);
    return (await store.runWindows(state!.runId!)).map((w) => w.committedBy);
  };

  it('a queued job, its progress and a cancellation outlive the web instance that started it', async () => {
    const engine = new FakeEngine();
    const web = await instance(engine);
    const doc = makeDoc('libro', 8, 2);
    await web.jobs.queue.start(doc);
    await web.close();
    // Nobody was translating; a new web instance and a worker come up.
    const web2 = await instance(engine);
    expect(await web2.jobs.queue.status('libro')).toMatchObject({ status: 'running', done: 0, total: 8 });
    const seen: JobEvent[] = [];
    await web2.jobs.events.subscribe('libro', (e) => seen.push(e));
    const worker = await instance(engine, 'w1');
    await until(() => seen.some((e) => e.type === 'done'), 'the job done', 20_000);
    expect(await web2.jobs.queue.status('libro')).toMatchObject({ status: 'done', done: 8, total: 8 });
    expect(new Set(await committedBy(worker.store, 'libro'))).toEqual(new Set(['w1']));

    // Cancelled from one instance while no worker runs, the job stays cancelled for the next one.
    await worker.close();
    await web2.jobs.queue.start(makeDoc('otro', 6));
    expect(await web2.jobs.queue.cancel('otro')).toBe(true);
    await web2.close();
    const again = await instance(engine, 'w2');
    await new Promise((r) => setTimeout(r, 500));
    expect(await again.jobs.queue.status('otro')).toMatchObject({ status: 'cancelled', done: 0 });
    expect(engine.sentencesTranslated.filter((s) => s.endsWith('de otro.'))).toEqual([]);
  });

  it('two workers share the windows of one document, each paragraph committed once', async () => {
    const engine = new FakeEngine();
    const web = await instance(engine);
    const [w1, w2] = [await instance(engine, 'w1'), await instance(engine, 'w2')];
    const seen: JobEvent[] = [];
    await web.jobs.events.subscribe('libro', (e) => seen.push(e));
    engine.hold();
    await web.jobs.queue.start(makeDoc('libro', 20, 2));
    // Both workers are inside a window at once before any is let go.
    await engine.waitForCalls(2);
    engine.release();
    const paragraphs = () => seen.flatMap((e) => (e.type === 'paragraph' ? [e.index] : []));
    await until(
      () => seen.some((e) => e.type === 'done') && paragraphs().length >= 20,
      'every paragraph and done',
      20_000,
    );
    expect(paragraphs().sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(seen.at(-1)).toEqual({ type: 'done' });
    expect(new Set(await committedBy(web.store, 'libro'))).toEqual(new Set(['w1', 'w2']));
    // A worker reports a window after publishing it: wait for the reports rather than race them.
    const windows = (await web.store.runWindows((await web.store.getJobState('libro', MODEL))!.runId!)).length;
    await until(
      () => [...w1.reports, ...w2.reports].filter((r) => r.type === 'window').length === windows,
      'a report per window',
    );
  });

  it('"done" reaches readers after the paragraphs of every window, however late a worker goes on after its commit', async () => {
    const first = new FakeEngine();
    const last = new FakeEngine();
    first.hold();
    last.hold();
    const web = await instance(first);
    // w1's process stalls after its commit (a long GC pause, a slow network): what it committed is heard anyway.
    const stalled = { commits: 0 };
    const stallAfterCommit = (store: Store): Store =>
      new Proxy(store, {
        get(target, key) {
          const value = Reflect.get(target, key, target) as unknown;
          if (key !== 'commitWindow' || typeof value !== 'function') {
            return typeof value === 'function' ? value.bind(target) : value;
          }
          return async (...args: Parameters<Store['commitWindow']>) => {
            const result = await target.commitWindow(...args);
            stalled.commits++;
            await new Promise((r) => setTimeout(r, 3000));
            return result;
          };
        },
      });
    await instance(first, 'w1', 10, stallAfterCommit);
    const seen: JobEvent[] = [];
    await web.jobs.events.subscribe('libro', (e) => seen.push(e));
    await web.jobs.queue.start(makeDoc('libro', 2, 2));
    await first.waitForCalls(1);
    await instance(last, 'w2');
    await last.waitForCalls(1);
    // w1 commits its window first; w2 commits the last one (the run is done) while w1 is still stalled.
    first.release();
    await until(() => stalled.commits === 1, "w1's commit");
    last.release();
    const paragraphs = () => seen.filter((e) => e.type === 'paragraph').length;
    await until(() => seen.some((e) => e.type === 'done') && paragraphs() === 2, 'both paragraphs and done');
    expect(seen.map((e) => e.type)).toEqual(['progress', 'paragraph', 'progress', 'paragraph', 'progress', 'done']);
    expect(new Set(await committedBy(web.store, 'libro'))).toEqual(new Set(['w1', 'w2']));
  });

  it('a worker that holds a window past the timeout is taken over, and its late commit writes nothing', async () => {
    const slow = new FakeEngine();
    slow.hold();
    const web = await instance(slow);
    const stuck = await instance(slow, 'stuck', 2);
    const seen: JobEvent[] = [];
    await web.jobs.events.subscribe('libro', (e) => seen.push(e));
    await web.jobs.queue.start(makeDoc('libro', 1, 3));
    await slow.waitForCalls(1);
    // The stuck worker's window expires (2 s, maintenance every second); a healthy worker claims it again.
    const healthy = new FakeEngine();
    const rescuer = await instance(healthy, 'rescuer', 2);
    await until(() => seen.some((e) => e.type === 'done'), 'the job done by the rescuer', 60_000);
    slow.release();
    // Refused as taken over, or as a run that has ended meanwhile (this one had one window): never written.
    await until(
      () => stuck.reports.some((r) => r.type === 'taken-over' || r.type === 'run-ended'),
      'the late commit refused',
      30_000,
    );
    const windows = await web.store.runWindows((await web.store.getJobState('libro', MODEL))!.runId!);
    expect(windows).toEqual([expect.objectContaining({ attempts: 2, claimedBy: 'rescuer', committedBy: 'rescuer' })]);
    expect(seen.filter((e) => e.type === 'paragraph')).toHaveLength(1);
    await until(
      () => rescuer.reports.some((r) => r.type === 'window' && r.attempt === 2),
      'the rescuer reporting its second try',
    );
  }, 120_000);

  it('fails the run, saying why, when a window fails every try', async () => {
    const broken = new FakeEngine();
    broken.translate = async () => {
      throw new Error('onnxruntime exploded');
    };
    const web = await instance(broken);
    await instance(broken, 'w1');
    const seen: JobEvent[] = [];
    await web.jobs.events.subscribe('roto', (e) => seen.push(e));
    await web.jobs.queue.start(makeDoc('roto', 1));
    await until(() => seen.some((e) => e.type === 'failed'), 'the run failed', 30_000);
    expect(seen.at(-1)).toMatchObject({
      type: 'failed',
      code: 'internal',
      message: expect.stringMatching(/failed 6 times; the last time: onnxruntime exploded/),
    });
    expect(await web.jobs.queue.status('roto')).toMatchObject({ status: 'failed', errorCode: 'internal' });
  });
});
