import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  Manifest,
  ocmFlAnnotations,
  parseJobSpec,
  RenderedJob,
  renderJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { HubSimulator } from '../startHubSimulator';
import { eventually, startTestHub } from '../testing/startTestHub';
import {
  startTestS3,
  TEST_S3_CREDENTIALS,
  testJobStorage,
  testStorageLocation,
} from '../testing/startTestS3';

const WORK = 'work.open-cluster-management.io';
const base64 = (text: string) => Buffer.from(text).toString('base64');
const podsOf = (work: Manifest): any[] =>
  (work.spec as any).workload.manifests
    .map((m: any) => m.spec?.template?.spec)
    .filter(Boolean);

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
    data: { type: 'hostPath', path: '/data' },
    aggregator: {
      cluster: 'hospital-berlin',
      exposure: { type: 'NodePort', address: '10.0.0.1', nodePort: 30092 },
    },
    storage: testJobStorage(),
    tls: { enabled: false },
    ...overrides,
  });

  const applyWork = (work: Manifest) =>
    custom.createNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: work.metadata.namespace!,
      plural: 'manifestworks',
      body: work,
    });

  /**
   * Applies the works as the launcher renders them for `jobSpec` (its location in the test
   * S3 under `runs`); `edit` changes the rendered works first; only the client works of
   * `applied` clusters are applied.
   */
  async function launch(
    jobSpec: Record<string, unknown>,
    clients: string[],
    edit: (rendered: RenderedJob) => void = () => {},
    applied: string[] = clients,
    runId?: string,
  ) {
    const parsed = parseJobSpec(jobSpec);
    if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
    const rendered = renderJob({
      spec: parsed.spec,
      namespace: 'federated-learning',
      participants: clients.map(cluster => ({
        cluster,
        data: { hostPath: '/data' },
      })),
      aggregatorAddress: { host: '10.0.0.1', port: 30092 },
      storageLocation: testStorageLocation(s3, 'runs'),
      s3CredentialsData: {
        AWS_ACCESS_KEY_ID: base64(TEST_S3_CREDENTIALS.accessKeyId),
        AWS_SECRET_ACCESS_KEY: base64(TEST_S3_CREDENTIALS.secretAccessKey),
      },
      runId,
    });
    edit(rendered);
    await applyWork(rendered.aggregatorWork);
    for (const work of rendered.clientWorks)
      if (applied.includes(work.metadata.namespace!)) await applyWork(work);
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
      work.status?.resourceStatus?.manifests?.find(
        (m: any) =>
          m.resourceMeta.kind === 'Job' && m.resourceMeta.name === 'aggregator',
      )?.statusFeedback?.values ?? [];
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

  const deleteWork = async (cluster: string) => {
    const name = `mnist-${
      cluster === 'hospital-berlin' ? 'aggregator' : 'client'
    }`;
    const ref = {
      group: WORK,
      version: 'v1',
      namespace: cluster,
      plural: 'manifestworks',
      name,
    };
    await custom.deleteNamespacedCustomObject(ref);
    await eventually(() =>
      custom.getNamespacedCustomObject(ref).then(
        () => undefined,
        () => true,
      ),
    );
  };
  const deleteWorks = (clusters: string[]) =>
    Promise.all(clusters.map(deleteWork));

  it('keeps a PVC model with its namespace on the aggregator cluster when the works are deleted, and a relaunch gets a PVC of its own', async () => {
    const clients = ['hospital-paris', 'hospital-madrid'];
    const pvcSpec = spec({ storage: { type: 'pvc', size: '1Gi' } });
    const berlin = sim.clusters.get('hospital-berlin')!;
    const firstClaim = '/persistentvolumeclaims/fl-mnist/mnist-model-run-1';
    await launch(pvcSpec, clients, undefined, clients, 'run-1');
    await eventually(async () =>
      (await aggregatorFeedback()).succeeded === 1 ? true : undefined,
    );
    const trained = [...berlin.files.get(firstClaim)!.keys()].sort();
    expect(trained).toEqual([
      'best.pbuf',
      'checkpoints/round-1/model.bin',
      'checkpoints/round-2/model.bin',
      'checkpoints/round-3/model.bin',
      'last.pbuf',
      'metrics.jsonl',
    ]);

    await deleteWorks(['hospital-berlin', ...clients]);
    // The workloads are gone; the namespace and the model's PVC, with its files, stay.
    expect([...berlin.resources.keys()].sort()).toEqual([
      '/namespaces//fl-mnist',
      firstClaim,
    ]);
    expect([...berlin.files.get(firstClaim)!.keys()].sort()).toEqual(trained);
    expect(
      sim.clusters
        .get('hospital-paris')!
        .resources.has('/namespaces//fl-mnist'),
    ).toBe(false);

    // The same name again, from another launch: a PVC of its own, the first model untouched.
    const firstModel = berlin.files.get(firstClaim)!.get('last.pbuf');
    await launch(pvcSpec, clients, undefined, clients, 'run-2');
    await eventually(async () =>
      (await aggregatorFeedback()).succeeded === 1 ? true : undefined,
    );
    expect(
      berlin.files.get('/persistentvolumeclaims/fl-mnist/mnist-model-run-2'),
    ).toBeDefined();
    expect(berlin.files.get(firstClaim)!.get('last.pbuf')).toBe(firstModel);
    // PVC storage has no uploader: nothing reaches S3.
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket }),
    );
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  it('fails the aggregator when fewer than minClients clients run', async () => {
    await launch(
      spec({
        minClients: 3,
        clients: {
          clusters: ['hospital-paris', 'hospital-madrid', 'edge-frankfurt'],
        },
      }),
      ['hospital-paris', 'hospital-madrid', 'edge-frankfurt'],
      undefined,
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
    // Rounds enough that a loaded machine cannot finish them before the cluster goes.
    await launch(spec({ rounds: 5000 }), ['hospital-paris', 'hospital-madrid']);
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

  it('never starts an aggregator whose uploader is a native sidecar on a cluster older than Kubernetes 1.29', async () => {
    // gpu-pool-2 reports v1.28.15; the launcher refuses it, a hand-applied work is not.
    await launch(
      spec({
        aggregator: {
          cluster: 'gpu-pool-2',
          exposure: { type: 'NodePort', address: '10.0.0.1', nodePort: 30092 },
        },
      }),
      ['hospital-paris', 'hospital-madrid'],
    );
    const old = sim.clusters.get('gpu-pool-2')!;
    const job = await eventually(async () => {
      const found = old.resources.get('batch/jobs/fl-mnist/aggregator');
      return found?.status ? found : undefined;
    });
    // Many rounds' time later: still initialising, no model anywhere.
    await new Promise(resolve => setTimeout(resolve, 600));
    expect(old.resources.get('batch/jobs/fl-mnist/aggregator')?.status).toEqual(
      job.status,
    );
    expect((job.status as any).succeeded).toBeUndefined();
    expect((job.status as any).ready ?? 0).toBe(0);
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket }),
    );
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  it('writes no model where the rendered uploader names no place to sync to', async () => {
    await launch(spec(), ['hospital-paris', 'hospital-madrid'], rendered => {
      for (const container of podsOf(rendered.aggregatorWork).flatMap(
        pod => pod.initContainers ?? [],
      )) {
        container.env = container.env.filter(
          (e: { name: string }) => e.name !== 'FL_MODEL_URI',
        );
      }
    });
    await eventually(async () =>
      (await aggregatorFeedback()).succeeded === 1 ? true : undefined,
    );
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket }),
    );
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  it('fails an aggregator whose job spec is invalid, naming nothing on S3', async () => {
    await launch(spec(), ['hospital-paris', 'hospital-madrid'], rendered => {
      for (const manifest of (rendered.aggregatorWork.spec as any).workload
        .manifests) {
        if (manifest.kind === 'Job')
          manifest.metadata.annotations = {
            [ocmFlAnnotations.spec]: JSON.stringify(spec({ rounds: 0 })),
          };
      }
    });
    await eventually(async () =>
      (await aggregatorFeedback()).failed === 1 ? true : undefined,
    );
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket }),
    );
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  describe('reads what the OpenFL workloads say', () => {
    const worksOf = (rendered: RenderedJob) => [
      rendered.aggregatorWork,
      ...rendered.clientWorks,
    ];
    const planConfigMap = (work: Manifest) =>
      (work.spec as any).workload.manifests.find(
        (m: any) => m.kind === 'ConfigMap' && m.metadata.name === 'openfl-plan',
      );
    /** Changes the launcher's plan settings in `works` (every party when not given). */
    const editSettings =
      (change: (settings: any) => void, only?: string) =>
      (rendered: RenderedJob) => {
        for (const work of worksOf(rendered)) {
          if (only && work.metadata.namespace !== only) continue;
          const data = planConfigMap(work).data;
          const settings = JSON.parse(data['plan-settings.json']);
          change(settings);
          data['plan-settings.json'] = JSON.stringify(settings);
        }
      };
    const failureReason = async () => {
      await eventually(async () =>
        (await aggregatorFeedback()).failed === 1 ? true : undefined,
      );
      const job = sim.clusters
        .get('hospital-berlin')!
        .resources.get('batch/jobs/fl-mnist/aggregator')!;
      return (job.status as any).conditions.find(
        (c: any) => c.type === 'Failed',
      ).reason;
    };
    const metricRounds = async () => {
      const metrics = await client.send(
        new GetObjectCommand({
          Bucket: s3.bucket,
          Key: 'runs/mnist/metrics.jsonl',
        }),
      );
      return (await metrics.Body!.transformToString())
        .trim()
        .split('\n')
        .map(l => JSON.parse(l).round);
    };

    it('trains the rounds of the plan fx is given, not those of the spec annotation', async () => {
      await launch(
        spec(),
        ['hospital-paris', 'hospital-madrid'],
        editSettings(s => {
          s.aggregator.settings.rounds_to_train = 2;
        }),
      );
      await eventually(async () =>
        (await aggregatorFeedback()).succeeded === 1 ? true : undefined,
      );
      expect(await metricRounds()).toEqual([1, 2]);
    });

    it("waits for every collaborator of the aggregator's cols.yaml", async () => {
      await launch(spec(), ['hospital-paris', 'hospital-madrid'], rendered => {
        planConfigMap(rendered.aggregatorWork).data['cols.yaml'] =
          'collaborators: [edge-frankfurt, hospital-madrid, hospital-paris]\n';
      });
      expect(await failureReason()).toBe('NotEnoughClients');
    });

    it('never joins a collaborator that dials another port than the aggregator is reachable at', async () => {
      await launch(
        spec(),
        ['hospital-paris', 'hospital-madrid'],
        editSettings(s => {
          s.network.settings.agg_port = 30093;
        }),
      );
      expect(await failureReason()).toBe('NotEnoughClients');
    });

    it("never joins a collaborator whose plan differs from the aggregator's", async () => {
      await launch(
        spec(),
        ['hospital-paris', 'hospital-madrid'],
        editSettings(s => {
          s.network.settings.agg_addr = 'elsewhere.example.org';
        }, 'hospital-madrid'),
      );
      expect(await failureReason()).toBe('NotEnoughClients');
    });

    it("fails an aggregator given the launcher's settings alone as its plan (no templates, no initial model)", async () => {
      await launch(spec(), ['hospital-paris', 'hospital-madrid'], rendered => {
        for (const pod of podsOf(rendered.aggregatorWork)) {
          pod.initContainers = pod.initContainers.filter(
            (c: any) => c.name !== 'plan',
          );
          const planMount = pod.containers[0].volumeMounts.find(
            (m: any) => m.mountPath === '/workspace/plan/plan.yaml',
          );
          Object.assign(planMount, {
            name: 'plan-input',
            subPath: 'plan-settings.json',
          });
        }
      });
      expect(await failureReason()).toBe('BackoffLimitExceeded');
    });
  });

  const withoutPlan = (work: Manifest) => {
    const workload = (work.spec as any).workload;
    workload.manifests = workload.manifests.filter(
      (m: any) => m.kind !== 'ConfigMap',
    );
  };

  it('plays no round while the aggregator’s pod cannot start', async () => {
    await launch(spec(), ['hospital-paris', 'hospital-madrid'], rendered =>
      withoutPlan(rendered.aggregatorWork),
    );
    const berlin = sim.clusters.get('hospital-berlin')!;
    // Longer than the clients are waited for: a run that went on would have ended.
    await new Promise(resolve => setTimeout(resolve, 600));
    const job = berlin.resources.get('batch/jobs/fl-mnist/aggregator')!;
    expect(job.status).toMatchObject({ active: 1, ready: 0 });
    expect((job.status as any).conditions).toBeUndefined();
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket }),
    );
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  it('does not count a client whose pod cannot start', async () => {
    await launch(spec(), ['hospital-paris', 'hospital-madrid'], rendered =>
      rendered.clientWorks
        .filter(work => work.metadata.namespace === 'hospital-madrid')
        .forEach(withoutPlan),
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
});
