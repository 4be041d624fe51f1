/**
 * A throwaway PostgreSQL cluster in a temporary folder (initdb + pg_ctl on a free port of 127.0.0.1, as .ci/run and
 * bin/with-postgres.sh do; as the postgres user when run as root, since PostgreSQL refuses root). Used by
 * `npm run team:dev` and the two-instance browser test (tests/e2e/team.spec.ts). The binaries come from Debian's
 * `postgresql` package.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Cluster {
  port: number;
  /** The folder holding the cluster's data, socket and log (removed by stop). */
  dir: string;
  /** A connection URL for a database of the cluster. */
  url(database: string): string;
  /** Creates a database (trust authentication, user postgres). */
  createDatabase(name: string): void;
  /** Stops the cluster (fast shutdown) and removes its folder. Safe to call twice. */
  stop(): void;
}

/** Whether something already listens on the port (then it is not ours to take). */
export function inUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The first port from `from` (inclusive) to `to` (exclusive) that nothing listens on, or null. */
export async function freePort(from: number, to = from + 100): Promise<number | null> {
  for (let port = from; port < to; port++) if (!(await inUse(port))) return port;
  return null;
}

/** The newest installed PostgreSQL's bin folder (/usr/lib/postgresql/<version>/bin), or null when none is. */
export function postgresBin(base = '/usr/lib/postgresql'): string | null {
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(a) - Number(b)) : [];
  const bin = versions.map((v) => path.join(base, v, 'bin')).findLast((d) => fs.existsSync(path.join(d, 'initdb')));
  return bin ?? null;
}

/**
 * Makes and starts a cluster on `port`. `fast` turns fsync off (tests: nothing there needs to survive a crash).
 * Throws with PostgreSQL's own message when a step fails, after removing what it made.
 */
export function startCluster(options: { bin: string; port: number; fast?: boolean; prefix?: string }): Cluster {
  const { bin, port } = options;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix ?? 'paralelo-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) fs.chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout), 0);
  const run = (tool: string, args: string[], extra: SpawnSyncOptions = {}) => {
    const [cmd, all] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]]
      : [path.join(bin, tool), args];
    const result = spawnSync(cmd, all as string[], { encoding: 'utf8', ...extra });
    if (result.status !== 0) throw new Error(`${tool} failed: ${String(result.stderr ?? result.error ?? '').trim()}`);
  };
  const data = path.join(dir, 'data');
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${options.fast ? ' -c fsync=off' : ''}`;
  try {
    run('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C']);
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', settings, 'start']);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    port,
    dir,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    createDatabase: (name) => run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]),
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
