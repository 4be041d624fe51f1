// The decoder thread's entry from the sources (decoder-host.ts), for a checkout whose dist/decoder-thread.mjs is missing
// or older than its sources (DecoderThread.entryPath picks): tsx (a dev dependency) compiles the host on the fly.
// tsImport (from tsx's ESM API) rather than register() + import(): the package has no "type": "module", and with
// register() alone Node 20.20 refuses the .ts file (ERR_REQUIRE_CYCLE_MODULE); tsImport scopes the loader correctly.
import { tsImport } from 'tsx/esm/api';

await tsImport('./decoder-host.ts', import.meta.url);
