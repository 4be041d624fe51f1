import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  GlossaryEntryInput,
  JobState,
  NewCheckIgnoreEvent,
  RunPlan,
  Store,
  WindowClaim,
} from '../../../lib/store/types';
import { newRevision } from './new-revision';
import { describeScoreContract } from './scores-suite';

export { newRevision };

/**
 * A place a store lives (a file, a shared memory database): open() gives a new handle on the same data, as a
 * restarted server or a second process would get.
 */
export interface StoreLocation {
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

/** The behaviour every Store adapter must show; each adapter's test file calls this with its own location. */
export function describeStoreSuite(name: string, createLocation: () => Promise<StoreLocation>): void {
  describe(`Store contract: ${name}`, () => {
    let location: StoreLocation;
    let store: Store;
    const others: Store[] = [];

    beforeEach(async () => {
      location = await createLocation();
      store = await location.open();
    });

    afterEach(async () => {
      for (const s of others.splice(0)) await s.close();
      await store.close();
      await location.cleanup();
    });

    const reopen = async () => {
      const s = await location.open();
      others.push(s);
      return s;
    };

    it('returns nothing for keys never stored', async () => {
      expect((await store.getMachineTranslations('m', ['hola'])).size).toBe(0);
      expect(await store.getMachineTranslations('m', [])).toEqual(new Map());
      expect(await store.countMachineTranslations('m', ['hola'])).toBe(0);
    });

    it('stores machine translations per model and returns only the keys asked for', async () => {
      await store.putMachineTranslations('m1', [
        { sourceKey: 'Hola.', target: 'Hello.' },
        { sourceKey: 'Adiós.', target: 'Goodbye.' },
      ]);
      await store.putMachineTranslations('m2', [{ sourceKey: 'Hola.', target: 'Hi.' }]);
      const found = await store.getMachineTranslations('m1', ['Hola.', 'Nada.', 'Hola.']);
      expect(found).toEqual(new Map([['Hola.', 'Hello.']]));
      expect(await store.getMachineTranslations('m2', ['Hola.', 'Adiós.'])).toEqual(new Map([['Hola.', 'Hi.']]));
      expect(await store.countMachineTranslations('m1', ['Hola.', 'Adiós.', 'Nada.', 'Hola.'])).toBe(2);
    });

    it('upserts: writing the same key again replaces the target and is idempotent', async () => {
      const entries = [{ sourceKey: 'Sí.', target: 'Yes.' }];
      await store.putMachineTranslations('m', entries);
      await store.putMachineTranslations('m', entries);
      expect(await store.countMachineTranslations('m', ['Sí.'])).toBe(1);
      await store.putMachineTranslations('m', [{ sourceKey: 'Sí.', target: 'Yes!' }]);
      expect((await store.getMachineTranslations('m', ['Sí.'])).get('Sí.')).toBe('Yes!');
      await store.putMachineTranslations('m', []);
    });

    it('keeps keys exactly: case, accents, quotes and emoji are distinct keys', async () => {
      const keys = ['Él dijo «sí».', 'él dijo «sí».', 'It\'s "quoted"', '😀 ñandú', 'a%_b', ''];
      await store.putMachineTranslations(
        'm',
        keys.map((k, i) => ({ sourceKey: k, target: `t${i}` })),
      );
      const found = await store.getMachineTranslations('m', keys);
      expect(keys.map((k) => found.get(k))).toEqual(keys.map((_, i) => `t${i}`));
      expect((await store.getMachineTranslations('m', ['a__b'])).size).toBe(0);
    });

    it('handles 5,000 keys in one put and one get', async () => {
      const entries = Array.from({ length: 5000 }, (_, i) => ({
        sourceKey: `Frase número ${i}.`,
        target: `Sentence ${i}.`,
      }));
      await store.putMachineTranslations('m', entries);
      const keys = [...entries.map((e) => e.sourceKey), ...Array.from({ length: 1000 }, (_, i) => `falta ${i}`)];
      const found = await store.getMachineTranslations('m', keys);
      expect(found.size).toBe(5000);
      expect(found.get('Frase número 4999.')).toBe('Sentence 4999.');
      expect(found.get('Frase número 0.')).toBe('Sentence 0.');
      expect(await store.countMachineTranslations('m', keys)).toBe(5000);
    });

    describeScoreContract(() => store, reopen);

    it('round-trips job states, with and without an error, and lists them by model', async () => {
      expect(await store.getJobState('doc', 'm')).toBeUndefined();
      const running: JobState = {
        slug: 'doc',
        modelId: 'm',
        status: 'running',
        done: 3,
        total: 10,
        updatedAt: 1_700_000_000_000,
      };
      await store.putJobState(running);
      expect(await store.getJobState('doc', 'm')).toEqual(running);
      expect(await store.getJobState('doc', 'other')).toBeUndefined();

      const failed: JobState = {
        ...running,
        status: 'failed',
        errorCode: 'model_missing',
        errorMessage: 'models/x is missing: run paralelo model fetch',
        updatedAt: 1_700_000_000_500,
      };
      await store.putJobState(failed);
      expect(await store.getJobState('doc', 'm')).toEqual(failed);

      const done: JobState = { ...running, status: 'done', done: 10, updatedAt: 1_700_000_001_000 };
      await store.putJobState(done);
      expect(await store.getJobState('doc', 'm')).toEqual(done);

      await store.putJobState({ ...done, slug: 'another' });
      await store.putJobState({ ...done, modelId: 'm2' });
      expect((await store.listJobStates('m')).map((s) => s.slug)).toEqual(['another', 'doc']);
      expect(await store.listJobStates('none')).toEqual([]);
    });

    it('does not share state objects with callers', async () => {
      const state: JobState = { slug: 'd', modelId: 'm', status: 'running', done: 0, total: 1, updatedAt: 1 };
      await store.putJobState(state);
      state.done = 99;
      const read = await store.getJobState('d', 'm');
      expect(read?.done).toBe(0);
      if (read) read.done = 42;
      expect((await store.getJobState('d', 'm'))?.done).toBe(0);
    });

    it('keeps data when reopened, and opening again is harmless', async () => {
      await store.putMachineTranslations('m', [{ sourceKey: 'Uno.', target: 'One.' }]);
      await store.putJobState({ slug: 'd', modelId: 'm', status: 'done', done: 1, total: 1, updatedAt: 5 });
      await store.close();
      store = await location.open();
      await (await reopen()).close();
      store = await location.open();
      expect((await store.getMachineTranslations('m', ['Uno.'])).get('Uno.')).toBe('One.');
      expect((await store.getJobState('d', 'm'))?.status).toBe('done');
    });

    it('lets two open handles on the same data see each other’s writes', async () => {
      const second = await reopen();
      await store.putMachineTranslations('m', [{ sourceKey: 'Dos.', target: 'Two.' }]);
      expect((await second.getMachineTranslations('m', ['Dos.'])).get('Dos.')).toBe('Two.');
      await second.putJobState({ slug: 'd', modelId: 'm', status: 'running', done: 0, total: 2, updatedAt: 7 });
      expect((await store.getJobState('d', 'm'))?.total).toBe(2);
      // Interleaved writers: both succeed (WAL + busy timeout + IMMEDIATE for SQLite).
      await Promise.all([
        store.putMachineTranslations('m', [{ sourceKey: 'a', target: '1' }]),
        second.putMachineTranslations('m', [{ sourceKey: 'b', target: '2' }]),
      ]);
      expect(await second.countMachineTranslations('m', ['a', 'b', 'Dos.'])).toBe(3);
    });

    it('rejects with a clear error after close, and close twice is fine', async () => {
      await store.close();
      await store.close();
      await expect(store.getMachineTranslations('m', ['x'])).rejects.toThrow(/\[paralelo:store\].*closed/);
      await expect(
        store.putJobState({ slug: 'd', modelId: 'm', status: 'done', done: 0, total: 0, updatedAt: 0 }),
      ).rejects.toMatchObject({
        name: 'StoreError',
        code: 'closed',
      });
      store = await location.open();
    });

    describe('queued runs', () => {
      /** A run of `windows` (paragraph indices per window), each paragraph one sentence "Frase N.". */
      const plan = (runId: string, windows: number[][], overrides: Partial<RunPlan> = {}): RunPlan => ({
        runId,
        slug: 'libro',
        modelId: 'm',
        total: windows.flat().length + 1,
        done: 1,
        windows: windows.map((w) => w.map((index) => ({ index, keys: [`Frase ${index}.`] }))),
        startedAt: 1000,
        ...overrides,
      });
      const entriesOf = (claim: WindowClaim) =>
        claim.paragraphs.flatMap((p) => p.keys.map((k) => ({ sourceKey: k, target: `EN ${k}` })));
      const claimed = async (s: Store, runId: string, job: string, worker = 'w1') => {
        const result = await s.claimWindow(runId, job, worker);
        if (result.status !== 'claimed') throw new Error(`expected a claim, got ${result.status}`);
        return result.claim;
      };

      it('starts a run as the running job, and a second start joins it without writing', async () => {
        const first = await store.startRun(plan('r1', [[1], [2, 3]]));
        expect(first).toEqual({
          started: true,
          state: { slug: 'libro', modelId: 'm', status: 'running', done: 1, total: 4, updatedAt: 1000, runId: 'r1' },
        });
        const again = await store.startRun(plan('r2', [[1, 2, 3]], { startedAt: 2000 }));
        expect(again).toEqual({ started: false, state: first.state });
        expect(await store.getJobState('libro', 'm')).toEqual(first.state);
        expect(await store.listJobStates('m')).toEqual([first.state]);
        expect(await store.runWindows('r2')).toEqual([]);
        expect((await store.runWindows('r1')).map((w) => w.paragraphs.map((p) => p.index))).toEqual([[1], [2, 3]]);
      });

      it('changes the translations version with a committed window, seen through another handle too', async () => {
        await store.startRun(plan('r1', [[1]]));
        const before = await store.translationVersion();
        const claim = await claimed(store, 'r1', 'job-a', 'w1');
        expect(await store.translationVersion()).toBe(before); // a claim writes no translation
        await store.commitWindow(claim, entriesOf(claim), 'w1', 1500);
        const after = await store.translationVersion();
        expect(after).not.toBe(before);
        expect(await (await reopen()).translationVersion()).toBe(after);
      });

      it('is done at once when every paragraph was translated before (no window)', async () => {
        const result = await store.startRun(plan('r1', [], { total: 5, done: 5 }));
        expect(result).toMatchObject({ started: true, state: { status: 'done', done: 5, total: 5, runId: 'r1' } });
        expect(await store.claimWindow('r1', 'job-a', 'w1')).toEqual({ status: 'unknown' });
        expect(await store.startRun(plan('r2', [[1]]))).toMatchObject({ started: true });
      });

      it('gives each queue job the next window in order, and a retried job its own window again', async () => {
        await store.startRun(plan('r1', [[1], [2], [3]]));
        const a = await claimed(store, 'r1', 'job-a', 'w1');
        const b = await claimed(store, 'r1', 'job-b', 'w1');
        expect([a.window, b.window]).toEqual([0, 1]);
        expect(a).toMatchObject({
          slug: 'libro',
          modelId: 'm',
          attempt: 1,
          paragraphs: [{ index: 1, keys: ['Frase 1.'] }],
        });
        // job-a's worker died: the queue hands job-a to another worker, which gets the same window, a new token.
        const retried = await claimed(store, 'r1', 'job-a', 'w2');
        expect(retried).toMatchObject({ window: 0, attempt: 2 });
        expect(retried.token).not.toBe(a.token);
        // The first holder wakes up late: its commit is refused and writes nothing.
        expect(await store.commitWindow(a, entriesOf(a), 'w1', 1500)).toEqual({ ok: false, reason: 'stale' });
        expect(await store.getMachineTranslations('m', ['Frase 1.'])).toEqual(new Map());
        const committed = await store.commitWindow(retried, entriesOf(retried), 'w2', 1600);
        expect(committed).toMatchObject({ ok: true, state: { status: 'running', done: 2, updatedAt: 1600 } });
        expect((await store.getMachineTranslations('m', ['Frase 1.'])).get('Frase 1.')).toBe('EN Frase 1.');
        // Committing the same claim twice writes once.
        expect(await store.commitWindow(retried, entriesOf(retried), 'w2', 1700)).toEqual({
          ok: false,
          reason: 'stale',
        });
        const windows = await store.runWindows('r1');
        expect(windows[0]).toMatchObject({
          jobKey: 'job-a',
          attempts: 2,
          claimedBy: 'w2',
          committedBy: 'w2',
          committedAt: 1600,
        });
        expect(windows[1]).toMatchObject({ jobKey: 'job-b', attempts: 1, committedBy: null });
      });

      it('ends done with its last window; a job retried after its commit learns it has nothing to do', async () => {
        await store.startRun(plan('r1', [[1], [2, 3]]));
        const a = await claimed(store, 'r1', 'job-a');
        const b = await claimed(store, 'r1', 'job-b');
        await store.commitWindow(b, entriesOf(b), 'w1', 1100);
        const last = await store.commitWindow(a, entriesOf(a), 'w1', 1200);
        expect(last).toEqual({
          ok: true,
          state: { slug: 'libro', modelId: 'm', status: 'done', done: 4, total: 4, updatedAt: 1200, runId: 'r1' },
        });
        expect(await store.getJobState('libro', 'm')).toEqual(last.ok && last.state);
        expect(await store.claimWindow('r1', 'job-c', 'w1')).toEqual({ status: 'none' });
        // Done is not running: a retry of job-a hears none, as any late job of an ended run does.
        expect(await store.claimWindow('r1', 'job-a', 'w2')).toEqual({ status: 'none' });
      });

      it('answers committed to a retried job whose window was committed while the run goes on', async () => {
        await store.startRun(plan('r1', [[1], [2]]));
        const a = await claimed(store, 'r1', 'job-a');
        await store.commitWindow(a, entriesOf(a), 'w1', 1100);
        const again = await store.claimWindow('r1', 'job-a', 'w2');
        expect(again).toMatchObject({
          status: 'committed',
          window: { window: 0, committedBy: 'w1', paragraphs: [{ index: 1 }] },
          state: { status: 'running', done: 2 },
        });
        expect(await store.claimWindow('no-such-run', 'job-a', 'w1')).toEqual({ status: 'unknown' });
      });

      it('a cancelled run gives no more windows and refuses the commits still out, writing nothing', async () => {
        await store.startRun(plan('r1', [[1], [2]]));
        const a = await claimed(store, 'r1', 'job-a');
        const cancelled = await store.endRun('r1', 'cancelled', 1300);
        expect(cancelled).toMatchObject({ status: 'cancelled', done: 1, updatedAt: 1300, runId: 'r1' });
        expect(await store.endRun('r1', 'cancelled', 1400)).toBeUndefined();
        expect(await store.claimWindow('r1', 'job-b', 'w1')).toEqual({ status: 'none' });
        expect(await store.commitWindow(a, entriesOf(a), 'w1', 1500)).toEqual({ ok: false, reason: 'ended' });
        expect(await store.countMachineTranslations('m', ['Frase 1.'])).toBe(0);
        expect(await store.getJobState('libro', 'm')).toEqual(cancelled);
        expect(await store.prioritizeRun('r1', 0)).toBe(false);
      });

      it('records why a run failed', async () => {
        await store.startRun(plan('r1', [[1]]));
        const failed = await store.endRun('r1', 'failed', 1300, { code: 'model_missing', message: 'run model fetch' });
        expect(failed).toEqual({
          slug: 'libro',
          modelId: 'm',
          status: 'failed',
          done: 1,
          total: 2,
          updatedAt: 1300,
          runId: 'r1',
          errorCode: 'model_missing',
          errorMessage: 'run model fetch',
        });
        expect(await store.getJobState('libro', 'm')).toEqual(failed);
      });

      it('prioritizes the unclaimed windows holding the paragraphs from the one asked for', async () => {
        await store.startRun(plan('r1', [[0], [1, 2], [3, 4], [5, 6], [7]]));
        const first = await claimed(store, 'r1', 'job-0');
        expect(await store.prioritizeRun('r1', 4)).toBe(true);
        const order = [];
        for (let i = 1; i <= 4; i++) order.push((await claimed(store, 'r1', `job-${i}`)).window);
        expect([first.window, ...order]).toEqual([0, 2, 3, 4, 1]);
        expect(await store.prioritizeRun('no-such-run', 0)).toBe(false);
      });

      it('a new run replaces an ended one and its windows; a job state written in process replaces a run', async () => {
        await store.startRun(plan('r1', [[1], [2]]));
        await store.endRun('r1', 'cancelled', 1100);
        const next = await store.startRun(plan('r2', [[1, 2]], { startedAt: 1200 }));
        expect(next).toMatchObject({ started: true, state: { runId: 'r2', status: 'running' } });
        expect(await store.runWindows('r1')).toEqual([]);
        expect(await store.claimWindow('r1', 'job-a', 'w1')).toEqual({ status: 'unknown' });
        // `paralelo translate` on the same document (in process) takes the document over: the run gives no windows.
        await store.putJobState({ slug: 'libro', modelId: 'm', status: 'running', done: 0, total: 3, updatedAt: 1300 });
        expect(await store.getJobState('libro', 'm')).not.toHaveProperty('runId');
        expect(await store.claimWindow('r2', 'job-a', 'w1')).toEqual({ status: 'none' });
      });

      it('concurrent claims from two handles get distinct windows; concurrent commits all count', async () => {
        const second = await reopen();
        const windows = Array.from({ length: 5 }, (_, i) => [i + 1]);
        await store.startRun(plan('r1', windows, { total: 6, done: 1 }));
        const claims = await Promise.all(
          Array.from({ length: 8 }, (_, i) => (i % 2 ? second : store).claimWindow('r1', `job-${i}`, `w${i % 2}`)),
        );
        const got = claims.flatMap((c) => (c.status === 'claimed' ? [c.claim] : []));
        expect(got.map((c) => c.window).sort()).toEqual([0, 1, 2, 3, 4]);
        expect(claims.filter((c) => c.status === 'none')).toHaveLength(3);
        const commits = await Promise.all(
          got.map((c, i) => (i % 2 ? second : store).commitWindow(c, entriesOf(c), 'w', 2000 + i)),
        );
        expect(commits.every((c) => c.ok)).toBe(true);
        expect(await store.getJobState('libro', 'm')).toMatchObject({ status: 'done', done: 6, total: 6 });
      });
    });

    describe('revisions', () => {
      it('appends against the expected base and refuses a stale one without writing', async () => {
        const first = await store.appendRevision(newRevision({ clientSaveId: 'a' }), null);
        expect(first).toMatchObject({ ok: true, kind: 'saved', revision: { text: 'Hello.', baseRevisionId: null } });
        if (!first.ok) throw new Error('unreachable');
        const second = await store.appendRevision(
          newRevision({ clientSaveId: 'b', text: 'Hi there.' }),
          first.revision.id,
        );
        expect(second).toMatchObject({ ok: true, kind: 'saved', revision: { baseRevisionId: first.revision.id } });
        if (!second.ok) throw new Error('unreachable');
        expect(second.revision.id).toBeGreaterThan(first.revision.id);

        const stale = await store.appendRevision(newRevision({ clientSaveId: 'c', text: 'Lost?' }), first.revision.id);
        expect(stale).toMatchObject({ ok: false, code: 'conflict', latest: { id: second.revision.id } });
        const none = await store.appendRevision(newRevision({ clientSaveId: 'd' }), null);
        expect(none).toMatchObject({ ok: false, code: 'conflict' });
        const list = await store.listRevisions('doc', 0, { limit: 10 });
        expect(list.map((r) => r.text)).toEqual(['Hi there.', 'Hello.']);
      });

      it('returns the same revision for a repeated clientSaveId, even with a stale base, and writes once', async () => {
        const first = await store.appendRevision(newRevision({ clientSaveId: 'same' }), null);
        const again = await store.appendRevision(newRevision({ clientSaveId: 'same' }), null);
        expect(again).toEqual({ ...first, kind: 'replayed' });
        // The same id on another paragraph is another save.
        const other = await store.appendRevision(newRevision({ clientSaveId: 'same', paragraphIndex: 1 }), null);
        expect(other).toMatchObject({ ok: true, kind: 'saved' });
        expect(await store.listRevisions('doc', 0, { limit: 10 })).toHaveLength(1);
      });

      it('lets exactly one of concurrent saves on the same base win, from two handles', async () => {
        const second = await reopen();
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            (i % 2 ? second : store).appendRevision(newRevision({ clientSaveId: `c${i}`, text: `T${i}` }), null),
          ),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok && r.code === 'conflict')).toHaveLength(7);
        const replays = await Promise.all(
          Array.from({ length: 4 }, (_, i) =>
            (i % 2 ? second : store).appendRevision(newRevision({ paragraphIndex: 2, clientSaveId: 'twin' }), null),
          ),
        );
        expect(replays.map((r) => r.ok && r.kind).sort()).toEqual(['replayed', 'replayed', 'replayed', 'saved']);
        expect(await store.listRevisions('doc', 2, { limit: 10 })).toHaveLength(1);
      });

      it('appends revisions of several paragraphs as one change: all of them, or none on a conflict', async () => {
        const pair = (target: string) => [{ level: 'sentence' as const, sourceKey: `src ${target}`, target }];
        const a0 = await store.appendRevision(newRevision({ clientSaveId: 'a0', memory: pair('A0') }), null);
        if (!a0.ok) throw new Error('unreachable');
        const both = await store.appendRevisions([
          {
            revision: newRevision({ clientSaveId: 'a1', text: 'A1.', memory: pair('A1') }),
            expectedBaseId: a0.revision.id,
          },
          { revision: newRevision({ clientSaveId: 'b1', text: 'B1.', paragraphIndex: 1 }), expectedBaseId: null },
        ]);
        expect(both).toMatchObject({ ok: true, results: [{ kind: 'saved' }, { kind: 'saved' }] });
        if (!both.ok) throw new Error('unreachable');
        const [a1, b1] = both.results.map((r) => r.revision);

        // The second one is stale: the first, valid on its own, is not written either, nor its memory pairs.
        const torn = await store.appendRevisions([
          { revision: newRevision({ clientSaveId: 'a2', text: 'A2.', memory: pair('A2') }), expectedBaseId: a1!.id },
          { revision: newRevision({ clientSaveId: 'b2', text: 'B2.', paragraphIndex: 1 }), expectedBaseId: null },
        ]);
        expect(torn).toMatchObject({ ok: false, code: 'conflict', at: 1, latest: { id: b1!.id } });
        expect((await store.listRevisions('doc', 0, { limit: 10 })).map((r) => r.text)).toEqual(['A1.', 'Hello.']);
        expect((await store.listRevisions('doc', 1, { limit: 10 })).map((r) => r.text)).toEqual(['B1.']);
        expect((await store.lookupMemory([], ['src A2', 'src A1'])).sentences).toEqual(new Map([['src A1', 'A1']]));

        // A retry of the whole change is recognised per paragraph; a new revision of one paragraph may follow another.
        const again = await store.appendRevisions([
          { revision: newRevision({ clientSaveId: 'a1', text: 'A1.' }), expectedBaseId: a0.revision.id },
          { revision: newRevision({ clientSaveId: 'a3', text: 'A3.' }), expectedBaseId: a1!.id },
        ]);
        expect(again).toMatchObject({ ok: true, results: [{ kind: 'replayed' }, { kind: 'saved' }] });
        expect(await store.appendRevisions([])).toEqual({ ok: true, results: [] });
      });

      it('answers "unchanged" for a save identical to the latest revision', async () => {
        const first = await store.appendRevision(newRevision({ clientSaveId: 'x1' }), null);
        if (!first.ok) throw new Error('unreachable');
        const same = await store.appendRevision(newRevision({ clientSaveId: 'x2' }), first.revision.id);
        expect(same).toMatchObject({ ok: true, kind: 'unchanged', revision: { id: first.revision.id } });
        const approved = await store.appendRevision(
          newRevision({ clientSaveId: 'x3', status: 'approved' }),
          first.revision.id,
        );
        expect(approved).toMatchObject({ ok: true, kind: 'saved', revision: { status: 'approved' } });
      });

      it('keeps every field, lists newest first with paging, and finds revisions only on their paragraph', async () => {
        let base: number | null = null;
        for (let i = 0; i < 5; i++) {
          const r = await store.appendRevision(
            newRevision({ clientSaveId: `p${i}`, text: `v${i}`, author: i % 2 ? null : 'Ana', createdAt: 1000 + i }),
            base,
          );
          if (!r.ok) throw new Error('unreachable');
          base = r.revision.id;
        }
        const all = await store.listRevisions('doc', 0, { limit: 100 });
        expect(all.map((r) => r.text)).toEqual(['v4', 'v3', 'v2', 'v1', 'v0']);
        expect(all[1]).toMatchObject({
          author: null,
          createdAt: 1003,
          sourceText: 'Hola.',
          machineText: 'Hi.',
          modelId: 'm',
        });
        const page = await store.listRevisions('doc', 0, { limit: 2, beforeId: all[1]!.id });
        expect(page.map((r) => r.text)).toEqual(['v2', 'v1']);
        expect(await store.getRevision('doc', 0, all[0]!.id)).toEqual(all[0]);
        expect(await store.getRevision('doc', 1, all[0]!.id)).toBeUndefined();
        expect(await store.getRevision('other', 0, all[0]!.id)).toBeUndefined();
        const latest = await store.latestRevisions('doc');
        expect([...latest.keys()]).toEqual([0]);
        expect(latest.get(0)?.text).toBe('v4');
        expect((await store.latestRevisions('none')).size).toBe(0);
      });

      it('keeps revisions across reopening', async () => {
        await store.appendRevision(newRevision({ clientSaveId: 'keep' }), null);
        await store.close();
        store = await location.open();
        expect((await store.listRevisions('doc', 0, { limit: 1 }))[0]?.clientSaveId).toBe('keep');
      });

      it('translation memory: approved beats edited, newest beats older, a re-save replaces its own pairs', async () => {
        const pair = (target: string) => [{ level: 'sentence' as const, sourceKey: 'Hola.', target }];
        await store.appendRevision(
          newRevision({ slug: 'a', clientSaveId: '1', memory: pair('Hello (approved).'), status: 'approved' }),
          null,
        );
        await store.appendRevision(
          newRevision({ slug: 'b', clientSaveId: '2', memory: pair('Hello (edited, newer).') }),
          null,
        );
        expect((await store.lookupMemory([], ['Hola.'])).sentences.get('Hola.')).toBe('Hello (approved).');
        await store.appendRevision(
          newRevision({ slug: 'c', clientSaveId: '3', memory: pair('Hi (approved, newest).'), status: 'approved' }),
          null,
        );
        expect((await store.lookupMemory([], ['Hola.'])).sentences.get('Hola.')).toBe('Hi (approved, newest).');
        // Document c saves again without that pair: its old pair no longer counts.
        const c = await store.listRevisions('c', 0, { limit: 1 });
        await store.appendRevision(newRevision({ slug: 'c', clientSaveId: '4', text: 'Other.', memory: [] }), c[0]!.id);
        const found = await store.lookupMemory(['Hola.'], ['Hola.', 'Nada.']);
        expect(found.sentences).toEqual(new Map([['Hola.', 'Hello (approved).']]));
        expect(found.paragraphs.size).toBe(0);
        await store.appendRevision(
          newRevision({
            slug: 'd',
            clientSaveId: '5',
            memory: [{ level: 'paragraph', sourceKey: 'Hola.', target: 'P' }],
          }),
          null,
        );
        expect((await store.lookupMemory(['Hola.'], [])).paragraphs.get('Hola.')).toBe('P');
      });

      it('changes the translations version with every write of revisions, machine translations and memory only', async () => {
        const versions = [await store.translationVersion()];
        const expectChanged = async () => {
          const now = await store.translationVersion();
          expect(versions).not.toContain(now);
          versions.push(now);
        };
        await store.putMachineTranslations('m', [{ sourceKey: 'Hola.', target: 'Hello.' }]);
        await expectChanged();
        // Overwriting a key writes too (the same row, a new text).
        await store.putMachineTranslations('m', [{ sourceKey: 'Hola.', target: 'Hi.' }]);
        await expectChanged();
        const saved = await store.appendRevision(newRevision({ clientSaveId: 'v1' }), null);
        await expectChanged();
        if (!saved.ok) throw new Error('not saved');
        await store.appendRevisions([
          { revision: newRevision({ clientSaveId: 'v2', text: 'Hey.' }), expectedBaseId: saved.revision.id },
        ]);
        await expectChanged();
        await store.importMemory([{ level: 'sentence', sourceKey: 'Sí.', target: 'Yes.', approved: true }], 'a.tmx');
        await expectChanged();
        // Reads, ignores and the glossary (the findings cache keys those itself) leave it as it is.
        await store.lookupMemory(['Hola.'], ['Sí.']);
        await store.getMachineTranslations('m', ['Hola.']);
        await store.recordCheckIgnore({
          slug: 'doc',
          paragraphIndex: 0,
          findingKey: 'numbers.missing?number=1',
          ignored: true,
          author: null,
          createdAt: 1,
        });
        expect(await store.translationVersion()).toBe(versions.at(-1));
        expect(await (await reopen()).translationVersion()).toBe(versions.at(-1));
      });

      it('imported memory: found across the store, re-import replaces, local work wins at the same approval', async () => {
        const entry = (target: string, approved: boolean) => ({
          level: 'sentence' as const,
          sourceKey: 'Sí.',
          target,
          approved,
        });
        expect(await store.importMemory([entry('Yes (file, draft).', false)], 'a.tmx')).toEqual({ stored: 1 });
        expect((await store.lookupMemory([], ['Sí.'])).sentences.get('Sí.')).toBe('Yes (file, draft).');
        await store.importMemory([entry('Yes (file, final).', true)], 'b.xlf');
        expect((await store.lookupMemory([], ['Sí.'])).sentences.get('Sí.')).toBe('Yes (file, final).');
        // A local edit does not beat an approved imported pair; a local approval does.
        await store.appendRevision(
          newRevision({ clientSaveId: 'i1', memory: [{ level: 'sentence', sourceKey: 'Sí.', target: 'Yes (mine).' }] }),
          null,
        );
        expect((await store.lookupMemory([], ['Sí.'])).sentences.get('Sí.')).toBe('Yes (file, final).');
        await store.appendRevision(
          newRevision({
            slug: 'other',
            clientSaveId: 'i2',
            status: 'approved',
            memory: [{ level: 'sentence', sourceKey: 'Sí.', target: 'Yes (mine, approved).' }],
          }),
          null,
        );
        expect((await store.lookupMemory([], ['Sí.'])).sentences.get('Sí.')).toBe('Yes (mine, approved).');
        // Importing b.xlf again replaces its pair rather than adding one.
        await store.importMemory([entry('Yes (file, final, v2).', true)], 'b.xlf');
        const second = await reopen();
        expect((await second.lookupMemory([], ['Sí.'])).sentences.get('Sí.')).toBe('Yes (mine, approved).');
        expect(await store.importMemory([], 'empty.tmx')).toEqual({ stored: 0 });
      });
    });

