/**
 * Sign-in as an attacker measures it: `npm run bench:login [-- --port 3220 --runs 60]` (needs `npm run build`).
 * Starts `paralelo serve` with accounts on (a fresh workspace and database), then over HTTP from several loopback
 * addresses (127.0.0.x, each a client of its own to the server):
 * 0. (in-process first, on the Directory: the same comparison without HTTP noise)
 * 1. user enumeration by timing: an unknown email against a wrong password for a real account, interleaved in
 *    random order, every answer checked to be the same 401; prints the median and spread of each;
 * 2. the rate limit: how many wrong passwords one account takes (each from a new address) and one address takes
 *    (each on a new email) before the next attempt is refused, what that refusal says (JSON and the localized
 *    page), and that the right password is refused too while the window lasts.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBetterAuthDirectory } from '../lib/access/better-auth';
import type { Directory } from '../lib/access/types';
import { FAILS_PER_ACCOUNT, FAILS_PER_ADDRESS } from '../lib/access/login';
import { spawnNextServer } from '../tests/helpers/next-server';
import { waitForServer } from '../tests/helpers/wait-for-server';
import { seededRandom } from './lib/mt-bench-doc';
import { medianDifferenceInterval, quantile, spread } from './lib/stats';

const { values } = parseArgs({ options: { port: { type: 'string' }, runs: { type: 'string' } } });
const port = Number(values.port ?? '3220');
const runs = Math.max(10, Number(values.runs ?? '60'));
const root = path.resolve(__dirname, '..');
const work = path.join(root, 'test-results', `bench-login-${port}`);
const BASE = `http://127.0.0.1:${port}`;
const PASSWORD = 'the right password';

type Answer = { status: number; ms: number; body: string; headers: http.IncomingHttpHeaders };

/** A sign-in from a given loopback address (the server sees it as the client's address). */
function signIn(from: string, fields: Record<string, string>, form = false): Promise<Answer> {
  const body = form ? new URLSearchParams(fields).toString() : JSON.stringify(fields);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/session',
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: {
          origin: BASE,
          'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, body: text, headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function getPage(from: string, url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(`${BASE}${url}`, { localAddress: from, agent: false }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      })
      .on('error', reject);
  });
}

const formError = (html: string) => /class="form-error"[^>]*>([^<]*)</.exec(html)?.[1] ?? '(no message)';

async function enumeration(knownEmails: string[]) {
  console.log(
    `\n1. User enumeration by timing (${runs} pairs, interleaved in random order, HTTP, one request at a time)`,
  );
  const random = seededRandom(14);
  const times = { unknown: [] as number[], wrong: [] as number[] };
  const bodies = new Set<string>();
  for (let i = 0; i < runs; i++) {
    // At most 9 pairs (18 failures) per address and 4 per account: the limit never answers instead.
    const from = `127.0.0.${10 + Math.floor(i / 9)}`;
    const pair = [
      ['unknown', { email: `nobody-${i}@example.com`, password: 'wrong password' }],
      ['wrong', { email: knownEmails[i % knownEmails.length]!, password: 'wrong password' }],
    ] as const;
    const order = random() < 0.5 ? pair : ([pair[1], pair[0]] as const);
    for (const [kind, fields] of order) {
      const answer = await signIn(from, fields);
      if (answer.status !== 401) throw new Error(`${kind}: expected 401, got ${answer.status} ${answer.body}`);
      bodies.add(answer.body);
      times[kind].push(answer.ms);
    }
  }
  const diff = quantile(times.wrong, 0.5) - quantile(times.unknown, 0.5);
  console.log(`   unknown email            ${spread(times.unknown)}`);
  console.log(`   real account, wrong pass ${spread(times.wrong)}`);
  const [lo, hi] = medianDifferenceInterval(times.unknown, times.wrong, seededRandom(15));
  console.log(
    `   difference of medians    ${diff.toFixed(1)} ms (wrong password minus unknown email), 95% bootstrap interval ` +
      `[${lo.toFixed(1)}, ${hi.toFixed(1)}] ms: ${lo <= 0 && hi >= 0 ? 'no measurable difference' : 'A DIFFERENCE'}`,
  );
  console.log(
    `   answers                  ${bodies.size === 1 ? 'one and the same 401 body for both' : `DIFFER: ${[...bodies].join(' | ')}`}`,
  );
}

