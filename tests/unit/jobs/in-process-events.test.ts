import { createEventBus, InProcessJobEvents } from '../../../lib/jobs/in-process-events';
import { describeJobEventsSuite } from './job-events-suite';

describeJobEventsSuite('in-process', async () => {
  const bus = createEventBus();
  return { open: async () => new InProcessJobEvents(bus), cleanup: async () => {} };
});
