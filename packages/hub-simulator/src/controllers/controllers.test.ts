import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { HubSimulator } from '../startHubSimulator';
import { hubObjects } from '../testing/hubObjects';
import { eventually, rawRequest, startTestHub } from '../testing/startTestHub';
import { deploymentManifest, jobManifest } from '../testing/workloadManifests';

const CLUSTER = 'cluster.open-cluster-management.io';
const WORK = 'work.open-cluster-management.io';
const NS = 'federated-learning';

describe('hub simulator controllers', () => {
  let sim: HubSimulator;
  let kc: KubeConfig;
  let custom: CustomObjectsApi;

  beforeEach(async () => {
    ({ sim, kubeConfig: kc } = await startTestHub());
    custom = kc.makeApiClient(CustomObjectsApi);
  });
  afterEach(() => sim.close());

  const { createPlacement, decisionsOf } = hubObjects(() => custom);

  it('schedules a placement over the demo clusters and reports PlacementSatisfied', async () => {
    await createPlacement('gpu-eu', {
      clusterSets: ['hospitals', 'gpu-pool'],
      numberOfClusters: 2,
      predicates: [
        {
          requiredClusterSelector: {
            labelSelector: { matchLabels: { gpu: 'true' } },
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
        mode: 'Exact',
        configurations: [
          { scoreCoordinate: { builtIn: 'ResourceAllocatableCPU' }, weight: 1 },
        ],
      },
    });
    // gpu-pool-1 has the most CPU; hospital-berlin/madrid/boston tie at 16 cores: by name.
    await eventually(async () =>
      (await decisionsOf('gpu-eu')).length === 2 ? true : undefined,
    );
    expect(await decisionsOf('gpu-eu')).toEqual([
      'gpu-pool-1',
      'hospital-berlin',
    ]);
    const placement = await custom.getNamespacedCustomObject({
      group: CLUSTER,
      version: 'v1beta1',
      namespace: NS,
      plural: 'placements',
      name: 'gpu-eu',
    });
    expect(placement.status.numberOfSelectedClusters).toBe(2);
    expect(placement.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'PlacementSatisfied',
          status: 'True',
          reason: 'AllDecisionsScheduled',
        }),
      ]),
    );
  });

  it('says why when too few clusters match', async () => {
    await createPlacement('too-many', {
      clusterSets: ['regional'],
      numberOfClusters: 5,
    });
    const condition = await eventually(async () => {
      const p = await custom.getNamespacedCustomObject({
        group: CLUSTER,
        version: 'v1beta1',
        namespace: NS,
        plural: 'placements',
        name: 'too-many',
      });
      return p.status?.conditions?.find(
        (c: any) => c.type === 'PlacementSatisfied',
      );
    });
    expect(condition).toMatchObject({
      status: 'False',
      reason: 'NotAllDecisionsScheduled',
      message: '3 cluster decisions unscheduled',
    });
  });

  it('drops a cluster that becomes unavailable (unreachable taint) and takes it back when it returns', async () => {
    await createPlacement('regional', { clusterSets: ['regional'] });
    await eventually(async () =>
      (await decisionsOf('regional')).length === 2 ? true : undefined,
    );

    const down = await rawRequest(
      sim,
      '/simulator/clusters/edge-virginia/availability',
      { method: 'POST', body: { available: false } },
    );
    expect(down.status).toBe(200);
    await eventually(async () =>
      (await decisionsOf('regional')).join() === 'edge-frankfurt'
        ? true
        : undefined,
    );
    const cluster = await custom.getClusterCustomObject({
      group: CLUSTER,
      version: 'v1',
      plural: 'managedclusters',
      name: 'edge-virginia',
    });
    expect(cluster.spec.taints).toEqual([
      expect.objectContaining({
        key: `${CLUSTER}/unreachable`,
        effect: 'NoSelect',
      }),
    ]);
    expect(
      cluster.status.conditions.find(
        (c: any) => c.type === 'ManagedClusterConditionAvailable',
      ).status,
    ).toBe('Unknown');

    sim.setClusterAvailable('edge-virginia', true);
    await eventually(async () =>
      (await decisionsOf('regional')).length === 2 ? true : undefined,
    );
  });

  const work = (
    name: string,
    manifests: unknown[],
    extra: Record<string, unknown> = {},
  ) => ({
    apiVersion: `${WORK}/v1`,
    kind: 'ManifestWork',
    metadata: { name },
    spec: { workload: { manifests }, ...extra },
  });
  const getWork = (cluster: string, name: string) =>
    custom.getNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: cluster,
      plural: 'manifestworks',
      name,
    });

  it('applies a ManifestWork on its cluster and reports conditions and status feedback', async () => {
    const manifests = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fl-demo' } },
      deploymentManifest('superlink', 'fl-demo'),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'fleet', namespace: 'fl-demo' },
        spec: { type: 'LoadBalancer' },
      },
      jobManifest('submit', 'fl-demo'),
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'model', namespace: 'fl-demo' },
        spec: { resources: { requests: { storage: '1Gi' } } },
      },
    ];
    await custom.createNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: 'hospital-berlin',
      plural: 'manifestworks',
      body: work('demo-aggregator', manifests, {
        deleteOption: {
          propagationPolicy: 'SelectivelyOrphan',
          selectivelyOrphans: {
            orphaningRules: [
              {
                resource: 'persistentvolumeclaims',
                namespace: 'fl-demo',
                name: 'model',
              },
            ],
          },
        },
        manifestConfigs: [
          {
            resourceIdentifier: {
              group: 'apps',
              resource: 'deployments',
              namespace: 'fl-demo',
              name: 'superlink',
            },
            feedbackRules: [{ type: 'WellKnownStatus' }],
          },
          {
            resourceIdentifier: {
              resource: 'services',
              namespace: 'fl-demo',
              name: 'fleet',
            },
            feedbackRules: [
              {
                type: 'JSONPaths',
                jsonPaths: [
                  { name: 'ip', path: '.status.loadBalancer.ingress[0].ip' },
                ],
              },
            ],
          },
          {
            resourceIdentifier: {
              group: 'batch',
              resource: 'jobs',
              namespace: 'fl-demo',
              name: 'submit',
            },
            feedbackRules: [{ type: 'WellKnownStatus' }],
            conditionRules: [
              { type: 'WellKnownConditions', condition: 'Complete' },
            ],
          },
        ],
      }),
    });
    const done = await eventually(async () => {
      const w = await getWork('hospital-berlin', 'demo-aggregator');
      const complete =
        w.status?.resourceStatus?.manifests?.[3]?.conditions?.find(
          (c: any) => c.type === 'Complete',
        );
      return complete?.status === 'True' ? w : undefined;
    });
    const condition = (type: string) =>
      done.status.conditions.find((c: any) => c.type === type);
    expect(condition('Applied')).toMatchObject({ status: 'True' });
    expect(condition('Available')).toMatchObject({ status: 'True' });
    // Aggregated from the one manifest with a Complete condition rule.
    expect(condition('Complete')).toMatchObject({
      status: 'True',
      reason: 'ConditionRulesAggregated',
      message: 'Job is finished',
    });
    expect(done.metadata.finalizers).toContain(
      'cluster.open-cluster-management.io/manifest-work-cleanup',
    );
    const feedback = (i: number) =>
      Object.fromEntries(
        done.status.resourceStatus.manifests[i].statusFeedback.values.map(
          (v: any) => [v.name, v.fieldValue],
        ),
      );
    expect(feedback(1)).toEqual({
      ReadyReplicas: { type: 'Integer', integer: 1 },
      Replicas: { type: 'Integer', integer: 1 },
      AvailableReplicas: { type: 'Integer', integer: 1 },
    });
    expect(feedback(2).ip).toEqual({
      type: 'String',
      string: expect.stringMatching(/^198\.51\.\d+\.\d+$/),
    });
    expect(feedback(3)).toEqual({
      JobComplete: { type: 'String', string: 'True' },
      JobSucceeded: { type: 'Integer', integer: 1 },
    });
    expect(done.status.resourceStatus.manifests[1].resourceMeta).toEqual({
      ordinal: 1,
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      resource: 'deployments',
      namespace: 'fl-demo',
      name: 'superlink',
    });

    const berlin = sim.clusters.get('hospital-berlin')!;
    expect(berlin.resources.size).toBe(5);
    await custom.deleteNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: 'hospital-berlin',
      plural: 'manifestworks',
      name: 'demo-aggregator',
    });
    await eventually(
      async () =>
        await getWork('hospital-berlin', 'demo-aggregator').then(
          () => undefined,
          () => true,
        ),
    );
    // Deleting the work deletes its Namespace, and the API server deletes what is in it:
    // the PVC goes too, although the work orphans it.
    expect([...berlin.resources.keys()]).toEqual([]);
  });

  it('keeps an orphaned Namespace with its orphaned members when the work is deleted', async () => {
    const manifests = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fl-keep' } },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'fl-keep' },
        data: {},
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'model', namespace: 'fl-keep' },
        spec: { resources: { requests: { storage: '1Gi' } } },
      },
    ];
    const orphan = (resource: string, name: string, namespace?: string) => ({
      group: '',
      resource,
      name,
      ...(namespace ? { namespace } : {}),
    });
    await custom.createNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: 'hospital-berlin',
      plural: 'manifestworks',
      body: work('keep-aggregator', manifests, {
        deleteOption: {
          propagationPolicy: 'SelectivelyOrphan',
          selectivelyOrphans: {
            orphaningRules: [
              orphan('namespaces', 'fl-keep'),
              orphan('persistentvolumeclaims', 'model', 'fl-keep'),
            ],
          },
        },
      }),
    });
    const berlin = sim.clusters.get('hospital-berlin')!;
    await eventually(async () =>
      berlin.resources.size === 3 ? true : undefined,
    );
    const claimKey = '/persistentvolumeclaims/fl-keep/model';
    berlin.files.set(claimKey, new Map([['final.bin', Buffer.from('w')]]));
    await custom.deleteNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: 'hospital-berlin',
      plural: 'manifestworks',
      name: 'keep-aggregator',
    });
    await eventually(
      async () =>
        await getWork('hospital-berlin', 'keep-aggregator').then(
          () => undefined,
          () => true,
        ),
    );
    // The agent deleted the ConfigMap on its own; the Namespace and the PVC with its files stay.
    expect([...berlin.resources.keys()].sort()).toEqual([
      '/namespaces//fl-keep',
      claimKey,
    ]);
    expect([...berlin.files.get(claimKey)!.keys()]).toEqual(['final.bin']);
  });

  it('reports a failed client Job as the agent does (its feedback; Complete, never Degraded), and an unreachable cluster stops reporting', async () => {
    sim.failClientWorkloads('hospital-paris', 'demo');
    const collaborator = jobManifest('collaborator', 'fl-demo');
    const job = {
      ...collaborator,
      metadata: {
        ...collaborator.metadata,
        labels: { 'federated-learning.open-cluster-management.io/job': 'demo' },
      },
    };
    await custom.createNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: 'hospital-paris',
      plural: 'manifestworks',
      body: work('demo-client', [job], {
        manifestConfigs: [
          {
            resourceIdentifier: {
              group: 'batch',
              resource: 'jobs',
              namespace: 'fl-demo',
              name: 'collaborator',
            },
            feedbackRules: [
              {
                type: 'JSONPaths',
                jsonPaths: [
                  {
                    name: 'failed',
                    path: '.status.conditions[?(@.type=="Failed")].reason',
                  },
                ],
              },
            ],
            conditionRules: [
              { type: 'WellKnownConditions', condition: 'Complete' },
            ],
          },
        ],
      }),
    });
    const failed = await eventually(async () => {
      const w = await getWork('hospital-paris', 'demo-client');
      const manifest = w.status?.resourceStatus?.manifests?.[0];
      return manifest?.statusFeedback?.values?.length ? w : undefined;
    });
    expect(
      failed.status.resourceStatus.manifests[0].statusFeedback.values,
    ).toEqual([
      {
        name: 'failed',
        fieldValue: { type: 'String', string: 'BackoffLimitExceeded' },
      },
    ]);
    expect(
      failed.status.conditions.map((c: any) => [c.type, c.status]),
    ).toEqual([
      ['Applied', 'True'],
      ['Available', 'True'],
      ['Complete', 'True'],
    ]);

    sim.setClusterAvailable('hospital-madrid', false);
    await custom.createNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: 'hospital-madrid',
      plural: 'manifestworks',
      body: work('demo-client', [job]),
    });
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(
      (await getWork('hospital-madrid', 'demo-client')).status,
    ).toBeUndefined();
    sim.setClusterAvailable('hospital-madrid', true);
    await eventually(async () =>
      (
        await getWork('hospital-madrid', 'demo-client')
      ).status?.conditions
        ? true
        : undefined,
    );
  });

  it('reports a manifest it cannot apply', async () => {
    await custom.createNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: 'gpu-pool-1',
      plural: 'manifestworks',
      body: work('broken', [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
      ]),
    });
    const applied = await eventually(async () =>
      (
        await getWork('gpu-pool-1', 'broken')
      ).status?.conditions?.find((c: any) => c.type === 'Applied'),
    );
    expect(applied).toMatchObject({
      status: 'False',
      message: expect.stringContaining('ConfigMap has no metadata.name'),
    });
  });
});
