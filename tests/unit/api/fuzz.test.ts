import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_ROUTES, fuzzRoute, makeWorkspace } from './fuzz-routes';

// The handlers read their configuration from the environment once, on first use: the workspace comes first.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-fuzz-'));
makeWorkspace(work);
const RUNS = Number(process.env.PARALELO_FUZZ_RUNS ?? '1000');

afterAll(async () => {
  const { closeHeavyPool } = await import('../../../lib/heavy/pool');
  await closeHeavyPool();
  fs.rmSync(work, { recursive: true, force: true });
});

describe(`every API route, ${RUNS} generated requests each`, () => {
  it.each(FUZZ_ROUTES.map((r) => [r.name, r] as const))(
    '%s answers JSON errors or documented successes, never 5xx, never over 5 s',
    async (_name, route) => {
      const report = await fuzzRoute(route, RUNS, undefined, path.join(work, 'content'));
      expect(report.problems).toEqual([]);
      expect(report.runs).toBe(RUNS);
    },
    600_000,
  );
});
