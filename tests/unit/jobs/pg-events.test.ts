import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PgJobEvents } from '../../../lib/jobs/pg-events';
import type { JobEvent } from '../../../lib/jobs/types';
import { createTestSchema, hasTestDatabase, TEST_DATABASE_URL } from '../../helpers/postgres';
import { describeJobEventsSuite } from './job-events-suite';
import { until } from './until';

describe.runIf(hasTestDatabase())('PostgreSQL job events', () => {
  describeJobEventsSuite('postgres', async () => {
    const location = await createTestSchema();
    return { open: async () => new PgJobEvents(location), cleanup: location.cleanup };
  });

  it('tells subscribers when the listening connection is lost, and listens again', async () => {
    const location = await createTestSchema();
    const events = new PgJobEvents(location);
    const publisher = new PgJobEvents(location);
    try {
      const seen: JobEvent[] = [];
      let interrupted = 0;
      await events.subscribe('libro', (e) => seen.push(e), { onInterrupted: () => interrupted++ });
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      // The database restarts, or a proxy drops the connection: here, the server ends the listener's session.
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'paralelo events listener'
           AND query LIKE $1`,
        [`%LISTEN "paralelo_job_events_${location.schema}"%`],
      );
      await admin.end();
      await until(() => interrupted === 1, 'the interruption');
      // Events published once the new connection listens reach the subscriber.
      await until(
        () => {
          void publisher.publish('libro', [{ type: 'done' }]);
          return seen.length > 0;
        },
        'an event after reconnecting',
        15_000,
      );
      expect(seen[0]).toEqual({ type: 'done' });
    } finally {
      await events.close();
      await publisher.close();
      await location.cleanup();
    }
  });
});
