import { expect, test } from './consoleProblems';
import { openFederatedLearningPage, signInAsGuest } from './portal';

const screenshots = '../../e2e-artifacts/screenshots';

test('a guest signs in and opens the Federated Learning page', async ({
  page,
}) => {
  await signInAsGuest(page);
  await openFederatedLearningPage(page);
  // The development portal's hub is the simulator that scripts/start.sh starts, and says so.
  await expect(
    page.getByText('simulator', { exact: true }).first(),
  ).toBeVisible();
  await page.screenshot({
    path: `${screenshots}/federated-learning-page.png`,
    fullPage: true,
  });
});
