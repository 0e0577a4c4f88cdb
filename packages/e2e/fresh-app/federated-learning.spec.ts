import { expect, test as base } from '@playwright/test';
import {
  chooseTemplate,
  expectWrongJobNameExplained,
  openFederatedLearningPage,
  signInAsGuest,
} from '../tests/portal';

// The fresh app of scripts/install-check.sh: the frontend plugin only installed (app.packages:
// all discovers it), the templates registered as the scaffolder module's README says. Its
// production bundle names no source files, so every uncaught error in the page counts.
const test = base.extend<{ uncaughtErrors: string[] }>({
  uncaughtErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', error => errors.push(error.message));
      await use(errors);
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

test('the Federated Learning page shows the hub and its clusters', async ({
  page,
}) => {
  await signInAsGuest(page);
  await openFederatedLearningPage(page);
  // The overview's cluster count comes from the hub through the backend plugin.
  await expect(
    page.getByText('managed clusters available for training'),
  ).toBeVisible();
});

test("Create offers the templates, with the plugin's form fields", async ({
  page,
}) => {
  await signInAsGuest(page);
  await chooseTemplate(page, 'Federated training with OpenFL');
  await expectWrongJobNameExplained(page);
  await page.getByLabel('Job name').fill('fresh-app-check');
  await page.getByRole('button', { name: 'Next' }).click();
  // The cluster selector (OcmClusterSelector) previews the placement through the backend.
  await expect(page.getByText(/\d+ clusters? match(es)? on hub/)).toBeVisible();
});
