import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobState, Store } from '../../../lib/store/types';

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
  });
}
