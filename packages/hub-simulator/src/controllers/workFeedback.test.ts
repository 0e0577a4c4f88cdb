import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  deriveJobStatus,
  ManagedCluster,
  Manifest,
  parseJobSpec,
  renderJob,
  WorkObject,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { HubSimulator } from '../startHubSimulator';
import { eventually, startTestHub } from '../testing/startTestHub';

const WORK = {
  group: 'work.open-cluster-management.io',
  version: 'v1',
  plural: 'manifestworks',
};

/**
 * What the project renders, read back through the simulated work agents as a real OCM agent
 * reports it: feedback paths from the object's root, conditions only from condition rules.
 */
describe('rendered works through the work agents', () => {
  let sim: HubSimulator;
  let custom: CustomObjectsApi;

  beforeEach(async () => {
    const hub = await startTestHub({
      flRuntime: { roundDurationMs: 30, clientWaitMs: 300 },
    });
    sim = hub.sim;
    custom = hub.kubeConfig.makeApiClient(CustomObjectsApi);
  });
  afterEach(() => sim.close());

  const spec = (overrides: Record<string, unknown>) => {
    const parsed = parseJobSpec({
      name: 'mnist',
      framework: 'flower',
      image: 'registry.example.com/fl/mnist:1.0',
      rounds: 50,
      minClients: 2,
      clients: { clusters: ['hospital-paris', 'hospital-madrid'] },
      data: { type: 'hostPath', path: '/data' },
      aggregator: { cluster: 'hospital-berlin' },
      storage: { type: 'pvc', size: '1Gi' },
      tls: { enabled: false },
      ...overrides,
    });
    if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
    return parsed.spec;
  };

  async function launch(overrides: Record<string, unknown>) {
    const jobSpec = spec(overrides);
    const rendered = renderJob({
      spec: jobSpec,
      namespace: 'federated-learning',
      participants: ['hospital-paris', 'hospital-madrid'].map(cluster => ({
        cluster,
        data: { hostPath: '/data' },
      })),
      aggregatorAddress: { host: 'fl.example.org', port: 9092 },
    });
    for (const work of [rendered.aggregatorWork, ...rendered.clientWorks]) {
      await custom.createNamespacedCustomObject({
        ...WORK,
        namespace: work.metadata.namespace!,
        body: work,
      });
    }
    return rendered;
  }

  const getWork = (work: Manifest) =>
    custom.getNamespacedCustomObject({
      ...WORK,
      namespace: work.metadata.namespace!,
      name: work.metadata.name!,
    });
  const manifestStatus = (work: any, kind: string, name: string) =>
    work.status?.resourceStatus?.manifests?.find(
      (m: any) => m.resourceMeta.kind === kind && m.resourceMeta.name === name,
    );
  const feedbackOf = (work: any, kind: string, name: string) =>
    Object.fromEntries(
      (manifestStatus(work, kind, name)?.statusFeedback?.values ?? []).map(
        (v: any) => [v.name, v.fieldValue],
      ),
    );

  async function jobStatus(rendered: ReturnType<typeof renderJob>) {
    const works = await Promise.all(
      [rendered.aggregatorWork, ...rendered.clientWorks].map(getWork),
    );
    const clusters = await custom.listClusterCustomObject({
      group: 'cluster.open-cluster-management.io',
      version: 'v1',
      plural: 'managedclusters',
    });
    return deriveJobStatus({
      job: 'mnist',
      minClients: 2,
      decisions: [],
      works: works as WorkObject[],
      clusters: clusters.items as ManagedCluster[],
    });
  }

  it.each([
    ['hospital-berlin', { ip: expect.stringMatching(/^198\.51\.\d+\.\d+$/) }],
    // Its platform ClusterClaim is AWS: the load balancer has a DNS name and no IP.
    ['edge-virginia', { hostname: 'edge-virginia.elb.example.com' }],
  ])(
    'reports the LoadBalancer address of the aggregator on %s through the rendered feedback rules',
    async (cluster, address) => {
      const rendered = await launch({
        aggregator: { cluster, exposure: { type: 'LoadBalancer' } },
      });
      const work = await eventually(async () => {
        const w = await getWork(rendered.aggregatorWork);
        return Object.keys(feedbackOf(w, 'Service', 'superlink-fleet')).length
          ? w
          : undefined;
      });
      const [name, value] = Object.entries(address)[0];
      expect(feedbackOf(work, 'Service', 'superlink-fleet')).toEqual({
        [name]: { type: 'String', string: value },
      });
      expect(
        manifestStatus(work, 'Service', 'superlink-fleet').conditions,
      ).toContainEqual(
        expect.objectContaining({
          type: 'StatusFeedbackSynced',
          status: 'True',
          reason: 'StatusFeedbackSynced',
        }),
      );
    },
  );

  it('reads a client whose Job failed as failed, though the work says Complete', async () => {
    sim.failClientWorkloads('hospital-paris', 'mnist');
    const rendered = await launch({
      framework: 'openfl',
      image: 'registry.example.com/fl/mnist-workspace:1.0',
      aggregator: {
        cluster: 'hospital-berlin',
        exposure: { type: 'NodePort', address: '10.0.0.1', nodePort: 30092 },
      },
    });
    const paris = rendered.clientWorks.find(
      w => w.metadata.namespace === 'hospital-paris',
    )!;
    const work = await eventually(async () => {
      const w = await getWork(paris);
      return feedbackOf(w, 'Job', 'collaborator').JobFailed ? w : undefined;
    });
    // The agent's built-in Job rule: Complete once the Job finished, failed or not.
    expect(
      manifestStatus(work, 'Job', 'collaborator').conditions,
    ).toContainEqual(
      expect.objectContaining({
        type: 'Complete',
        status: 'True',
        reason: 'ConditionRuleEvaluated',
        message: 'Job is finished',
      }),
    );
    expect(work.status.conditions.map((c: any) => c.type).sort()).toEqual([
      'Applied',
      'Available',
      'Complete',
    ]);
    const status = await jobStatus(rendered);
    expect(status.clusters).toContainEqual({
      cluster: 'hospital-paris',
      role: 'client',
      state: 'Failed',
      reason: 'the client Job failed on hospital-paris (BackoffLimitExceeded)',
    });
    expect(status.phase).toBe('Failed');
  });

  it('reads a client whose Deployment never becomes available as failed', async () => {
    sim.failClientWorkloads('hospital-madrid', 'mnist');
    const rendered = await launch({
      aggregator: {
        cluster: 'hospital-berlin',
        exposure: { type: 'NodePort', address: '10.0.0.1', nodePort: 30092 },
      },
    });
    const status = await eventually(async () => {
      const s = await jobStatus(rendered);
      return s.phase === 'Failed' ? s : undefined;
    });
    expect(status.clusters).toContainEqual({
      cluster: 'hospital-madrid',
      role: 'client',
      state: 'Failed',
      reason:
        "the client's Deployment supernode did not become available on hospital-madrid (ProgressDeadlineExceeded)",
    });
    const madrid = await getWork(
      rendered.clientWorks.find(
        w => w.metadata.namespace === 'hospital-madrid',
      )!,
    );
    expect(madrid.status.conditions.map((c: any) => c.type)).not.toContain(
      'Degraded',
    );
  });
});
