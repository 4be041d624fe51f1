// Plain JS entry of the decoder thread (see decoder-host.ts): the Next server bundles lib/ but starts this file by path,
// so it must run without a build step: tsx compiles the host on the fly. tsImport (from tsx's ESM API) rather than
// register() + import(): the package has no "type": "module", and with register() alone Node 20.20 refuses the .ts file
// (ERR_REQUIRE_CYCLE_MODULE); tsImport scopes the loader correctly.
import { tsImport } from 'tsx/esm/api';

await tsImport('./decoder-host.ts', import.meta.url);
