import { defineConfig, devices } from '@playwright/test';
import base from './playwright.config';
import { postgresBin } from './deploy/pg-cluster';

// The team server in real Chromium: a throwaway PostgreSQL cluster, two `paralelo serve` instances and two
// `paralelo worker`s, started by tests/e2e/team.spec.ts itself (its processes' ends are part of what it tests), so no
// webServer here. Without PostgreSQL's binaries the spec skips; say so where a person running it will look.
if (!postgresBin()) {
  console.warn(
    '[paralelo:e2e] team.spec.ts skipped: PostgreSQL is not installed (Debian: apt-get install postgresql; .ci/run ' +
      'installs it). It needs initdb and pg_ctl from /usr/lib/postgresql/<version>/bin.',
  );
}

export default defineConfig({
  ...base,
  testMatch: /team\.spec\.ts$/,
  outputDir: 'test-results/e2e-team',
  projects: [{ name: 'team', use: { ...devices['Desktop Chrome'] } }],
  webServer: undefined,
});
