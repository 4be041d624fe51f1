// Plain JS entry of the parse pool's threads (see pool.ts), started by path like lib/mt/worker-entry.mjs and for
// the same reason: the Next server bundles lib/ but not this file, so tsx compiles tasks.ts on the fly.
import { tsImport } from 'tsx/esm/api';

const { runTask } = await tsImport('./tasks.ts', import.meta.url);

export default runTask;
