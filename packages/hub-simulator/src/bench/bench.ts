import https from 'node:https';
import {
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
import { startHubSimulator } from '../startHubSimulator';

/**
 * Benchmark of the simulator at scale (default scale:5000): list latency, watch event
 * latency, memory, and the time to schedule a Placement over every cluster. Prints figures;
 * asserts nothing. Usage: yarn workspace @ocm-fl/hub-simulator bench [clusters]
 */
async function main() {
  const clusters = Number(process.argv[2] ?? 5000);
  const token = 'bench';
  const seedStarted = performance.now();
  const sim = await startHubSimulator({
    port: 0,
    tokens: [token],
    scenario: `scale:${clusters}`,
  });
  const seedMs = performance.now() - seedStarted;
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig(token));
  const api = kc.makeApiClient(CustomObjectsApi);
  const mc = {
    group: 'cluster.open-cluster-management.io',
    version: 'v1',
    plural: 'managedclusters',
  };

  // Settle the controllers that the seed set off.
  await new Promise(resolve => setTimeout(resolve, 500));
  global.gc?.();
  const memory = process.memoryUsage();

  const listTimes: number[] = [];
  let listed = 0;
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    const list = await api.listClusterCustomObject(mc);
    listTimes.push(performance.now() - t);
    listed = list.items.length;
  }

  // The same list without client-node's object deserialization: server time plus transfer.
  const rawTimes: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    await rawGet(
      `${sim.url}/apis/cluster.open-cluster-management.io/v1/managedclusters`,
      token,
      sim.caPem!,
    );
    rawTimes.push(performance.now() - t);
  }

  const watchLatencies: number[] = [];
  const pending = new Map<string, number>();
  const start = await api.listClusterCustomObject({ ...mc, limit: 1 });
  const controller = await new Watch(kc).watch(
    '/apis/cluster.open-cluster-management.io/v1/managedclusters',
    { resourceVersion: start.metadata.resourceVersion },
    (type, obj) => {
      const mark = obj?.metadata?.labels?.['bench-mark'];
      const sent = mark && pending.get(mark);
      if (type === 'MODIFIED' && sent) {
        watchLatencies.push(performance.now() - sent);
        pending.delete(mark);
      }
    },
    () => undefined,
  );
  for (let i = 0; i < 20; i++) {
    const mark = `m${i}`;
    pending.set(mark, performance.now());
    await api.patchClusterCustomObject(
      {
        ...mc,
        name: `cluster-${String(i * 7).padStart(5, '0')}`,
        body: { metadata: { labels: { 'bench-mark': mark } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await waitFor(() => !pending.has(mark), 5000);
  }
  controller.abort();

  const scheduleStarted = performance.now();
  await api.createNamespacedCustomObject({
    group: 'cluster.open-cluster-management.io',
    version: 'v1beta1',
    namespace: 'federated-learning',
    plural: 'placements',
    body: {
      apiVersion: 'cluster.open-cluster-management.io/v1beta1',
      kind: 'Placement',
      metadata: { name: 'bench' },
      spec: {
        numberOfClusters: 100,
        predicates: [
          {
            requiredClusterSelector: {
              claimSelector: {
                matchExpressions: [
                  {
                    key: 'data.fl.open-cluster-management.io',
                    operator: 'Exists',
                  },
                ],
              },
            },
          },
        ],
        prioritizerPolicy: {
          configurations: [
            {
              scoreCoordinate: { builtIn: 'ResourceAllocatableCPU' },
              weight: 1,
            },
          ],
        },
      },
    },
  });
  let selected = 0;
  await waitFor(async () => {
    const p = await api.getNamespacedCustomObject({
      group: 'cluster.open-cluster-management.io',
      version: 'v1beta1',
      namespace: 'federated-learning',
      plural: 'placements',
      name: 'bench',
    });
    selected = p.status?.numberOfSelectedClusters ?? 0;
    return selected === 100;
  }, 60_000);
  const scheduleMs = performance.now() - scheduleStarted;

  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const line = (label: string, value: string) =>
    process.stdout.write(`${label.padEnd(48)} ${value}\n`);
  process.stdout.write(
    `OCM hub simulator benchmark, scale:${clusters} (${listed} ManagedClusters)\n`,
  );
  line('seed (create clusters, sets, bindings)', `${seedMs.toFixed(0)} ms`);
  line(
    'list all ManagedClusters, p50 / p95 (15 runs)',
    `${pct(listTimes, 50)} / ${pct(listTimes, 95)} ms`,
  );
  line(
    '  the same over raw HTTPS (no client decoding)',
    `${pct(rawTimes, 50)} / ${pct(rawTimes, 95)} ms`,
  );
  line(
    'watch event latency, p50 / p95 (20 changes)',
    `${pct(watchLatencies, 50)} / ${pct(watchLatencies, 95)} ms`,
  );
  line(
    'schedule a Placement over all clusters (100 of them)',
    `${scheduleMs.toFixed(0)} ms (create to status)`,
  );
  line(
    'simulator memory after seed: rss / heap used',
    `${mb(memory.rss)} / ${mb(memory.heapUsed)}`,
  );
  await sim.close();
}

function rawGet(url: string, token: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, headers: { authorization: `Bearer ${token}` } }, res => {
        let bytes = 0;
        res.on('data', chunk => (bytes += chunk.length));
        res.on('end', () => resolve(bytes));
      })
      .on('error', reject);
  });
}

function pct(values: number[], p: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ].toFixed(1);
}

async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 2));
  }
}

main().catch(error => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exit(1);
});
