#!/usr/bin/env node
// The `paralelo` command. The CLI is TypeScript run through tsx (a runtime dependency), so no build step.
// tsImport rather than register() + import(): the package is not "type": "module", and on Node 20.20 a
// plain register() makes Node refuse the .ts entry (ERR_REQUIRE_CYCLE_MODULE).
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
