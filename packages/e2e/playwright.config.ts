import { defineConfig } from '@playwright/test';

// The portal is started by scripts/e2e.sh; Chromium comes from Debian (Playwright cannot
// download its own browser on these machines).
export default defineConfig({
  testDir: 'tests',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../e2e-artifacts/results',
  use: {
    // A step that cannot find its element fails within this, not at the test's timeout.
    actionTimeout: 30_000,
    baseURL: process.env.PORTAL_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
