import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The fresh Backstage app that scripts/install-check.sh makes and starts (fresh-app/): its
// address in PORTAL_URL, the results in INSTALL_CHECK_ARTIFACTS beside the app.
const portalUrl = process.env.PORTAL_URL;
if (!portalUrl) {
  throw new Error(
    "PORTAL_URL must be the fresh app's address; scripts/install-check.sh sets it",
  );
}

export default defineConfig({
  ...base,
  testDir: 'fresh-app',
  outputDir: process.env.INSTALL_CHECK_ARTIFACTS ?? base.outputDir,
  use: { ...base.use, baseURL: portalUrl },
});
