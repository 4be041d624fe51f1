/**
 * Starts `next start` (over the existing build) for the browser tests with a workspace of its own:
 * a copy of content/, a fresh database, and either the generated test model or no model at all.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateMarianModel } from '../helpers/tiny-model';

const { values } = parseArgs({ options: { port: { type: 'string' }, model: { type: 'string' } } });
const port = values.port ?? '3100';
const withModel = values.model === 'test';
const root = path.resolve(__dirname, '../..');
const work = path.join(root, 'test-results', `e2e-server-${port}`);
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(path.join(work, 'content'), { recursive: true });
fs.cpSync(path.join(root, 'content'), path.join(work, 'content'), { recursive: true });

const modelId = withModel ? 'test/tiny-random-marian-es-en' : 'Xenova/opus-mt-es-en';
async function main() {
  if (withModel) await generateMarianModel({ outDir: path.join(work, 'models', modelId), preset: 'tiny' });
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', port],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        PARALELO_ROOT: root,
        PARALELO_CONTENT_DIR: path.join(work, 'content'),
        PARALELO_MODELS_DIR: path.join(work, 'models'),
        PARALELO_DB: path.join(work, 'paralelo.db'),
        PARALELO_MODEL: modelId,
        PARALELO_ALLOW_TEST_MODELS: withModel ? '1' : '0',
      },
    },
  );
  const stop = () => child.kill('SIGTERM');
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
void main();
