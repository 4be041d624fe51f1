/**
 * A team server on this machine, for a person to try: `npm run team:dev [-- --port 3000] [--pg-port 5433]`
 * (after `npm run build`). Starts a throwaway PostgreSQL cluster in a temporary folder (initdb + pg_ctl, as .ci/run
 * does; as the postgres user when run as root), two web instances on two ports and two `paralelo worker` processes,
 * all on that database, with PARALELO_WORKERS=external so only the workers translate. Prints the addresses and how
 * to stop; Ctrl+C (or SIGTERM) stops everything and removes the cluster. The PostgreSQL binaries come from Debian's
 * `postgresql` package; content/ of this checkout is each instance's drop folder, imported into the database.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

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

/** Whether something already listens on the port (then it is not ours to take). */
function inUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 100; port++) if (!(await inUse(port))) return port;
  fail(`no free port for PostgreSQL from ${from} to ${from + 99}; pass --pg-port`);
}

function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(a) - Number(b)) : [];
  const bin = versions.map((v) => path.join(base, v, 'bin')).findLast((d) => fs.existsSync(path.join(d, 'initdb')));
  if (!bin) fail('PostgreSQL is not installed: `sudo apt-get install -y postgresql` (Debian), then run this again.');
  return bin;
}

async function main() {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) fail('no build yet: run `npm run build` first.');
  // The CLI's bundle, fresh: run from stale sources through tsx it could not load the PostgreSQL adapters.
  const built = spawnSync(process.execPath, [path.join(root, 'bin/build.mjs'), '--quiet'], { stdio: 'inherit' });
  if (built.status !== 0) fail('building the CLI (bin/build.mjs) failed: see above.');
  for (const port of ports) if (await inUse(port)) fail(`port ${port} is taken; pass --port with a free pair.`);
  const bin = postgresBin();
  const pgPort = values['pg-port'] ? Number(values['pg-port']) : await freePort(5433);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-team-dev-'));
  // PostgreSQL refuses to run as root: the cluster is the postgres user's then, in a folder it owns.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) fs.chownSync(dir, Number(spawnSync('id', ['-u', 'postgres']).stdout), 0);
  const run = (tool: string, args: string[], options: SpawnSyncOptions = {}) => {
    const [cmd, all] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]]
      : [path.join(bin, tool), args];
    const result = spawnSync(cmd, all as string[], { encoding: 'utf8', ...options });
    if (result.status !== 0) throw new Error(`${tool} failed: ${String(result.stderr ?? result.error ?? '').trim()}`);
  };
  const data = path.join(dir, 'data');
  try {
    run('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C']);
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-o',
      `-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1`,
      'start',
    ]);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping the web instances and workers…');
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    // A web instance may linger on its database connections after it stopped listening: 15 s, then SIGKILL.
    const late = setTimeout(() => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    }, 15_000);
    await Promise.all(
      children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null)),
    );
    clearTimeout(late);
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', 'stop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    say('stopped; the cluster and its folder are gone.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    run('createdb', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', 'paralelo']);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    return stop(1);
  }
  const url = `postgres://postgres@127.0.0.1:${pgPort}/paralelo`;
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
