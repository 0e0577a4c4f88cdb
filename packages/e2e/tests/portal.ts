import { Page } from '@playwright/test';
import { expect } from './consoleProblems';

/**
 * Steps that every portal with the plugins takes the same way: the development portal of
 * scripts/e2e.sh and the fresh app of scripts/install-check.sh.
 */

/** Signs in as the guest, from the sign-in page. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
}

/**
 * Opens the Federated Learning page from the sidebar; its hub table comes from
 * GET /api/ocm-fl/health with the guest's token, and shows a hub that answers.
 */
export async function openFederatedLearningPage(page: Page) {
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  const link = nav.getByRole('link', { name: 'Federated Learning' });
  await expect(link).toBeVisible();
  await link.click();

  await expect(page).toHaveURL(/\/federated-learning$/);
  await expect(
    page.getByRole('main').getByRole('heading', { name: 'Federated Learning' }),
  ).toBeVisible();
  await expect(page.getByText('OCM hubs')).toBeVisible();
  await expect(page.getByText('Connected')).toBeVisible();
}

/** Opens a template from Create by its title, up to its first field, the job name. */
export async function chooseTemplate(page: Page, title: string) {
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Create' }).click();
  // The innermost element that holds both the template's title and a Choose button.
  const card = page
    .locator('div')
    .filter({ has: page.getByRole('heading', { name: title }) })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
  await card.getByRole('button', { name: 'Choose' }).click();
  await expect(page.getByLabel('Job name')).toBeVisible();
}

/**
 * The job name field of the plugin (OcmJobName) explains a wrong name in words, and Next
 * waits until it is corrected; the scaffolder's own field would only quote the pattern.
 */
export async function expectWrongJobNameExplained(page: Page) {
  await page.getByLabel('Job name').fill('Mnist_1');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByText(
      "Use lower-case letters, digits and '-', starting with a letter",
      { exact: false },
    ),
  ).toBeVisible();
  await expect(page.getByText(/must match pattern/)).toHaveCount(0);
}
