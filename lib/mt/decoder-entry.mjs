// Plain JS entry of the decoder thread (see decoder-host.ts), started by path like worker-entry.mjs and for the
// same reason: it runs without a build step, tsx compiling the host on the fly.
import { tsImport } from 'tsx/esm/api';

await tsImport('./decoder-host.ts', import.meta.url);
