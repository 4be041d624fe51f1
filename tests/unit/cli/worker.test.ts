import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresJobs, type Jobs } from '../../../lib/jobs';
import type { JobDocument, JobEvent } from '../../../lib/jobs/types';
import { openPostgresStore } from '../../../lib/store/postgres';
import type { Store } from '../../../lib/store/types';
import { normalizeSentenceKey } from '../../../lib/text/normalize';
import { createTestSchema, hasTestDatabase } from '../../helpers/postgres';
import { startWorker as startWorkerProcess } from '../../helpers/worker-process';
import { makeModelsDir, type ModelsDir } from '../mt/fixtures';
import { until } from '../jobs/until';
import { EN, ROOT, runCli } from './run-cli';

/** Sentences long enough that a window of 32 takes the tiny model a second or two: time to kill its worker. */
function bookOf(slug: string, paragraphs: number): JobDocument {
  const long = 'En un lugar de la Mancha, de cuyo nombre no quiero acordarme, no ha mucho tiempo que vivía un hidalgo';
  return {
    slug,
    paragraphs: Array.from({ length: paragraphs }, (_, p) => ({
      index: p,
      sentences: [
        `${long} del párrafo ${p} de ${slug}.`,
        `Y otra frase, la segunda del párrafo ${p} de ${slug}: ${long}.`,
      ],
    })),
  };
}

/** `paralelo worker --json` as a child process, with its reports as they come. */
const startWorker = (id: string, env: Record<string, string>) => startWorkerProcess(ROOT, id, { ...EN, ...env });

describe.runIf(hasTestDatabase())('paralelo worker (PostgreSQL)', () => {
  let location: Awaited<ReturnType<typeof createTestSchema>>;
  let models: ModelsDir;
  let env: Record<string, string>;
  let store: Store;
  let web: Jobs;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    location = await createTestSchema();
    models = await makeModelsDir('cli-worker');
    const model = await models.addTinyModel('worker');
    env = {
      PARALELO_DATABASE_URL: location.url,
      PARALELO_DATABASE_SCHEMA: location.schema,
      PARALELO_MODELS_DIR: models.modelsDir,
      PARALELO_MODEL: model.modelId,
      PARALELO_ALLOW_TEST_MODELS: '1',
      PARALELO_MT_THREADS: '1',
      PARALELO_JOB_TIMEOUT_SECONDS: '10',
    };
    // The test is the web instance: it enqueues and listens, and translates nothing itself.
    store = await openPostgresStore(location, { poolSize: 3 });
    web = await openPostgresJobs({
      location,
      store,
      modelId: model.modelId,
      timeoutSeconds: 10,
      getEngine: () => {
        throw new Error('the web instance must not translate');
      },
    });
  });

  // A test that fails midway must not leave its workers taking the next test's windows.
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  afterAll(async () => {
    await web?.close();
    await store?.close();
    await location?.cleanup();
    await models?.cleanup();
  });

  async function listen(slug: string) {
    const events: JobEvent[] = [];
    await web.events.subscribe(slug, (e) => events.push(e));
    return events;
  }

  it('a worker killed -9 mid-window: another finishes the job after the timeout, every paragraph exactly once', async () => {
    const doc = bookOf('quijote', 40);
    const events = await listen('quijote');
    const a = startWorker('worker-a', env);
    children.push(a.child);
    await until(() => a.reports.some((r) => r.type === 'ready'), 'worker A ready', 60_000);
    await web.queue.start(doc);
    // Worker A takes the second window (32 long sentences) and is killed while translating it.
    await until(
      () => a.reports.some((r) => r.type === 'claimed' && r.window === 1),
      'worker A inside window 1',
      60_000,
    );
    a.child.kill('SIGKILL');
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const b = startWorker('worker-b', env);
    children.push(b.child);
    await until(() => events.some((e) => e.type === 'done'), 'the job done by worker B', 90_000);

    const state = await store.getJobState('quijote', env.PARALELO_MODEL!);
    expect(state).toMatchObject({ status: 'done', done: 40, total: 40 });
    const windows = await store.runWindows(state!.runId!);
    expect(windows.map((w) => [w.window, w.attempts, w.committedBy])).toEqual([
      [0, 1, 'worker-a'],
      [1, 2, 'worker-b'],
      [2, 1, 'worker-b'],
    ]);
    // Each paragraph in exactly one window, committed once; each reached the reader exactly once.
    const planned = windows.flatMap((w) => w.paragraphs.map((p) => p.index)).sort((x, y) => x - y);
    expect(planned).toEqual(doc.paragraphs.map((p) => p.index));
    const delivered = events.flatMap((e) => (e.type === 'paragraph' ? [e.index] : [])).sort((x, y) => x - y);
    expect(delivered).toEqual(doc.paragraphs.map((p) => p.index));
    const keys = doc.paragraphs.flatMap((p) => p.sentences.map(normalizeSentenceKey));
    expect(await store.countMachineTranslations(env.PARALELO_MODEL!, keys)).toBe(80);
    // Its report line follows the commit and the events: wait for it rather than race it.
    await until(
      () => b.reports.some((r) => r.type === 'window' && r.window === 1 && r.attempt === 2),
      'worker B reporting window 1 on its second try',
    );

    b.child.kill('SIGTERM');
    expect(await b.exited).toEqual({ code: 0, signal: null });
    expect(b.reports.at(-1)).toMatchObject({ type: 'stopped', id: 'worker-b' });
  }, 240_000);

  it('SIGTERM lets the window in hand finish and be written, then the worker exits 0 without taking another', async () => {
    const doc = bookOf('cervantes', 40);
    const events = await listen('cervantes');
    const c = startWorker('worker-c', env);
    children.push(c.child);
    await until(() => c.reports.some((r) => r.type === 'ready'), 'worker C ready', 60_000);
    await web.queue.start(doc);
    await until(() => c.reports.some((r) => r.type === 'claimed' && r.window === 1), 'worker C in window 1', 60_000);
    c.child.kill('SIGTERM');
    expect(await c.exited).toEqual({ code: 0, signal: null });
    const windows = c.reports.filter((r) => r.type === 'window').map((r) => (r as { window: number }).window);
    expect(windows).toEqual([0, 1]);
    expect(c.reports.filter((r) => r.type === 'claimed')).toHaveLength(2);
    await until(() => events.filter((e) => e.type === 'paragraph').length === 17, 'the first two windows');
    expect(await web.queue.status('cervantes')).toMatchObject({ status: 'running', done: 17, total: 40 });
    expect(await web.queue.cancel('cervantes')).toBe(true);
  }, 180_000);

  it('refuses to start without PARALELO_DATABASE_URL or without the model, saying what to do', async () => {
    const noDb = await runCli(['worker'], { ...env, PARALELO_DATABASE_URL: '' });
    expect(noDb.code).toBe(1);
    expect(noDb.stderr).toContain('set PARALELO_DATABASE_URL=postgres://');
    const noModel = await runCli(['worker'], { ...env, PARALELO_MODEL: 'test/not-installed' });
    expect(noModel.code).toBe(1);
    expect(noModel.stderr).toMatch(/test\/not-installed is not installed.*paralelo model fetch/);
  }, 120_000);
});
