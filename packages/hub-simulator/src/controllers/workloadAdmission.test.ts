import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  Manifest,
  parseJobSpec,
  renderJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { workloadRuns } from '../cluster/workloads';
import { HubSimulator } from '../startHubSimulator';
import { KubeObject } from '../store/types';
import { eventually, startTestHub } from '../testing/startTestHub';
import { testStorageLocation } from '../testing/startTestS3';
import { deploymentManifest, jobManifest } from '../testing/workloadManifests';

const WORK = 'work.open-cluster-management.io';
const CLUSTER = 'hospital-berlin';
const NS = 'fl-demo';
const namespace = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: NS },
};

/**
 * What the simulated managed clusters refuse or do not start, through the hub's API as the
 * launcher uses it. The test hub counts one second of a workload's deadlines as 1 ms.
 */
describe('workloads start only when they could', () => {
  let sim: HubSimulator;
  let custom: CustomObjectsApi;

  beforeEach(async () => {
    const hub = await startTestHub();
    sim = hub.sim;
    custom = hub.kubeConfig.makeApiClient(CustomObjectsApi);
  });
  afterEach(() => sim.close());

  const applyWork = (
    name: string,
    manifests: unknown[],
    manifestConfigs: unknown[] = [],
  ) =>
    custom.createNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: CLUSTER,
      plural: 'manifestworks',
      body: {
        apiVersion: `${WORK}/v1`,
        kind: 'ManifestWork',
        metadata: { name },
        spec: { workload: { manifests }, manifestConfigs },
      },
    });
  const getWork = (name: string) =>
    custom.getNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: CLUSTER,
      plural: 'manifestworks',
      name,
    });
  const onCluster = (key: string): KubeObject | undefined =>
    sim.clusters.get(CLUSTER)!.resources.get(key);
  const conditionOf = (resource: KubeObject | undefined, type: string) =>
    ((resource?.status as any)?.conditions ?? []).find(
      (c: any) => c.type === type,
    );
  const feedbackOf = (work: any, ordinal: number) =>
    Object.fromEntries(
      (
        work.status?.resourceStatus?.manifests?.[ordinal]?.statusFeedback
          ?.values ?? []
      ).map((v: any) => [v.name, v.fieldValue.integer ?? v.fieldValue.string]),
    );
  const wellKnown = (group: string, resource: string, name: string) => ({
    resourceIdentifier: { group, resource, namespace: NS, name },
    feedbackRules: [{ type: 'WellKnownStatus' }],
  });

  it('keeps a Deployment that mounts a missing Secret unavailable, says why, and starts it once the Secret exists', async () => {
    const superlink = deploymentManifest('superlink', NS, {
      volumes: [{ name: 'tls', secret: { secretName: 'superlink-tls' } }],
    });
    (superlink.spec as any).template.spec.containers[0].volumeMounts = [
      { name: 'tls', mountPath: '/app/tls', readOnly: true },
    ];
    await applyWork(
      'demo-aggregator',
      [namespace, superlink],
      [wellKnown('apps', 'deployments', 'superlink')],
    );
    const key = `apps/deployments/${NS}/superlink`;
    const stalled = await eventually(() =>
      conditionOf(onCluster(key), 'Progressing')?.status === 'False'
        ? onCluster(key)
        : undefined,
    );
    expect(conditionOf(stalled, 'Progressing')).toMatchObject({
      reason: 'ProgressDeadlineExceeded',
      message: expect.stringContaining(
        'MountVolume.SetUp failed for volume "tls" : secret "superlink-tls" not found',
      ),
    });
    expect(conditionOf(stalled, 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: expect.stringContaining('secret "superlink-tls" not found'),
    });
    const work = await eventually(async () => {
      const w = await getWork('demo-aggregator');
      return feedbackOf(w, 1).Replicas === 1 ? w : undefined;
    });
    expect(feedbackOf(work, 1)).toMatchObject({
      AvailableReplicas: 0,
      ReadyReplicas: 0,
    });

    // The kubelet retries: a Secret that another work brings lets the pod start.
    await applyWork('demo-secrets', [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'superlink-tls', namespace: NS },
        data: { 'tls.crt': 'Y2VydA==' },
      },
    ]);
    await eventually(async () =>
      feedbackOf(await getWork('demo-aggregator'), 1).AvailableReplicas === 1
        ? true
        : undefined,
    );
    expect(conditionOf(onCluster(key), 'Available')).toMatchObject({
      status: 'True',
    });
  });

  it('does not complete a Job whose PVC is missing, fails it at its deadline, and runs one whose PVC the work creates', async () => {
    const data = {
      volumes: [
        { name: 'data', persistentVolumeClaim: { claimName: 'imaging-data' } },
      ],
    };
    const models = {
      volumes: [
        { name: 'models', persistentVolumeClaim: { claimName: 'models' } },
      ],
    };
    await applyWork('demo-client', [
      namespace,
      jobManifest('waits', NS, data),
      jobManifest('deadline', NS, data, { activeDeadlineSeconds: 400 }),
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'models', namespace: NS },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
        },
      },
      jobManifest('trains', NS, models),
    ]);
    const trains = await eventually(() => {
      const job = onCluster(`batch/jobs/${NS}/trains`);
      return conditionOf(job, 'Complete')?.status === 'True' ? job : undefined;
    });
    expect((trains.status as any).succeeded).toBe(1);
    // A plain Job of the test hub completes 100 ms after it runs; these never ran.
    const waits = onCluster(`batch/jobs/${NS}/waits`)!;
    expect(waits.status).toMatchObject({ active: 1, ready: 0 });
    expect(conditionOf(waits, 'Complete')).toBeUndefined();

    const failed = await eventually(() => {
      const job = onCluster(`batch/jobs/${NS}/deadline`);
      return conditionOf(job, 'Failed') ? job : undefined;
    });
    expect(conditionOf(failed, 'Failed')).toMatchObject({
      status: 'True',
      reason: 'DeadlineExceeded',
      message: expect.stringContaining(
        'persistentvolumeclaim "imaging-data" not found',
      ),
    });
    expect(
      conditionOf(onCluster(`batch/jobs/${NS}/waits`), 'Failed'),
    ).toBeUndefined();
  });

  it('refuses schema-invalid pod templates at apply time, with the API server’s message, and runs nothing of them', async () => {
    const noImage = deploymentManifest('superlink', NS, {
      containers: [{ name: 'superlink' }],
    });
    const wrongType = jobManifest('submit', NS);
    (wrongType.spec as any).backoffLimit = 'none';
    const unknownField = jobManifest('strict', NS, {
      containers: [
        { name: 'strict', image: 'flwr/flwr:1.26.1', argz: ['--typo'] },
      ],
    });
    const lenient = jobManifest('lenient', NS, {
      containers: [
        { name: 'lenient', image: 'flwr/flwr:1.26.1', argz: ['--typo'] },
      ],
    });
    await applyWork(
      'demo-broken',
      [namespace, noImage, wrongType, unknownField, lenient],
      [
        {
          resourceIdentifier: {
            group: 'batch',
            resource: 'jobs',
            namespace: NS,
            name: 'strict',
          },
          updateStrategy: { type: 'ServerSideApply' },
        },
      ],
    );
    const work = await eventually(async () => {
      const w = await getWork('demo-broken');
      return w.status?.resourceStatus ? w : undefined;
    });
    const applied = (ordinal: number) =>
      work.status.resourceStatus.manifests[ordinal].conditions.find(
        (c: any) => c.type === 'Applied',
      );
    expect(applied(1)).toMatchObject({
      status: 'False',
      reason: 'AppliedManifestFailed',
      message:
        'Failed to apply manifest: Deployment.apps "superlink" is invalid: spec.template.spec.containers[0].image: Required value',
    });
    expect(applied(2)).toMatchObject({
      status: 'False',
      message: expect.stringContaining(
        'Job in version "v1" cannot be handled as a Job: json: cannot unmarshal string into Go struct field spec.backoffLimit',
      ),
    });
    expect(applied(3)).toMatchObject({
      status: 'False',
      message: expect.stringContaining(
        '.spec.template.spec.containers[0].argz: field not declared in schema',
      ),
    });
    expect(applied(4)).toMatchObject({ status: 'True' });
    expect(
      work.status.conditions.find((c: any) => c.type === 'Applied'),
    ).toMatchObject({ status: 'False' });
    expect(onCluster(`apps/deployments/${NS}/superlink`)).toBeUndefined();
    expect(onCluster(`batch/jobs/${NS}/submit`)).toBeUndefined();
    expect(onCluster(`batch/jobs/${NS}/strict`)).toBeUndefined();
    // Without strict validation the API server drops the unknown field and stores the rest.
    const stored = onCluster(`batch/jobs/${NS}/lenient`)!;
    expect((stored.spec as any).template.spec.containers).toEqual([
      { name: 'lenient', image: 'flwr/flwr:1.26.1' },
    ]);
  });

  it('keeps what runs when an update of it is refused', async () => {
    await applyWork('demo-aggregator', [
      namespace,
      deploymentManifest('superlink', NS),
    ]);
    const key = `apps/deployments/${NS}/superlink`;
    await eventually(() =>
      conditionOf(onCluster(key), 'Available')?.status === 'True'
        ? true
        : undefined,
    );
    const work = await getWork('demo-aggregator');
    work.spec.workload.manifests[1] = deploymentManifest('superlink', NS, {
      containers: [{ name: 'superlink' }],
    });
    await custom.replaceNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: CLUSTER,
      plural: 'manifestworks',
      name: 'demo-aggregator',
      body: work,
    });
    await eventually(async () =>
      (
        await getWork('demo-aggregator')
      ).status.conditions.find(
        (c: any) => c.type === 'Applied' && c.status === 'False',
      ),
    );
    expect(
      (onCluster(key)!.spec as any).template.spec.containers[0].image,
    ).toBe('registry.example.com/test/app:1.0');
    expect(conditionOf(onCluster(key), 'Available')).toMatchObject({
      status: 'True',
    });
  });
});

