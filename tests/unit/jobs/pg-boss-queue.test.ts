import { describe } from 'vitest';
import { openPostgresJobs } from '../../../lib/jobs';
import { openPostgresStore } from '../../../lib/store/postgres';
import type { Store } from '../../../lib/store/types';
import { MODEL } from '../../helpers/fake-engine';
import { createTestSchema, hasTestDatabase } from '../../helpers/postgres';
import { describeJobQueueSuite } from './job-queue-suite';

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
