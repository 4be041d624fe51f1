// The parse pool's thread entry from the sources (tasks.ts), for a checkout whose dist/heavy-worker.mjs is missing or
// older than its sources (pool.ts heavyEntryPath picks): tsx (a dev dependency) compiles the parsers on the fly, as
// lib/mt/worker/entry.mjs does for the decoder thread.
import { tsImport } from 'tsx/esm/api';

export const { runTask } = await tsImport('./tasks.ts', import.meta.url);
