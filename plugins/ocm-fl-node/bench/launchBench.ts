/* eslint-disable no-console */
import {
  parseJobSpec,
  renderJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { startHubSimulator } from '@ocm-fl/hub-simulator';
import { KubeConfig } from '@kubernetes/client-node';
import { JobLauncher } from '../src/launcher';
import { mintPkiForJob } from '../src/pki/jobPki';

/**
 * Launch and render times for 10, 100 and 1,000 client clusters against the hub simulator
 * (scale:N+1 clusters, one for the aggregator). Prints figures; asserts nothing.
 * Usage: yarn workspace @ocm-fl/backstage-plugin-ocm-fl-node bench [sizes...]
 */
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter(n => n > 0);

function specFor(n: number) {
  return {
    name: `bench-${n}`,
    framework: 'flower',
    image: 'quay.io/example/app:1.0',
    rounds: 3,
    minClients: Math.min(n, 2),
    clients: {
      placement: {
        numberOfClusters: n,
        predicates: [
          {
            claimSelector: {
              matchExpressions: [
                {
                  key: 'data.fl.open-cluster-management.io',
                  operator: 'Exists',
                },
              ],
            },
          },
        ],
      },
    },
    data: { type: 'clusterClaim', claim: 'data.fl.open-cluster-management.io' },
    aggregator: { cluster: 'cluster-00009' },
    storage: { type: 'pvc' },
  };
}

async function main() {
  console.log('clusters  launch (ms)  render + PKI (ms)  render only (ms)');
  for (const n of sizes.length ? sizes : [10, 100, 1000]) {
    // Every tenth scale cluster lacks the data claim; leave room for them and the aggregator.
    const sim = await startHubSimulator({
      port: 0,
      tokens: ['bench'],
      scenario: `scale:${Math.ceil(n * 1.2) + 10}`,
      timings: { deploymentReadyMs: 50, jobDurationMs: 100 },
    });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(sim.kubeconfig('bench'));
    const launcher = new JobLauncher({
      kubeConfig,
      namespace: 'federated-learning',
      // PVC storage: no S3 location is involved.
      storageLocations: [],
      concurrency: 20,
      waits: { pollMs: 10 },
    });
    const started = performance.now();
    const result = await launcher.launch(specFor(n));
    const launchMs = performance.now() - started;

    const parsed = parseJobSpec(specFor(n));
    if (!parsed.success) throw new Error('bench spec invalid');
    const participants = result.participants.map(cluster => ({
      cluster,
      data: { hostPath: '/data' },
    }));
    const host = '198.51.100.7';
    const renderStarted = performance.now();
    const pki = await mintPkiForJob(parsed.spec, host, result.participants);
    const input = {
      spec: parsed.spec,
      namespace: 'federated-learning',
      participants,
      aggregatorAddress: { host, port: 9092 },
      pki,
    };
    renderJob(input);
    const renderWithPkiMs = performance.now() - renderStarted;
    const renderOnlyStarted = performance.now();
    renderJob(input);
    const renderOnlyMs = performance.now() - renderOnlyStarted;
    console.log(
      `${String(result.participants.length).padStart(8)}  ${launchMs
        .toFixed(0)
        .padStart(11)}  ${renderWithPkiMs
        .toFixed(0)
        .padStart(17)}  ${renderOnlyMs.toFixed(1).padStart(16)}`,
    );
    await sim.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
