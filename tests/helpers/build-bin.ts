import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Vitest's global setup: builds dist/ (bin/build.mjs) before any test, so the tests that start the CLI as a child
 * process, or a decoder thread, run what ships and never a bundle older than the sources.
 */
export default function buildBin(): void {
  const root = path.resolve(__dirname, '../..');
  execFileSync(process.execPath, [path.join(root, 'bin/build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
}
