import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { HubSimulator } from '../startHubSimulator';
import { eventually, startTestHub } from '../testing/startTestHub';
import {
  startTestS3,
  TEST_S3_CREDENTIALS,
  testJobStorage,
} from '../testing/startTestS3';

const WORK = 'work.open-cluster-management.io';
const LABELS = (role: string) => ({
  'federated-learning.open-cluster-management.io/job': 'mnist',
  'federated-learning.open-cluster-management.io/role': role,
});

describe('FL runtime', () => {
  let sim: HubSimulator;
  let custom: CustomObjectsApi;
  let s3: Awaited<ReturnType<typeof startTestS3>>;
  let client: S3Client;

  beforeEach(async () => {
    s3 = await startTestS3();
    const hub = await startTestHub({
      flRuntime: { roundDurationMs: 30, clientWaitMs: 300 },
    });
    sim = hub.sim;
    custom = hub.kubeConfig.makeApiClient(CustomObjectsApi);
    client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: TEST_S3_CREDENTIALS,
    });
  });
  afterEach(async () => {
    await sim.close();
    await s3.close();
  });

  const spec = (overrides: Record<string, unknown> = {}) => ({
    name: 'mnist',
    framework: 'openfl',
    image: 'registry.example.com/fl/mnist-workspace:1.0',
    rounds: 3,
    minClients: 2,
    clients: { clusters: ['hospital-paris', 'hospital-madrid'] },
    data: { type: 'clusterClaim', claim: 'data.fl.open-cluster-management.io' },
    aggregator: { cluster: 'hospital-berlin' },
    storage: testJobStorage(s3, 'runs'),
    ...overrides,
  });

  async function launch(jobSpec: Record<string, unknown>, clients: string[]) {
    const aggregator = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fl-mnist' } },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's3-credentials', namespace: 'fl-mnist' },
        stringData: {
          AWS_ACCESS_KEY_ID: TEST_S3_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_S3_CREDENTIALS.secretAccessKey,
        },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: 'aggregator',
          namespace: 'fl-mnist',
          labels: LABELS('aggregator'),
          annotations: {
            'federated-learning.open-cluster-management.io/spec':
              JSON.stringify(jobSpec),
          },
        },
        spec: {},
      },
    ];
    await custom.createNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: 'hospital-berlin',
      plural: 'manifestworks',
      body: {
        apiVersion: `${WORK}/v1`,
        kind: 'ManifestWork',
        metadata: { name: 'mnist-aggregator' },
        spec: {
          workload: { manifests: aggregator },
          manifestConfigs: [
            {
              resourceIdentifier: {
                group: 'batch',
                resource: 'jobs',
                namespace: 'fl-mnist',
                name: 'aggregator',
              },
              feedbackRules: [
                {
                  type: 'JSONPaths',
                  jsonPaths: [
                    { name: 'succeeded', path: '.succeeded' },
                    { name: 'failed', path: '.failed' },
                  ],
                },
              ],
            },
          ],
        },
      },
    });
    for (const cluster of clients) {
      await custom.createNamespacedCustomObject({
        group: WORK,
        version: 'v1',
        namespace: cluster,
        plural: 'manifestworks',
        body: {
          apiVersion: `${WORK}/v1`,
          kind: 'ManifestWork',
          metadata: { name: 'mnist-client' },
          spec: {
            workload: {
              manifests: [
                {
                  apiVersion: 'batch/v1',
                  kind: 'Job',
                  metadata: {
                    name: 'collaborator',
                    namespace: 'fl-mnist',
                    labels: LABELS('client'),
                  },
                  spec: {},
                },
              ],
            },
          },
        },
      });
    }
  }

  const aggregatorFeedback = async () => {
    const work = await custom.getNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: 'hospital-berlin',
      plural: 'manifestworks',
      name: 'mnist-aggregator',
    });
    const values =
      work.status?.resourceStatus?.manifests?.[2]?.statusFeedback?.values ?? [];
    return Object.fromEntries(
      values.map((v: any) => [v.name, v.fieldValue.integer]),
    );
  };

  it('trains round by round, writes checkpoints and metrics to S3, and completes the aggregator', async () => {
    await launch(spec(), ['hospital-paris', 'hospital-madrid']);
    await eventually(async () =>
      (await aggregatorFeedback()).succeeded === 1 ? true : undefined,
    );

    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'runs/mnist/' }),
    );
    expect(listed.Contents?.map(o => o.Key).sort()).toEqual([
      'runs/mnist/best.pbuf',
      'runs/mnist/checkpoints/round-1/model.bin',
      'runs/mnist/checkpoints/round-2/model.bin',
      'runs/mnist/checkpoints/round-3/model.bin',
      'runs/mnist/last.pbuf',
      'runs/mnist/metrics.jsonl',
    ]);
    const metrics = await client.send(
      new GetObjectCommand({
        Bucket: s3.bucket,
        Key: 'runs/mnist/metrics.jsonl',
      }),
    );
    const lines = (await metrics.Body!.transformToString())
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(lines.map(l => l.round)).toEqual([1, 2, 3]);
    expect(lines[2].metrics.loss).toBeLessThan(lines[0].metrics.loss);
    expect(lines[0].metrics.clients).toBe(2);
    // OpenFL collaborators exit when training ends.
    const paris = sim.clusters.get('hospital-paris')!;
    expect(
      (paris.resources.get('batch/jobs/fl-mnist/collaborator')!.status as any)
        .succeeded,
    ).toBe(1);
  });

  it('fails the aggregator when fewer than minClients clients run', async () => {
    await launch(
      spec({
        minClients: 3,
        clients: {
          clusters: ['hospital-paris', 'hospital-madrid', 'edge-frankfurt'],
        },
      }),
      ['hospital-paris', 'hospital-madrid'],
    );
    await eventually(async () =>
      (await aggregatorFeedback()).failed === 1 ? true : undefined,
    );
    const job = sim.clusters
      .get('hospital-berlin')!
      .resources.get('batch/jobs/fl-mnist/aggregator')!;
    expect((job.status as any).conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Failed', reason: 'NotEnoughClients' }),
      ]),
    );
  });

  it('fails when a client cluster becomes unreachable mid-training', async () => {
    sim.flRuntime.options.roundDurationMs = 100;
    await launch(spec({ rounds: 50 }), ['hospital-paris', 'hospital-madrid']);
    await eventually(async () => {
      const listed = await client.send(
        new ListObjectsV2Command({
          Bucket: s3.bucket,
          Prefix: 'runs/mnist/checkpoints/',
        }),
      );
      return (listed.KeyCount ?? 0) >= 1 ? true : undefined;
    });
    sim.setClusterAvailable('hospital-madrid', false);
    await eventually(async () =>
      (await aggregatorFeedback()).failed === 1 ? true : undefined,
    );
    const job = sim.clusters
      .get('hospital-berlin')!
      .resources.get('batch/jobs/fl-mnist/aggregator')!;
    expect((job.status as any).conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Failed', reason: 'NotEnoughClients' }),
      ]),
    );
  });

  it('fails an aggregator whose job spec is invalid, naming nothing on S3', async () => {
    await launch(spec({ rounds: 0 }), ['hospital-paris', 'hospital-madrid']);
    await eventually(async () =>
      (await aggregatorFeedback()).failed === 1 ? true : undefined,
    );
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket }),
    );
    expect(listed.KeyCount ?? 0).toBe(0);
  });
});
