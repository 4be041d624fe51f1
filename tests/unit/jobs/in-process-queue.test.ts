import { createInProcessJobs } from '../../../lib/jobs';
import { createMemoryDatabase, createMemoryStore } from '../../../lib/store/memory';
import { MODEL } from '../../helpers/fake-engine';
import { describeJobQueueSuite } from './job-queue-suite';

describeJobQueueSuite('in-process', async () => {
  const database = createMemoryDatabase();
  const store = createMemoryStore(database);
  return {
    store,
    open: async ({ getEngine }) =>
      createInProcessJobs({ store: createMemoryStore(database), modelId: MODEL, getEngine, windowSentences: 2 }),
    cleanup: async () => {},
  };
});
