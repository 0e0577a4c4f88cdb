import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Measurements at scale (perf/): not part of the default e2e run, which would need a
// portal with thousands of simulated clusters. See perf/README.md.
export default defineConfig({
  ...base,
  testDir: 'perf',
  testMatch: '*.perf.ts',
});
