// Which bundle of dist/ to run (bin/build.mjs writes them, with dist/inputs.json listing the sources of each). Plain JS:
// bin/paralelo.mjs reads it before anything is compiled. A bundle older than one of its sources (a checkout being
// edited) is stale: the caller then prefers the sources through tsx when it can.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The bundle dist/<name> under root, and whether it is newer than all its sources; null when it is not there. */
export function distBundle(root, name) {
  const file = path.join(/*turbopackIgnore: true*/ root, 'dist', name);
  let built;
  try {
    built = statSync(file).mtimeMs;
  } catch {
    return null;
  }
  let inputs = [];
  try {
    inputs =
      JSON.parse(readFileSync(path.join(/*turbopackIgnore: true*/ root, 'dist', 'inputs.json'), 'utf8'))[name] ?? [];
  } catch {
    return { file, fresh: false };
  }
  const newer = (source) => {
    try {
      return statSync(path.join(/*turbopackIgnore: true*/ root, source)).mtimeMs > built;
    } catch {
      return false; // a source gone since the build changes nothing the bundle holds
    }
  };
  return { file, fresh: !inputs.some(newer) };
}

/** Whether tsx (a dev dependency) is installed under root, to run TypeScript sources without a build. */
export function hasTsx(root) {
  return existsSync(path.join(/*turbopackIgnore: true*/ root, 'node_modules', 'tsx', 'package.json'));
}
