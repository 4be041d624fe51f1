#!/usr/bin/env node
// Builds, ahead of time, what Node starts by path: the `paralelo` command (dist/cli.mjs), the decoder thread
// (dist/decoder-thread.mjs) and the parse pool's thread (dist/heavy-worker.mjs), so none compiles TypeScript when it
// starts (npm ci runs this as `prepare`; so do `npm run build`, `npm run dev` and the unit tests). The CLI's
// dependencies are bundled with it: loading one file is what makes `paralelo --help` quick (the packages' hundreds of
// files took most of its start). Native and very large packages, and those that start files of their own by path
// (Next for `paralelo serve`, piscina's threads), stay outside and load from node_modules when used. dist/inputs.json lists each bundle's sources, so a stale
// bundle is noticed (lib/dist-bundle.mjs).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('[paralelo:build] esbuild is missing: run `npm ci` (it is a dev dependency).');
  process.exit(1);
}

const shared = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  outdir: path.join(root, 'dist'),
  // Bundled CommonJS packages still call require() for Node's modules and their optional parts.
  banner: {
    js: "import { createRequire as __paraleloRequire } from 'node:module'; const require = __paraleloRequire(import.meta.url);",
  },
  // Native code, and packages too large to be worth bundling, load from node_modules when they are used.
  external: [
    'better-sqlite3',
    'onnxruntime-node',
    '@huggingface/transformers',
    'sharp',
    'next',
    'piscina',
    'pg',
    'pg-boss',
    'better-auth',
    '@better-auth/api-key',
    'kysely',
  ],
  legalComments: 'none',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
};

const bundles = {
  'cli.mjs': 'cli/main.ts',
  'decoder-thread.mjs': 'lib/mt/worker/decoder-host.ts',
  'heavy-worker.mjs': 'lib/heavy/tasks.ts',
};

// The CLI's parts loaded with import() when chosen (the PostgreSQL store and job queue, and so pg and pg-boss) go
// into chunks of their own: bundled into cli.mjs, their packages' imports would be hoisted to its top and load on
// every command. Chunks of an older build are removed first.
const split = {
  'cli.mjs': { splitting: true, chunkNames: 'cli-chunks/[name]-[hash]' },
};

const started = Date.now();
mkdirSync(path.join(root, 'dist'), { recursive: true });
rmSync(path.join(root, 'dist', 'cli-chunks'), { recursive: true, force: true });
const inputs = {};
await Promise.all(
  Object.entries(bundles).map(async ([name, entry]) => {
    const result = await esbuild.build({
      ...shared,
      ...split[name],
      entryPoints: { [name.replace(/\.mjs$/, '')]: entry },
    });
    inputs[name] = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  }),
);
writeFileSync(path.join(root, 'dist', 'inputs.json'), JSON.stringify(inputs, null, 2) + '\n');
if (!process.argv.includes('--quiet')) {
  console.error(
    `[paralelo:build] dist/cli.mjs, dist/decoder-thread.mjs and dist/heavy-worker.mjs in ${Math.round(Date.now() - started)} ms`,
  );
}
