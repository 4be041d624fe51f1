/**
 * A team server on this machine, for a person to try: `npm run team:dev [-- --port 3000] [--pg-port 5433]`
 * (after `npm run build`). Starts a throwaway PostgreSQL cluster in a temporary folder (initdb + pg_ctl, as .ci/run
 * does; as the postgres user when run as root), two web instances on two ports and two `paralelo worker` processes,
 * all on that database, with PARALELO_WORKERS=external so only the workers translate. Prints the addresses and how
 * to stop; Ctrl+C (or SIGTERM) stops everything and removes the cluster. The PostgreSQL binaries come from Debian's
 * `postgresql` package; content/ of this checkout is each instance's drop folder, imported into the database.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, inUse, postgresBin, startCluster } from './pg-cluster';

const { values } = parseArgs({ options: { port: { type: 'string' }, 'pg-port': { type: 'string' } } });
const root = path.resolve(__dirname, '..');
const webPort = Number(values.port ?? 3000);
const ports = [webPort, webPort + 1];

function say(line: string): void {
  console.error(`[team:dev] ${line}`);
}

function fail(line: string): never {
  say(line);
  process.exit(1);
}

async function main() {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) fail('no build yet: run `npm run build` first.');
  // The CLI's bundle, fresh: run from stale sources through tsx it could not load the PostgreSQL adapters.
  const built = spawnSync(process.execPath, [path.join(root, 'bin/build.mjs'), '--quiet'], { stdio: 'inherit' });
  if (built.status !== 0) fail('building the CLI (bin/build.mjs) failed: see above.');
  for (const port of ports) if (await inUse(port)) fail(`port ${port} is taken; pass --port with a free pair.`);
  const bin = postgresBin();
  if (!bin) fail('PostgreSQL is not installed: `sudo apt-get install -y postgresql` (Debian), then run this again.');
  const pgPort = values['pg-port'] ? Number(values['pg-port']) : await freePort(5433);
  if (pgPort === null) fail('no free port for PostgreSQL from 5433 to 5532; pass --pg-port');
  const cluster = startCluster({ bin, port: pgPort, prefix: 'paralelo-team-dev-' });
  const dir = cluster.dir;
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping the web instances and workers…');
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    // Each exits in about 2 s (paralelo serve closes its connections and threads); one that hangs anyway is killed.
    const late = setTimeout(() => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    }, 15_000);
    await Promise.all(
      children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null)),
    );
    clearTimeout(late);
    cluster.stop();
    say('stopped; the cluster and its folder are gone.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    cluster.createDatabase('paralelo');
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    return stop(1);
  }
  const url = cluster.url('paralelo');
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    PARALELO_DATABASE_URL: url,
    PARALELO_WORKERS: 'external',
  };
  const start = (name: string, args: string[], extra: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/paralelo.mjs'), ...args], {
      cwd: root,
      env: { ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) console.log(`${name} | ${line}`);
      });
    }
    child.once('exit', (code, signal) => {
      if (stopping) return;
      // A worker without the model says so and exits; the web instances go on serving (and queueing).
      if (name.startsWith('worker')) return say(`${name} exited (${signal ?? code}): see its lines above.`);
      say(`${name} exited (${signal ?? code}); stopping the rest.`);
      void stop(1);
    });
    children.push(child);
  };
  // The first instance applies the migrations; the others wait for its lock, so starting them together is safe.
  start('web-a', ['serve'], { PORT: String(ports[0]) });
  start('web-b', ['serve'], { PORT: String(ports[1]) });
  start('worker-1', ['worker', '--id', 'w1']);
  start('worker-2', ['worker', '--id', 'w2']);
  say(`PostgreSQL ${url} (cluster in ${dir})`);
  say(`web instances: http://127.0.0.1:${ports[0]}/ and http://127.0.0.1:${ports[1]}/ (the same library and edits)`);
  say('two workers translate for both (they need the model: `npx paralelo model fetch`).');
  say('first admin, if you turn accounts on (PARALELO_AUTH=accounts):');
  say(`  PARALELO_DATABASE_URL=${url} npx paralelo user add you@example.org --name You --role admin`);
  say('Ctrl+C stops everything and removes the cluster.');
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
