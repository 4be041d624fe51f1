import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobEvent, JobEvents } from '../../../lib/jobs/types';
import { until } from './until';

/** A place events travel (a process's bus, a database): open() gives another handle, as another instance would. */
export interface EventsLocation {
  open(): Promise<JobEvents>;
  cleanup(): Promise<void>;
}

const progress = (done: number): JobEvent => ({ type: 'progress', done, total: 100 });

/** The behaviour every JobEvents adapter must show; each adapter's test file calls this with its own location. */
export function describeJobEventsSuite(name: string, createLocation: () => Promise<EventsLocation>): void {
  describe(`JobEvents contract: ${name}`, () => {
    let location: EventsLocation;
    let a: JobEvents;
    let b: JobEvents;

    beforeEach(async () => {
      location = await createLocation();
      [a, b] = [await location.open(), await location.open()];
    });
    afterEach(async () => {
      await a.close();
      await b.close();
      await location.cleanup();
    });

    it('delivers what one handle publishes to the subscribers of that document on every handle, in order', async () => {
      const onA: JobEvent[] = [];
      const onB: JobEvent[] = [];
      const other: JobEvent[] = [];
      await a.subscribe('libro', (e) => onA.push(e));
      await b.subscribe('libro', (e) => onB.push(e));
      await b.subscribe('otro', (e) => other.push(e));
      const events: JobEvent[] = [
        { type: 'paragraph', index: 3, targets: ['Hello.', 'Bye.'], cached: false },
        progress(1),
        progress(1),
        { type: 'done' },
      ];
      await a.publish('libro', events);
      await until(() => onA.length === 4 && onB.length === 4, 'four events on both handles');
      expect(onA).toEqual(events);
      expect(onB).toEqual(events);
      await b.publish('otro', [{ type: 'cancelled' }]);
      await until(() => other.length === 1, 'the other document’s event');
      expect(onA).toHaveLength(4);
      expect(other).toEqual([{ type: 'cancelled' }]);
    });

    it('keeps each publisher’s order when two publish at once', async () => {
      const seen: JobEvent[] = [];
      await a.subscribe('libro', (e) => seen.push(e));
      const fromA = Array.from({ length: 20 }, (_, i) => progress(i));
      const fromB = Array.from({ length: 20 }, (_, i) => progress(100 + i));
      await Promise.all([...fromA.map((e) => a.publish('libro', [e])), ...fromB.map((e) => b.publish('libro', [e]))]);
      await until(() => seen.length === 40, 'forty events');
      const done = (e: JobEvent) => (e.type === 'progress' ? e.done : -1);
      const mineA = seen.map(done).filter((d) => d < 100);
      const mineB = seen.map(done).filter((d) => d >= 100);
      expect(new Set(mineA).size).toBe(20);
      expect(new Set(mineB).size).toBe(20);
      // Published one call after another from one handle: each arrives after the one published before it.
      const sequential: JobEvent[] = [];
      await b.subscribe('serie', (e) => sequential.push(e));
      for (let i = 0; i < 10; i++) await a.publish('serie', [progress(i)]);
      await until(() => sequential.length === 10, 'ten events in series');
      expect(sequential.map(done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('stops delivering after unsubscribe, and a broken listener does not stop the others', async () => {
      const kept: JobEvent[] = [];
      const dropped: JobEvent[] = [];
      await b.subscribe('libro', () => {
        throw new Error('a closed stream');
      });
      const unsubscribe = await b.subscribe('libro', (e) => dropped.push(e));
      await b.subscribe('libro', (e) => kept.push(e));
      await a.publish('libro', [progress(1)]);
      await until(() => kept.length === 1 && dropped.length === 1, 'the first event');
      unsubscribe();
      await a.publish('libro', [progress(2)]);
      await until(() => kept.length === 2, 'the second event');
      expect(dropped).toEqual([progress(1)]);
    });

    it('carries a paragraph of 60,000 characters whole, between two small events', async () => {
      const seen: JobEvent[] = [];
      await b.subscribe('libro', (e) => seen.push(e));
      const long = 'Sentence with «quotes», ñ and 😀. '.repeat(1800);
      const big: JobEvent = { type: 'paragraph', index: 0, targets: [long, long.slice(0, 5000)], cached: false };
      await a.publish('libro', [progress(0), big, progress(1)]);
      await until(() => seen.length === 3, 'three events');
      expect(seen).toEqual([progress(0), big, progress(1)]);
    });

    it('refuses to be used after close, and closing twice is fine', async () => {
      await a.close();
      await a.close();
      await expect(a.publish('libro', [progress(1)])).rejects.toMatchObject({ code: 'closed' });
      await expect(a.subscribe('libro', () => {})).rejects.toMatchObject({ code: 'closed' });
    });
  });
}
