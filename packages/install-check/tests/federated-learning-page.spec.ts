import { expect, test } from '@playwright/test';

// In the fresh app the plugin is only installed (app.packages: all discovers it): its page
// must be in the sidebar and show the hub that the backend plugin reaches.
test('the Federated Learning page renders in a fresh app', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', error => problems.push(error.message));
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();

  const link = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Federated Learning' });
  await link.click();
  await expect(page).toHaveURL(/\/federated-learning$/);
  await expect(
    page.getByRole('main').getByRole('heading', { name: 'Federated Learning' }),
  ).toBeVisible();
  await expect(page.getByText('OCM hubs')).toBeVisible();
  await expect(page.getByText('Connected')).toBeVisible();
  // The overview's cluster count comes from the hub through the backend plugin.
  await expect(
    page.getByText('managed clusters available for training'),
  ).toBeVisible();
  expect(problems).toEqual([]);
});