describe('the rendered jobs', () => {
  let sim: HubSimulator;
  let custom: CustomObjectsApi;

  beforeEach(async () => {
    // Rounds slow enough that no run ends, nor uploads anything, during the test.
    const hub = await startTestHub({ flRuntime: { roundDurationMs: 60_000 } });
    sim = hub.sim;
    custom = hub.kubeConfig.makeApiClient(CustomObjectsApi);
  });
  afterEach(() => sim.close());

  const pem = (what: string) =>
    `-----BEGIN CERTIFICATE-----\n${Buffer.from(what).toString(
      'base64',
    )}\n-----END CERTIFICATE-----\n`;
  const pair = (what: string) => ({
    certPem: pem(what),
    keyPem: pem(`${what}-key`),
  });

  it.each([
    ['flower', 's3'],
    ['flower', 'pvc'],
    ['openfl', 's3'],
    ['openfl', 'pvc'],
  ] as const)(
    'start every workload of a %s job with %s storage, with TLS',
    async (framework, storage) => {
      const clients = ['hospital-paris', 'hospital-madrid'];
      const parsed = parseJobSpec({
        name: 'mnist',
        framework,
        image: 'registry.example.com/fl/mnist:1.0',
        rounds: 3,
        minClients: 2,
        clients: { clusters: clients },
        data: { type: 'hostPath', path: '/data' },
        aggregator: {
          cluster: 'hospital-berlin',
          exposure: { type: 'NodePort', address: '10.0.0.1', nodePort: 30092 },
        },
        storage:
          storage === 'pvc'
            ? { type: 'pvc' }
            : { type: 's3', location: 'test-s3' },
        tls: { enabled: true },
      });
      if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
      const rendered = renderJob({
        spec: parsed.spec,
        namespace: 'federated-learning',
        participants: clients.map(cluster => ({
          cluster,
          data: { hostPath: '/data' },
        })),
        aggregatorAddress: { host: '10.0.0.1', port: 30092 },
        storageLocation: testStorageLocation({
          endpoint: 'http://127.0.0.1:9',
          bucket: 'models',
        }),
        s3CredentialsData: {
          AWS_ACCESS_KEY_ID: 'aWQ=',
          AWS_SECRET_ACCESS_KEY: 'c2VjcmV0',
        },
        pki: {
          caPem: pem('ca'),
          aggregator: pair('aggregator'),
          clients: Object.fromEntries(clients.map(c => [c, pair(c)])),
        },
      });
      const works: Manifest[] = [
        rendered.aggregatorWork,
        ...rendered.clientWorks,
      ];
      for (const work of works)
        await custom.createNamespacedCustomObject({
          group: WORK,
          version: 'v1',
          namespace: work.metadata.namespace!,
          plural: 'manifestworks',
          body: work,
        });
      const workloadsOf = (cluster: string) =>
        [...sim.clusters.get(cluster)!.resources.values()].filter(
          r => r.kind === 'Deployment' || r.kind === 'Job',
        );
      for (const cluster of ['hospital-berlin', ...clients]) {
        await eventually(() =>
          workloadsOf(cluster).length > 0 &&
          workloadsOf(cluster).every(workloadRuns)
            ? true
            : undefined,
        ).catch(error => {
          throw new Error(
            `${cluster}: ${JSON.stringify(
              workloadsOf(cluster).map(r => [r.metadata.name, r.status]),
            )} (${error.message})`,
          );
        });
      }
      for (const work of works) {
        const status = (
          await custom.getNamespacedCustomObject({
            group: WORK,
            version: 'v1',
            namespace: work.metadata.namespace!,
            plural: 'manifestworks',
            name: work.metadata.name,
          })
        ).status;
        expect(
          status.conditions.find((c: any) => c.type === 'Applied'),
        ).toMatchObject({ status: 'True' });
      }
    },
  );
});