/** The same comparison in this process, on the Directory itself: no HTTP or server noise, so it sees smaller gaps. */
async function enumerationInProcess(directory: Directory, knownEmails: string[]) {
  const n = runs * 2;
  console.log(
    `\n0. The same, in-process on the Directory (better-auth's signInEmail; ${n} pairs, no limiter, no HTTP)`,
  );
  const random = seededRandom(16);
  const times = { unknown: [] as number[], wrong: [] as number[] };
  const client = { ip: null, userAgent: null };
  for (let i = 0; i < n; i++) {
    const pair = [
      ['unknown', `absent-${i}@example.com`],
      ['wrong', knownEmails[i % knownEmails.length]!],
    ] as const;
    for (const [kind, email] of random() < 0.5 ? pair : [pair[1], pair[0]]) {
      const started = performance.now();
      const result = await directory.signIn(email, 'wrong password', client);
      times[kind].push(performance.now() - started);
      if (result.ok) throw new Error('a wrong password signed in');
    }
  }
  const [lo, hi] = medianDifferenceInterval(times.unknown, times.wrong, seededRandom(17));
  console.log(`   unknown email            ${spread(times.unknown)}`);
  console.log(`   real account, wrong pass ${spread(times.wrong)}`);
  console.log(
    `   difference of medians    ${(quantile(times.wrong, 0.5) - quantile(times.unknown, 0.5)).toFixed(1)} ms, 95% interval [${lo.toFixed(1)}, ${hi.toFixed(1)}] ms`,
  );
}

async function rateLimit() {
  console.log(
    `\n2. Rate limit (configured: ${FAILS_PER_ACCOUNT} failures per account, ${FAILS_PER_ADDRESS} per address, 15 min)`,
  );
  let passed = 0;
  let refusal: Answer | null = null;
  for (let i = 0; i < 50 && !refusal; i++) {
    const a = await signIn(`127.0.0.${100 + i}`, { email: 'target@example.com', password: 'wrong password' });
    if (a.status === 401) passed++;
    else refusal = a;
  }
  console.log(
    `   per account: ${passed} wrong passwords answered 401 (each from another address); the next: ${refusal?.status} ` +
      `retry-after ${refusal?.headers['retry-after']} s: ${refusal ? (JSON.parse(refusal.body) as { error: { message: string } }).error.message : ''}`,
  );
  const right = await signIn('127.0.0.160', { email: 'target@example.com', password: PASSWORD });
  console.log(`   then the right password for that account, from a new address: ${right.status}`);

  passed = 0;
  refusal = null;
  const from = '127.0.0.200';
  for (let i = 0; i < 100 && !refusal; i++) {
    const a = await signIn(from, { email: `guess-${i}@example.com`, password: 'wrong password' });
    if (a.status === 401) passed++;
    else refusal = a;
  }
  console.log(
    `   per address: ${passed} failures (each on another email) answered 401; the next: ${refusal?.status} retry-after ${refusal?.headers['retry-after']} s`,
  );
  const fresh = await signIn(from, { email: 'fresh@example.com', password: PASSWORD });
  const elsewhere = await signIn('127.0.0.201', { email: 'fresh@example.com', password: PASSWORD });
  console.log(
    `   then a real account's right password from that address: ${fresh.status}; from another address: ${elsewhere.status}`,
  );
  for (const locale of ['en', 'es']) {
    const form = await signIn(
      from,
      { email: 'fresh@example.com', password: PASSWORD, locale, next: `/${locale}` },
      true,
    );
    const page = await getPage(from, String(form.headers.location));
    console.log(
      `   the sign-in form (${locale}): ${form.status} to ${form.headers.location}, which says: «${formError(page)}»`,
    );
  }
}

async function main() {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.error('No production build (.next/BUILD_ID is missing): run `npm run build` first.');
    process.exit(1);
  }
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'content'), { recursive: true });
  fs.cpSync(path.join(root, 'content'), path.join(work, 'content'), { recursive: true });
  const dbPath = path.join(work, 'paralelo.db');
  const directory = await openBetterAuthDirectory({ database: { kind: 'sqlite', file: dbPath }, baseURL: BASE });
  const known = Array.from({ length: Math.ceil(runs / 4) + 1 }, (_, i) => `user-${i}@example.com`);
  for (const email of ['admin@example.com', 'target@example.com', 'fresh@example.com', ...known]) {
    const added = await directory.addUser({ email, name: email.split('@')[0]!, role: 'admin', password: PASSWORD });
    if (!added.ok) throw new Error(added.code);
  }
  await enumerationInProcess(directory, known);
  await directory.close();

  const log = fs.openSync(path.join(work, 'server.log'), 'w');
  const server = spawnNextServer({
    root,
    port,
    work,
    dbPath,
    stdio: ['ignore', log, log],
    allowTestModels: false,
    detached: true,
    env: { PARALELO_AUTH: 'accounts', PARALELO_PRELOAD: '0' },
  });
  const stop = () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });
  try {
    await waitForServer(`${BASE}/api/session`, { hint: path.join(work, 'server.log') });
    console.log(`paralelo serve with accounts on, port ${port}, ${known.length + 3} accounts (scrypt, better-auth)`);
    // Warm both paths (JIT, the database's pages) before anything is timed; from addresses never used again.
    for (let i = 0; i < 6; i++) {
      await signIn('127.0.0.2', { email: `warm-${i}@example.com`, password: 'x' });
      await signIn('127.0.0.3', { email: 'admin@example.com', password: PASSWORD });
    }
    await enumeration(known);
    await rateLimit();
  } finally {
    stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
