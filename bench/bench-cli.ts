/**
 * How fast `paralelo --help` answers: `npm run bench:cli [-- --runs 10] [--against DIR]`. Runs bin/paralelo.mjs as a
 * person does (a new process each time) and prints the median wall time and peak RSS; with --against, another
 * checkout's bin/paralelo.mjs in turn with this one (the "before" of a change), so both meet the same machine load.
 * Needs GNU time (/usr/bin/time) for the RSS. No assertion.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { distBundle } from '../lib/dist-bundle.mjs';

const ROOT = path.resolve(__dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' }, against: { type: 'string' } } });
const runs = Math.max(1, Number(values.runs) || 10);
const checkouts = [ROOT, ...(values.against ? [path.resolve(values.against)] : [])];

/** One `paralelo --help`: wall seconds and peak RSS in KiB, as GNU time measures the process. */
function helpOnce(checkout: string): { seconds: number; rssKiB: number } {
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %M', process.execPath, path.join(checkout, 'bin/paralelo.mjs'), '--help'],
    {
      encoding: 'utf8',
      env: { ...process.env, LANG: 'en_US.UTF-8' },
    },
  );
  if (run.status !== 0) throw new Error(`${checkout}: paralelo --help failed: ${run.stderr}`);
  const [seconds, rss] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, rssKiB: rss! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

if (!existsSync('/usr/bin/time')) {
  console.error('bench:cli needs GNU time: apt-get install -y time');
  process.exit(1);
}
for (const c of checkouts) {
  const bundle = distBundle(c, 'cli.mjs');
  if (bundle && !bundle.fresh) {
    console.error(
      `note: ${c}/dist/cli.mjs is older than its sources, so paralelo runs them through tsx: npm run build:bin`,
    );
  }
}
const results = new Map(checkouts.map((c) => [c, [] as { seconds: number; rssKiB: number }[]]));
for (let i = 0; i < runs; i++) for (const c of checkouts) results.get(c)!.push(helpOnce(c));
for (const [checkout, rows] of results) {
  const times = rows.map((r) => r.seconds);
  console.log(
    `${checkout}: paralelo --help, median ${median(times).toFixed(2)} s (${Math.min(...times).toFixed(2)}-` +
      `${Math.max(...times).toFixed(2)}), peak RSS ${(median(rows.map((r) => r.rssKiB)) / 1024).toFixed(0)} MiB, ` +
      `${runs} runs${checkouts.length > 1 ? ', interleaved' : ''}`,
  );
}
