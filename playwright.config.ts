import { defineConfig, devices } from '@playwright/test';
import { PORT_WITH_MODEL, PORT_WITHOUT_MODEL } from './tests/e2e/ports';

// Two servers over one build: one with the generated test model, one with no model installed at all.
export const WITH_MODEL = `http://127.0.0.1:${PORT_WITH_MODEL}`;
export const WITHOUT_MODEL = `http://127.0.0.1:${PORT_WITHOUT_MODEL}`;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  // One retry in CI, where the machine is shared and slow: a test that passes only on its retry is reported as
  // flaky in the list (review.spec's focus after "Next to review" across pages was seen to be, under load 11).
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: WITH_MODEL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.PARALELO_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  // team.spec.ts runs with its own PostgreSQL and servers: playwright.team.config.ts (npm run test:e2e:team).
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] }, testIgnore: /team\.spec\.ts$/ }],
  webServer: [
    {
      command: `npx tsx tests/e2e/serve.ts --port ${PORT_WITH_MODEL} --model test`,
      url: `${WITH_MODEL}/api/documents`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
    },
    {
      command: `npx tsx tests/e2e/serve.ts --port ${PORT_WITHOUT_MODEL} --model none`,
      url: `${WITHOUT_MODEL}/api/documents`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
    },
  ],
});
