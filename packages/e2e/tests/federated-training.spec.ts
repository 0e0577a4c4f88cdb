import { Page, request } from '@playwright/test';
import { expect, test } from './consoleProblems';
import {
  chooseTemplate,
  expectWrongJobNameExplained,
  signInAsGuest,
} from './portal';

const screenshots = '../../e2e-artifacts/screenshots';

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });
}

/** "Round 3 of 5" -> 3, or undefined before the job reports rounds. */
async function currentRound(page: Page): Promise<number | undefined> {
  const text = await page
    .getByText(/^Round \d+ of \d+$/)
    .textContent({ timeout: 1_000 })
    .catch(() => null);
  const match = text && /^Round (\d+) of/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * Sets how long a round of the portal's hub simulator takes (scripts/start.sh starts it on
 * 127.0.0.1:6443 with the token of app-config.yaml).
 */
async function setRoundDuration(roundDurationMs: number) {
  const hub = await request.newContext({
    baseURL: 'https://127.0.0.1:6443',
    ignoreHTTPSErrors: true,
    extraHTTPHeaders: { authorization: 'Bearer dev-hub-token' },
  });
  const answer = await hub.post('/simulator/faults', {
    data: { roundDurationMs },
  });
  expect(answer.ok()).toBe(true);
  await hub.dispose();
}

// The portal reads a running job's progress from its model location every 5 s: rounds of
// 6 s (real ones take minutes) let the page show each recorded round as it arrives.
test.beforeAll(() => setRoundDuration(6_000));
test.afterAll(() => setRoundDuration(2_000));

// One story, step by step: what an ML engineer does from launch to the trained model.
test('launch a Flower job with the cluster selector, follow it to the model and its clusters', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const job = `e2e-flower-${Date.now().toString(36)}`;

  await test.step('sign in and open the Flower template', async () => {
    await signInAsGuest(page);
    await chooseTemplate(page, 'Federated training with Flower');
    await expectWrongJobNameExplained(page);
    await page.getByLabel('Job name').fill(job);
    await page.getByLabel('Rounds').fill('4');
    await page.getByRole('button', { name: 'Next' }).click();
  });

  await test.step('choose clusters with the live cluster selector', async () => {
    // The demo hub's "hospitals" set; the preview explains the clusters it leaves out.
    await expect(
      page.getByText(/\d+ clusters? match(es)? on hub/),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Add claim requirement' }).click();
    await page
      .getByLabel('claim key')
      .fill('data.fl.open-cluster-management.io');
    await page.getByLabel('Operator').last().click();
    await page.getByRole('option', { name: 'Exists', exact: true }).click();
    await expect(page.getByText(/not selected/)).toBeVisible();
    await expect(
      page.getByText('Not in a chosen cluster set').first(),
    ).toBeVisible();
    const matched = page.getByTestId('ocm-fl-selected-clusters');
    await expect(matched.locator('.MuiChip-root').nth(1)).toBeVisible();
    await shot(page, '01-cluster-selector');
    // Fewer clusters than minClients (2): the form refuses to go on and says why.
    const numberOfClusters = page.getByRole('spinbutton', {
      name: 'Number of clusters',
    });
    await numberOfClusters.fill('1');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText(/minClients is 2/).first()).toBeVisible();
    await expect(numberOfClusters).toBeVisible();
    await numberOfClusters.fill('');
    await page.getByRole('button', { name: 'Next' }).click();
    // Model storage: the default location, "models" (the development S3 of app-config.yaml).
    await page.getByRole('button', { name: 'Review' }).click();
  });

  await test.step('launch and follow the link to the job page', async () => {
    await page.getByRole('button', { name: 'Create' }).click();
    const follow = page.getByRole('link', { name: 'Follow the job' });
    await expect(follow).toBeVisible({ timeout: 120_000 });
    await shot(page, '02-launched');
    await follow.click();
    await expect(page).toHaveURL(
      new RegExp(`/federated-learning/jobs/${job}$`),
    );
  });

  await test.step('watch the rounds advance until the job succeeds', async () => {
    const rounds = new Set<number>();
    const succeeded = page.getByText('Succeeded', { exact: true }).first();
    const deadline = Date.now() + 180_000;
    let shotRunning = false;
    while (!(await succeeded.isVisible()) && Date.now() < deadline) {
      const round = await currentRound(page);
      if (round !== undefined && !rounds.has(round)) {
        rounds.add(round);
        // The first round seen in progress, as the engineer sees it.
        if (round > 0 && !shotRunning) {
          await shot(page, '03-job-running');
          shotRunning = true;
        }
      }
      await page.waitForTimeout(500);
    }
    await expect(succeeded).toBeVisible();
    rounds.add((await currentRound(page)) ?? 0);
    // Live updates moved the progress bar without a reload: more than one round was seen.
    expect(rounds.size).toBeGreaterThan(1);
    await expect(page.getByText('Round 4 of 4')).toBeVisible();
    await expect(
      page.getByRole('img', { name: 'Metrics per round' }),
    ).toBeVisible();
    await shot(page, '04-job-succeeded');
  });

  const participant = await page
    .getByRole('table')
    .filter({ hasText: 'client' })
    .getByRole('row')
    .filter({ hasText: 'client' })
    .first()
    .getByRole('link')
    .textContent();

  await test.step('open the produced model: versions, catalog entity, lineage graph', async () => {
    await page.getByRole('link', { name: `model ${job}` }).click();
    await expect(page.getByRole('button', { name: 'v1' })).toBeVisible({
      timeout: 60_000,
    });
    const lineage = page.getByRole('figure', { name: 'Lineage graph' });
    await expect(lineage).toBeVisible();
    await expect(
      lineage.getByRole('link', { name: participant! }),
    ).toBeVisible();
    await shot(page, '05-model-page');

    // The same model as a catalog entity (spec.type ai-model), with its own tab. The
    // catalog processes a newly provided entity within seconds; the entity page does not
    // look again by itself, so reload until it is there.
    await page.getByRole('link', { name: job, exact: true }).first().click();
    const entityTab = page.getByRole('link', {
      name: 'Versions & lineage',
      exact: true,
    });
    await expect(async () => {
      if (!(await entityTab.isVisible())) {
        await page.reload();
        await expect(entityTab).toBeVisible({ timeout: 3_000 });
      }
    }).toPass({ timeout: 60_000 });
    await entityTab.click();
    await expect(
      page.getByRole('figure', { name: 'Lineage graph' }),
    ).toBeVisible();
    await shot(page, '06-model-entity-lineage');
  });

  await test.step('open the Federated Learning tab of a participating cluster', async () => {
    await page
      .getByRole('figure', { name: 'Lineage graph' })
      .getByRole('link', { name: participant! })
      .click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/resource/${participant}$`),
    );
    // The entity's tab (the sidebar's "Federated Learning" link has the same name).
    await page
      .locator('a[href*="/catalog/"][href$="/federated-learning"]')
      .click();
    await expect(
      page.getByText(`Federated learning jobs on ${participant}`),
    ).toBeVisible();
    await expect(
      page.getByRole('row').filter({ hasText: job }).getByText('Succeeded'),
    ).toBeVisible();
    await shot(page, '07-cluster-federated-learning-tab');
  });
});
