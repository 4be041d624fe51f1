import { createMemoryDatabase, createMemoryStore } from '../../../lib/store/memory';
import { describeStoreSuite } from './store-suite';

describeStoreSuite('memory', async () => {
  const database = createMemoryDatabase();
  return { open: async () => createMemoryStore(database), cleanup: async () => {} };
});
