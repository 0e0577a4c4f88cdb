import { execFileSync } from 'node:child_process';
import { expect, Page, test } from '@playwright/test';
import { stringify } from 'yaml';

/**
 * How fast the Clusters and Jobs tabs render and answer a filter with a hub at scale.
 * Run against a portal whose simulator runs `scale:5000` (see README in this folder); it
 * adds the jobs itself. Prints the figures and fails above one second.
 */

const backend = process.env.BACKEND_URL ?? 'http://localhost:7007';
const hub = process.env.HUB_URL ?? 'https://127.0.0.1:6443';
const hubToken = process.env.HUB_TOKEN ?? 'dev-hub-token';
const JOBS = Number(process.env.PERF_JOBS ?? 1000);
const BUDGET_MS = 1000;
const figures: Record<string, number> = {};

async function guestToken(): Promise<string> {
  const response = await fetch(`${backend}/api/auth/guest/refresh`);
  return (await response.json()).backstageIdentity.token;
}

/** Placements as the launcher writes them (label and spec annotation), without workloads. */
function jobPlacements(count: number) {
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: Array.from({ length: count }, (_, i) => {
      const name = `perf-job-${String(i).padStart(4, '0')}`;
      return {
        apiVersion: 'cluster.open-cluster-management.io/v1beta1',
        kind: 'Placement',
        metadata: {
          name,
          namespace: 'federated-learning',
          labels: {
            'federated-learning.open-cluster-management.io/job': name,
            'app.kubernetes.io/managed-by': 'backstage-ocm-fl',
          },
          annotations: {
            'federated-learning.open-cluster-management.io/spec':
              JSON.stringify({
                name,
                framework: i % 2 ? 'openfl' : 'flower',
                rounds: 5,
                minClients: 2,
              }),
          },
        },
        spec: { clusterSets: ['hospitals'], numberOfClusters: 3 },
      };
    }),
  };
}

/** Time from `start` until `done` resolves, recorded under `name`. */
async function measure(
  name: string,
  start: () => Promise<void>,
  done: () => Promise<void>,
) {
  const began = Date.now();
  await start();
  await done();
  figures[name] = Date.now() - began;
}

async function openTab(page: Page, tab: string) {
  await page.getByRole('tab', { name: tab }).click();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const token = await guestToken();
  const jobs = await fetch(`${backend}/api/ocm-fl/jobs?limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  }).then(r => r.json());
  if (jobs.total >= JOBS) return;
  execFileSync(
    'kubectl',
    [
      '--server',
      hub,
      '--token',
      hubToken,
      '--insecure-skip-tls-verify',
      'apply',
      '--server-side',
      '--field-manager',
      'backstage-ocm-fl',
      '-f',
      '-',
    ],
    {
      input: stringify(jobPlacements(JOBS)),
      stdio: ['pipe', 'ignore', 'inherit'],
    },
  );
  // The backend's cache follows the hub by watch; wait until it has every job.
  await expect
    .poll(
      async () =>
        (
          await fetch(`${backend}/api/ocm-fl/jobs?limit=1`, {
            headers: { authorization: `Bearer ${token}` },
          }).then(r => r.json())
        ).total,
      { timeout: 300_000 },
    )
    .toBeGreaterThanOrEqual(JOBS);
});

test.afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(
    `\nFederated Learning lists at scale (budget ${BUDGET_MS} ms):\n${Object.entries(
      figures,
    )
      .map(([name, ms]) => `  ${name.padEnd(40)} ${ms} ms`)
      .join('\n')}\n`,
  );
});

test('Clusters and Jobs tabs render and filter within a second', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Federated Learning' })
    .click();
  await expect(page.getByText('Jobs by phase')).toBeVisible();

  await measure(
    'clusters: open tab to first row',
    () => openTab(page, 'Clusters'),
    () =>
      expect(page.getByRole('link', { name: 'cluster-00000' })).toBeVisible(),
  );
  const filter = page.getByPlaceholder('Filter');
  await filter.fill('cluster-0421');
  // From the end of typing: the search box waits 300 ms for more keys before it asks.
  await measure(
    'clusters: search to matching rows',
    async () => {},
    () =>
      expect(page.getByRole('link', { name: 'cluster-04219' })).toBeVisible(),
  );
  await measure(
    'clusters: availability filter',
    async () => {
      await filter.fill('');
      await page.getByLabel('Availability').click();
      await page
        .getByRole('option', { name: 'available', exact: true })
        .click();
    },
    () =>
      expect(page.getByRole('link', { name: 'cluster-00000' })).toBeVisible(),
  );

  await measure(
    'jobs: open tab to first row',
    () => openTab(page, 'Jobs'),
    () =>
      expect(page.getByRole('link', { name: 'perf-job-0000' })).toBeVisible(),
  );
  await measure(
    'jobs: framework filter',
    async () => {
      await page.getByLabel('Framework').click();
      await page.getByRole('option', { name: 'openfl' }).click();
    },
    () =>
      expect(page.getByRole('link', { name: 'perf-job-0001' })).toBeVisible(),
  );
  await page.screenshot({
    path: '../../e2e-artifacts/screenshots/perf-jobs.png',
    fullPage: true,
  });

  for (const [name, ms] of Object.entries(figures)) {
    expect(ms, name).toBeLessThan(BUDGET_MS);
  }
});
