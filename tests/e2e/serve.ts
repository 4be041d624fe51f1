/**
 * Starts `next start` (over the existing build) for the browser tests with a workspace of its own:
 * a copy of content/, a fresh database, and either the generated test model or no model at all. With
 * PARALELO_E2E_DATABASE_URL the database is a fresh schema on that PostgreSQL (e2e_<port>) instead of a SQLite file,
 * so the same browser tests run against the team server's store and queue.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnNextServer } from '../helpers/next-server';
import { dropSchemas } from '../helpers/postgres';
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
/** A fresh schema for this server on the PostgreSQL named by PARALELO_E2E_DATABASE_URL, or undefined for SQLite. */
async function freshSchema(): Promise<{ url: string; schema: string } | undefined> {
  const url = process.env.PARALELO_E2E_DATABASE_URL;
  if (!url) return undefined;
  const schema = `e2e_${port}`;
  await dropSchemas(url, schema);
  return { url, schema };
}

async function main() {
  if (withModel) await generateMarianModel({ outDir: path.join(work, 'models', modelId), preset: 'tiny' });
  const database = await freshSchema();
  const child = spawnNextServer({
    root,
    port,
    work,
    stdio: 'inherit',
    modelId,
    allowTestModels: withModel,
    ...(database ? { database } : {}),
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
void main();
