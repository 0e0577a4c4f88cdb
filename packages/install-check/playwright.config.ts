import { defineConfig } from '@playwright/test';

// The fresh app is started by scripts/install-check.sh; Chromium comes from Debian, as in
// packages/e2e.
export default defineConfig({
  testDir: 'tests',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: process.env.INSTALL_CHECK_ARTIFACTS ?? 'test-results',
  use: {
    actionTimeout: 30_000,
    baseURL: process.env.PORTAL_URL,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    },
  },
});
