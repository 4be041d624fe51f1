/**
 * `npm run fuzz:api [-- --runs 10000] [--route text] [--seed N]`: every API route handler called in-process with
 * generated requests (tests/unit/api/fuzz-routes.ts), in a throwaway workspace. Prints, per route, the requests
 * made, the answers by status and the slowest; exits 1 if any answer was a 5xx, over 5 s, or not of the API's shape.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeHeavyPool } from '../lib/heavy/pool';
import { FUZZ_ROUTES, fuzzRoute, makeWorkspace } from '../tests/unit/api/fuzz-routes';

const { values } = parseArgs({
  options: { runs: { type: 'string' }, route: { type: 'string' }, seed: { type: 'string' } },
});
const runs = Math.max(1, Number(values.runs ?? '1000'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-fuzz-'));
makeWorkspace(work);

async function main(): Promise<number> {
  let failed = false;
  const started = performance.now();
  for (const route of FUZZ_ROUTES.filter((r) => !values.route || r.name.includes(values.route))) {
    const t = performance.now();
    const report = await fuzzRoute(
      route,
      runs,
      values.seed ? Number(values.seed) : undefined,
      path.join(work, 'content'),
    );
    const statuses = Object.entries(report.statuses)
      .map(([status, n]) => `${status}: ${n}`)
      .join(', ');
    console.log(
      `${route.name.padEnd(56)} ${String(report.runs).padStart(6)} requests in ${((performance.now() - t) / 1000).toFixed(1)} s; ` +
        `slowest ${report.slowestMs.toFixed(0)} ms; ${statuses}`,
    );
    for (const p of report.problems) console.log(`  PROBLEM ${p}`);
    failed ||= report.problems.length > 0;
  }
  console.log(`${failed ? 'FAILED' : 'ok'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return failed ? 1 : 0;
}

void main()
  .then(async (code) => {
    await closeHeavyPool();
    fs.rmSync(work, { recursive: true, force: true });
    process.exit(code);
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