    describe('QA ignores', () => {
      const event = (over: Partial<NewCheckIgnoreEvent> = {}): NewCheckIgnoreEvent => ({
        slug: 'doc',
        paragraphIndex: 2,
        findingKey: 'numbers.missing?number=15.000',
        ignored: true,
        author: 'ana',
        createdAt: 1_700_000_000_000,
        ...over,
      });

      it('appends ignore events with increasing ids and lists them oldest first, seen by another handle', async () => {
        const first = await store.recordCheckIgnore(event());
        expect(first).toEqual({ ...event(), id: first.id });
        const second = await store.recordCheckIgnore(
          event({ ignored: false, author: null, createdAt: 1_700_000_000_500 }),
        );
        expect(second.id).toBeGreaterThan(first.id);
        await store.recordCheckIgnore(event({ paragraphIndex: 7, findingKey: 'punctuation.double_space?#2' }));
        await store.recordCheckIgnore(event({ slug: 'other' }));
        const again = await reopen();
        const all = await again.listCheckIgnores('doc');
        expect(all.map((e) => [e.paragraphIndex, e.ignored])).toEqual([
          [2, true],
          [2, false],
          [7, true],
        ]);
        expect(all[1]).toEqual({
          ...event({ ignored: false, author: null, createdAt: 1_700_000_000_500 }),
          id: second.id,
        });
        expect((await again.listCheckIgnores('doc', 7)).map((e) => e.findingKey)).toEqual([
          'punctuation.double_space?#2',
        ]);
        expect(await again.listCheckIgnores('doc', 3)).toEqual([]);
        expect(await again.listCheckIgnores('nobody')).toEqual([]);
      });
    });

