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

type Screen = { links: string[]; text: string };

/**
 * Milliseconds from just before `action` until the page shows what `shown` accepts,
 * timed in the page (checked on every animation frame, so polling adds nothing).
 */
async function measure(
  page: Page,
  name: string,
  action: () => Promise<void>,
  shown: (screen: Screen) => boolean,
) {
  const start = await page.evaluate(() => performance.now());
  await action();
  const found = await page.waitForFunction(
    (test: string) => {
      const view = {
        links: [...document.querySelectorAll('a')].map(
          a => a.textContent ?? '',
        ),
        text: document.body.innerText,
      };
      return new Function('screen', `return (${test})(screen)`)(view)
        ? performance.now()
        : false;
    },
    shown.toString(),
    { polling: 'raf', timeout: 15_000 },
  );
  figures[name] = Math.round((await found.jsonValue()) - start);
}

async function choose(page: Page, filter: string, option: string) {
  await page.getByLabel(filter).click();
  await page.getByRole('option', { name: option, exact: true }).click();
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
      '--validate=false',
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
        fetch(`${backend}/api/ocm-fl/jobs?limit=1`, {
          headers: { authorization: `Bearer ${token}` },
        })
          .then(r => r.json())
          // Busy placing a thousand jobs on five thousand clusters: ask again.
          .then(
            body => body.total,
            () => 0,
          ),
      { timeout: 300_000 },
    )
    .toBeGreaterThanOrEqual(JOBS);
});

test.afterAll(() => {
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
    page,
    'clusters: open the tab, first page shown',
    () => page.getByRole('tab', { name: 'Clusters' }).click(),
    view => view.links.includes('cluster-00000'),
  );
  // Measured from the first key: the search box waits 300 ms for more keys before it asks.
  await measure(
    page,
    'clusters: search typed, matches shown',
    () => page.getByPlaceholder('Filter').fill('cluster-0421'),
    view =>
      view.links.includes('cluster-04219') &&
      !view.links.includes('cluster-00000'),
  );
  await measure(
    page,
    'clusters: availability filter applied',
    () => choose(page, 'Availability', 'unavailable'),
    view => view.text.includes('No cluster matches the filter'),
  );

  await measure(
    page,
    'jobs: open the tab, first page shown',
    () => page.getByRole('tab', { name: 'Jobs' }).click(),
    view => view.links.includes('perf-job-0000'),
  );
  await measure(
    page,
    'jobs: framework filter applied',
    () => choose(page, 'Framework', 'openfl'),
    view =>
      view.links.includes('perf-job-0001') &&
      !view.links.includes('perf-job-0000'),
  );
  await measure(
    page,
    'jobs: phase filter applied',
    () => choose(page, 'Phase', 'Running'),
    view => view.text.includes('No job matches the filter'),
  );
  await page.screenshot({
    path: '../../e2e-artifacts/screenshots/perf-jobs.png',
    fullPage: true,
  });

  for (const [name, ms] of Object.entries(figures)) {
    expect(ms, name).toBeLessThan(BUDGET_MS);
  }
});
