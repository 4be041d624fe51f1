#!/usr/bin/env node
// The `paralelo` command. It runs the CLI built ahead of time (dist/cli.mjs: bin/build.mjs, run by npm ci and npm run
// build), which starts without compiling TypeScript. In a checkout whose sources changed since that build, it runs the
// sources through tsx (a dev dependency) instead; tsImport rather than register() + import(), because the package is
// not "type": "module" and on Node 20.20 a plain register() makes Node refuse the .ts entry (ERR_REQUIRE_CYCLE_MODULE).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { distBundle, hasTsx } from '../lib/dist-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = distBundle(root, 'cli.mjs');
let cli;
if (bundle && (bundle.fresh || !hasTsx(root))) {
  cli = await import(new URL('../dist/cli.mjs', import.meta.url).href);
} else if (hasTsx(root)) {
  const { tsImport } = await import('tsx/esm/api');
  cli = await tsImport('../cli/main.ts', import.meta.url);
} else {
  // Neither a build nor tsx: say so in the user's language, from the same catalogs as the rest of the CLI.
  const locale = [process.env.LC_ALL, process.env.LC_MESSAGES, process.env.LANG].find((v) => v) ?? '';
  const language = /^es([_.@-]|$)/i.test(locale) ? 'es' : 'en';
  const messages = JSON.parse(readFileSync(new URL(`../messages/${language}.json`, import.meta.url), 'utf8'));
  console.error(messages.cli.notBuilt);
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