    describe('glossary', () => {
      const entry = (term: string, over: Partial<GlossaryEntryInput> = {}): GlossaryEntryInput => ({
        term,
        forms: [],
        english: [`${term} (en)`],
        forbidden: [],
        author: 'ana',
        updatedAt: 1_700_000_000_000,
        ...over,
      });

      it('adds and replaces entries by term in one write, lists them by term, seen by another handle', async () => {
        expect(await store.listGlossary()).toEqual([]);
        expect(
          await store.upsertGlossaryEntries([
            entry('molino', { forms: ['molinos'], forbidden: ['windmill'], note: 'el de agua' }),
            entry('árbol'),
            entry('Zapato'),
          ]),
        ).toEqual({ added: 3, updated: 0 });
        expect(await store.upsertGlossaryEntries([entry('molino', { english: ['mill'] }), entry('casa')])).toEqual({
          added: 1,
          updated: 1,
        });
        const again = await reopen();
        const listed = await again.listGlossary();
        expect(listed.map((e) => e.term)).toEqual(['árbol', 'casa', 'molino', 'Zapato']);
        const molino = listed.find((e) => e.term === 'molino')!;
        expect(molino).toEqual({ ...entry('molino', { english: ['mill'] }), id: molino.id });
        expect(await again.upsertGlossaryEntries([])).toEqual({ added: 0, updated: 0 });
        // A term twice in one write is one entry, with the last one's values.
        expect(await again.upsertGlossaryEntries([entry('puerto'), entry('puerto', { english: ['harbour'] })])).toEqual(
          { added: 1, updated: 0 },
        );
        expect((await again.listGlossary()).find((e) => e.term === 'puerto')!.english).toEqual(['harbour']);
      });

      it('edits one entry (its term too, unless another has it) and deletes one, by id', async () => {
        await store.upsertGlossaryEntries([entry('molino', { note: 'x' }), entry('casa')]);
        const [casa, molino] = await store.listGlossary();
        const edited = await store.updateGlossaryEntry(molino!.id, entry('molinos', { english: ['mills'] }));
        expect(edited).toEqual({ ...entry('molinos', { english: ['mills'] }), id: molino!.id });
        expect(await store.updateGlossaryEntry(molino!.id, entry('casa'))).toBe('exists');
        expect(await store.updateGlossaryEntry(987_654, entry('nada'))).toBeUndefined();
        expect(await store.deleteGlossaryEntry(casa!.id)).toBe(true);
        expect(await store.deleteGlossaryEntry(casa!.id)).toBe(false);
        expect((await (await reopen()).listGlossary()).map((e) => e.term)).toEqual(['molinos']);
      });
    });
  });
}
