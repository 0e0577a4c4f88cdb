import { expect, test } from './consoleProblems';

const screenshots = '../../e2e-artifacts/screenshots';

test('a guest signs in and opens the Federated Learning page', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  const link = nav.getByRole('link', { name: 'Federated Learning' });
  await expect(link).toBeVisible();
  await link.click();

  await expect(page).toHaveURL(/\/federated-learning$/);
  await expect(
    page.getByRole('main').getByRole('heading', { name: 'Federated Learning' }),
  ).toBeVisible();
  // The hub table comes from GET /api/ocm-fl/health with the guest's token.
  await expect(page.getByText('OCM hubs')).toBeVisible();
  // The development portal's hub is the simulator that scripts/start.sh starts, and says so.
  await expect(page.getByText('Connected')).toBeVisible();
  await expect(
    page.getByText('simulator', { exact: true }).first(),
  ).toBeVisible();
  await page.screenshot({
    path: `${screenshots}/federated-learning-page.png`,
    fullPage: true,
  });
});
