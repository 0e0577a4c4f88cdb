import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Watch,
} from '@kubernetes/client-node';
import {
  TEST_S3_CREDENTIALS,
  createHubS3Secret,
  eventually,
  rawRequest,
  startTestHub,
  startTestS3,
  testJobStorage,
  testStorageLocation,
} from '@ocm-fl/hub-simulator/testing';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { JobLauncher } from './JobLauncher';

const NS = 'federated-learning';

const WORK = {
  group: 'work.open-cluster-management.io',
  version: 'v1',
  plural: 'manifestworks',
};

describe('JobLauncher against the hub simulator', () => {
  let sim: HubSimulator;
  let kc: KubeConfig;
  let s3: Awaited<ReturnType<typeof startTestS3>>;
  let launcher: JobLauncher;
  let custom: CustomObjectsApi;

  beforeEach(async () => {
    s3 = await startTestS3();
    ({ sim, kubeConfig: kc } = await startTestHub({
      flRuntime: { roundDurationMs: 40, clientWaitMs: 2000 },
    }));
    custom = kc.makeApiClient(CustomObjectsApi);
    await createHubS3Secret(kc);
    const location = testStorageLocation(s3, 'runs');
    launcher = new JobLauncher({
      kubeConfig: kc,
      namespace: NS,
      hubName: 'sim',
      storageLocations: [
        location,
        { ...location, name: 'eu-only', hubs: ['eu'] },
        { ...location, name: 'no-secret', credentialsSecret: 'missing' },
      ],
      waits: { decisionsMs: 5000, addressMs: 5000, pollMs: 20 },
    });
  });
  afterEach(async () => {
    await sim.close();
    await s3.close();
  });

  const flowerSpec = (over: Record<string, unknown> = {}) => ({
    name: 'mnist',
    framework: 'flower',
    image: 'quay.io/example/mnist-app:1.0',
    rounds: 3,
    minClients: 2,
    clients: {
      placement: {
        clusterSets: ['hospitals'],
        predicates: [{ labelSelector: { matchLabels: { region: 'eu-west' } } }],
      },
    },
    data: { type: 'clusterClaim', claim: 'data.fl.open-cluster-management.io' },
    aggregator: { cluster: 'gpu-pool-1' },
    storage: testJobStorage(),
    ...over,
  });

  const worksOf = async (job: string) => {
    const list = await custom.listClusterCustomObject({
      ...WORK,
      labelSelector: `federated-learning.open-cluster-management.io/job=${job}`,
    });
    return list.items
      .map((w: any) => `${w.metadata.namespace}/${w.metadata.name}`)
      .sort();
  };
  const placementExists = (name: string) =>
    custom
      .getNamespacedCustomObject({
        group: 'cluster.open-cluster-management.io',
        version: 'v1beta1',
        namespace: NS,
        plural: 'placements',
        name,
      })
      .then(
        () => true,
        () => false,
      );

  /** A refused launch: the error, and what is left on the hub afterwards (nothing, we hope). */
  async function refusal(promise: Promise<unknown>) {
    const error = await promise.then(
      () => undefined,
      e => e,
    );
    const works = await eventually(async () => {
      const left = await worksOf('mnist');
      return left.length === 0 ? left : undefined;
    }, 10_000).catch(() => worksOf('mnist'));
    return { error, works, placement: await placementExists('mnist') };
  }
  const refused = (kind: string, message: RegExp) => ({
    error: expect.objectContaining({
      name: 'LaunchError',
      kind,
      message: expect.stringMatching(message),
    }),
    works: [],
    placement: false,
  });

  it('names the creator on every version of every work, the aggregator draft included', async () => {
    // Whoever sees the job first (the lifecycle task records it once) must see its creator.
    const annotations: Array<Record<string, string> | undefined> = [];
    const watching = await new Watch(kc).watch(
      `/apis/work.open-cluster-management.io/v1/manifestworks`,
      {},
      (_type, work) => annotations.push(work.metadata.annotations),
      () => {},
    );
    try {
      await launcher.launch(flowerSpec(), { createdBy: 'user:default/alice' });
      await eventually(async () =>
        annotations.length >= 4 ? true : undefined,
      );
      for (const annotation of annotations) {
        expect(annotation).toMatchObject({
          'federated-learning.open-cluster-management.io/created-by':
            'user:default/alice',
        });
      }
    } finally {
      watching.abort();
    }
  });

  it('dials the DNS name of a load balancer that has no IP (AWS)', async () => {
    // edge-virginia's platform ClusterClaim is AWS: its load balancers report a hostname only.
    const result = await launcher.launch(
      flowerSpec({ aggregator: { cluster: 'edge-virginia' } }),
      { createdBy: 'user:default/alice' },
    );
    expect(result.aggregatorAddress).toBe('edge-virginia.elb.example.com:9092');
    const client = await custom.getNamespacedCustomObject({
      ...WORK,
      namespace: 'hospital-paris',
      name: 'mnist-client',
    });
    expect(JSON.stringify(client.spec)).toContain(
      'edge-virginia.elb.example.com:9092',
    );
  });

  it('launches a Flower job with S3 storage on exactly the placed clusters, and it trains to the end', async () => {
    const result = await launcher.launch(flowerSpec(), {
      createdBy: 'user:default/alice',
    });
    expect(result.participants.sort()).toEqual([
      'hospital-madrid',
      'hospital-paris',
    ]);
    expect(result.aggregatorAddress).toMatch(/^198\.51\.\d+\.\d+:9092$/);
    expect(await worksOf('mnist')).toEqual([
      'gpu-pool-1/mnist-aggregator',
      'hospital-madrid/mnist-client',
      'hospital-paris/mnist-client',
    ]);
    // What the launch returns is safe to show: no Secret values.
    expect(JSON.stringify(result.objects)).not.toMatch(
      /S3RVER|PRIVATE KEY-----\\nM/,
    );

    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: TEST_S3_CREDENTIALS,
    });
    await eventually(async () => {
      const listed = await client.send(
        new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'runs/mnist/' }),
      );
      return listed.Contents?.some(o => o.Key === 'runs/mnist/model/final.bin')
        ? true
        : undefined;
    });
    const aggregator = await custom.getNamespacedCustomObject({
      ...WORK,
      namespace: 'gpu-pool-1',
      name: 'mnist-aggregator',
    });
    const submit = aggregator.status.resourceStatus.manifests.find(
      (m: any) => m.resourceMeta.name === 'submit',
    );
    await eventually(async () => {
      const w = await custom.getNamespacedCustomObject({
        ...WORK,
        namespace: 'gpu-pool-1',
        name: 'mnist-aggregator',
      });
      const s = w.status.resourceStatus.manifests.find(
        (m: any) => m.resourceMeta.name === 'submit',
      );
      return s.statusFeedback.values.find((v: any) => v.name === 'succeeded')
        ?.fieldValue.integer === 1
        ? true
        : undefined;
    });
    expect(submit.resourceMeta.kind).toBe('Job');
  });

  it('launches an OpenFL job with PVC storage on an explicit cluster list; resuming the launch changes nothing, another launch of the name is refused', async () => {
    const spec = flowerSpec({
      name: 'tumor',
      framework: 'openfl',
      minClients: 3,
      clients: {
        clusters: ['hospital-paris', 'hospital-berlin', 'edge-frankfurt'],
      },
      storage: { type: 'pvc', size: '5Gi' },
    });
    const first = await launcher.launch(spec, {
      runId: 'run-1',
      createdBy: 'user:default/alice',
    });
    expect(first.participants).toEqual([
      'hospital-paris',
      'hospital-berlin',
      'edge-frankfurt',
    ]);
    const works = await worksOf('tumor');
    expect(works).toHaveLength(4);
    const again = await launcher.launch(spec, {
      runId: 'run-1',
      createdBy: 'user:default/alice',
    });
    expect(again.participants).toEqual(first.participants);
    expect(await worksOf('tumor')).toEqual(works);
    expect(await refusal(launcher.launch(spec))).toEqual(
      refused(
        'unsatisfiable',
        /^name: a job named tumor already exists on the hub \(its ManifestWork \S+\/tumor-\w+ and 3 more objects, launched by user:default\/alice\); choose another name/,
      ),
    );
    expect(await worksOf('tumor')).toEqual(works);
    // Collaborators finish when training ends.
    await eventually(() => {
      const job = sim.clusters
        .get('edge-frankfurt')!
        .resources.get('batch/jobs/fl-tumor/collaborator');
      return (job?.status as any)?.succeeded === 1 ? true : undefined;
    });
  });

  it('launches an OpenFL job with S3 storage whose model lands in the bucket', async () => {
    const result = await launcher.launch(
      flowerSpec({ name: 'tumor', framework: 'openfl' }),
    );
    expect(result.aggregatorAddress).toMatch(/:50051$/);
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: TEST_S3_CREDENTIALS,
    });
    const keys = await eventually(async () => {
      const listed = await client.send(
        new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'runs/tumor/' }),
      );
      const names = (listed.Contents ?? []).map(o => o.Key);
      return names.includes('runs/tumor/last.pbuf') ? names : undefined;
    });
    expect(keys).toEqual(
      expect.arrayContaining([
        'runs/tumor/best.pbuf',
        'runs/tumor/metrics.jsonl',
        'runs/tumor/checkpoints/round-3/model.bin',
      ]),
    );
  });

  it('stops a job (works go, the PVC model with its namespace and the Placement stay) and deletes it', async () => {
    await launcher.launch(flowerSpec({ storage: { type: 'pvc' } }), {
      runId: 'run-7',
    });
    expect(await launcher.keptModel('mnist')).toBe(
      'pvc://gpu-pool-1/fl-mnist/mnist-model-run-7',
    );
    expect(await launcher.stop('mnist')).toHaveLength(3);
    await eventually(async () =>
      (await worksOf('mnist')).length === 0 ? true : undefined,
    );
    expect(
      [...sim.clusters.get('gpu-pool-1')!.resources.keys()].sort(),
    ).toEqual([
      '/namespaces//fl-mnist',
      '/persistentvolumeclaims/fl-mnist/mnist-model-run-7',
    ]);
    expect(await launcher.keptModel('mnist')).toBeUndefined();
    const placement = await custom.getNamespacedCustomObject({
      group: 'cluster.open-cluster-management.io',
      version: 'v1beta1',
      namespace: NS,
      plural: 'placements',
      name: 'mnist',
    });
    expect(
      placement.metadata.annotations[
        'federated-learning.open-cluster-management.io/stopped-at'
      ],
    ).toBeDefined();
    expect(placement.spec.clusterSets).toEqual(['hospitals']);
    await launcher.delete('mnist');
    await eventually(async () =>
      (await placementExists('mnist')) ? undefined : true,
    );
  });

  it('launches through a hub that throttles and fails now and then, and says so in its log', async () => {
    const setErrorRate = (errorRate: number) =>
      rawRequest(sim, '/simulator/faults', {
        method: 'POST',
        body: { errorRate },
      });
    const progress: string[] = [];
    await setErrorRate(0.1);
    const results = [];
    try {
      for (const name of ['flaky-1', 'flaky-2', 'flaky-3']) {
        results.push(
          await launcher.launch(
            flowerSpec({
              name,
              clients: { clusters: ['hospital-paris', 'hospital-madrid'] },
              storage: { type: 'pvc' },
            }),
            { onProgress: message => progress.push(message) },
          ),
        );
      }
    } finally {
      await setErrorRate(0);
    }
    expect(results.map(r => r.participants)).toEqual([
      ['hospital-paris', 'hospital-madrid'],
      ['hospital-paris', 'hospital-madrid'],
      ['hospital-paris', 'hospital-madrid'],
    ]);
    for (const name of ['flaky-1', 'flaky-2', 'flaky-3'])
      expect(await worksOf(name)).toHaveLength(3);
    // With 1 request in 10 refused, some were tried again (the simulator's 429s ask for 1 s).
    expect(progress).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^the hub answered (429|500); trying again in \d+\.\d s \(attempt \d+\)$/,
        ),
      ]),
    );
  }, 60_000);

  it('previews a dry run without creating anything', async () => {
    const result = await launcher.launch(flowerSpec(), { dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.participants.sort()).toEqual([
      'hospital-madrid',
      'hospital-paris',
    ]);
    expect(result.objects.map(o => o.kind)).toEqual([
      'Placement',
      'ManifestWork',
      'ManifestWork',
      'ManifestWork',
    ]);
    expect(await worksOf('mnist')).toEqual([]);
    expect(await placementExists('mnist')).toBe(false);
  });

  describe('refuses bad input and unsatisfiable jobs, creating nothing', () => {
    it('an aggregator cluster whose Kubernetes is too old for the uploader, a native sidecar, naming the cluster and its version', async () => {
      expect(
        await refusal(
          launcher.launch(
            flowerSpec({ aggregator: { cluster: 'gpu-pool-2' } }),
          ),
        ),
      ).toEqual(
        refused(
          'unsatisfiable',
          /^aggregator\.cluster: cluster gpu-pool-2 runs Kubernetes v1\.28\.15; this job runs Deployment serverapp\/model-uploader as a native sidecar \(an init container with restartPolicy Always\), which needs Kubernetes 1\.29 or later; choose an aggregator cluster that runs it/,
        ),
      );
    });

    it('a run id that cannot name the model PVC', async () => {
      expect(
        await refusal(launcher.launch(flowerSpec(), { runId: 'Run_1' })),
      ).toEqual(refused('invalid', /^runId: must be a DNS-1123 label/));
    });

    it('an invalid spec names the fields', async () => {
      expect(
        await refusal(
          launcher.launch(flowerSpec({ name: 'Bad_Name', rounds: 0 })),
        ),
      ).toEqual(refused('invalid', /name: .*; rounds: must be at least 1/));
    });

    it('an unknown framework version', async () => {
      expect(
        await refusal(
          launcher.launch(flowerSpec({ frameworkVersion: '9.9.9' })),
        ),
      ).toEqual(
        refused('invalid', /frameworkVersion: flower 9\.9\.9 is not supported/),
      );
    });

    it('a storage location that is not configured, or not for this hub, naming storage.location and the allowed names', async () => {
      expect(
        await refusal(
          launcher.launch(
            flowerSpec({ storage: { type: 's3', location: 'secrets' } }),
          ),
        ),
      ).toEqual(
        refused(
          'invalid',
          /storage\.location: "secrets" is not a configured model storage location; allowed on hub sim: test-s3, no-secret/,
        ),
      );
      expect(
        await refusal(
          launcher.launch(
            flowerSpec({ storage: { type: 's3', location: 'eu-only' } }),
          ),
        ),
      ).toEqual(
        refused(
          'invalid',
          /storage\.location: "eu-only" may not be used on hub sim/,
        ),
      );
    });

    it('a spec that names its own bucket or Secret, and a location whose Secret is missing', async () => {
      await createHubS3Secret(kc, 'platform-db-password');
      expect(
        await refusal(
          launcher.launch(
            flowerSpec({
              storage: {
                ...testJobStorage(),
                credentialsSecret: 'platform-db-password',
                bucket: 'secrets',
              },
            }),
          ),
        ),
      ).toEqual(
        refused(
          'invalid',
          /storage\.credentialsSecret: is not a known field; storage\.bucket: is not a known field/,
        ),
      );
      expect(
        await refusal(
          launcher.launch(
            flowerSpec({ storage: { type: 's3', location: 'no-secret' } }),
          ),
        ),
      ).toEqual(
        refused(
          'unsatisfiable',
          /storage\.location: location no-secret uses Secret missing, which does not exist in hub namespace federated-learning/,
        ),
      );
    });

    it('fewer matching clusters than minClients, with the reason per cluster', async () => {
      expect(
        await refusal(launcher.launch(flowerSpec({ minClients: 3 }))),
      ).toEqual(
        refused(
          'unsatisfiable',
          /2 of 3 required clusters match the placement .*hospital-berlin: matches none of the placement predicates/,
        ),
      );
    });

    it('a cluster set without a binding in the job namespace', async () => {
      expect(
        await refusal(
          launcher.launch(
            flowerSpec({
              clients: {
                placement: { clusterSets: ['hospitals', 'partners'] },
              },
            }),
          ),
        ),
      ).toEqual(
        refused('unsatisfiable', /no ManagedClusterSetBinding for partners/),
      );
    });

    it('a cluster lacking the data claim', async () => {
      expect(
        await refusal(
          launcher.launch(
            flowerSpec({
              clients: { clusters: ['gpu-pool-2', 'hospital-paris'] },
              aggregator: { cluster: 'gpu-pool-1' },
            }),
          ),
        ),
      ).toEqual(
        refused(
          'unsatisfiable',
          /cluster gpu-pool-2 has no ClusterClaim data\.fl\.open-cluster-management\.io/,
        ),
      );
    });

    it('an unavailable cluster or aggregator', async () => {
      sim.setClusterAvailable('hospital-paris', false);
      expect(
        await refusal(
          launcher.launch(
            flowerSpec({
              clients: { clusters: ['hospital-paris', 'hospital-madrid'] },
            }),
          ),
        ),
      ).toEqual(refused('unsatisfiable', /hospital-paris is not available/));
      expect(
        await refusal(
          launcher.launch(
            flowerSpec({ aggregator: { cluster: 'hospital-paris' } }),
          ),
        ),
      ).toEqual(
        refused(
          'unsatisfiable',
          /aggregator.cluster: hospital-paris is not available/,
        ),
      );
    });

    it('a failure mid-launch rolls back what the launch created', async () => {
      // A participant whose cluster namespace is gone: its work cannot be created.
      await kc
        .makeApiClient(CoreV1Api)
        .deleteNamespace({ name: 'hospital-madrid' });
      await eventually(() =>
        sim.service.find(
          {
            group: '',
            version: 'v1',
            kind: 'Namespace',
            plural: 'namespaces',
            singular: 'namespace',
            namespaced: false,
            statusSubresource: true,
          },
          undefined,
          'hospital-madrid',
        )
          ? undefined
          : true,
      );
      expect(await refusal(launcher.launch(flowerSpec()))).toEqual(
        refused(
          'hub',
          /namespaces "hospital-madrid" not found \(rolled back: deleted \d+ objects this launch created\)/,
        ),
      );
      await eventually(async () =>
        (await worksOf('mnist')).length === 0 ? true : undefined,
      );
    });

    it('a rollback deletes every object of its run, also those an earlier attempt made', async () => {
      await kc
        .makeApiClient(CoreV1Api)
        .deleteNamespace({ name: 'hospital-madrid' });
      await eventually(async () =>
        (
          await kc.makeApiClient(CoreV1Api).listNamespace()
        ).items.some(n => n.metadata?.name === 'hospital-madrid')
          ? undefined
          : true,
      );
      // The first attempt is cut short with its objects left, as a killed backend leaves them.
      await expect(
        launcher.launch(flowerSpec(), { runId: 'run-1', keepOnFailure: true }),
      ).rejects.toThrow(/hospital-madrid/);
      const left = [
        ...(await worksOf('mnist')),
        ...((await placementExists('mnist')) ? ['placement'] : []),
      ];
      expect(left).toContain('gpu-pool-1/mnist-aggregator');
      expect(left).toContain('placement');
      // The resumed launch fails too: it takes back what the first attempt made as well.
      expect(
        await refusal(launcher.launch(flowerSpec(), { runId: 'run-1' })),
      ).toEqual(
        refused(
          'hub',
          new RegExp(
            `rolled back: deleted ${left.length} objects this launch created\\)$`,
          ),
        ),
      );
      await eventually(async () =>
        (await worksOf('mnist')).length === 0 ? true : undefined,
      );
    });
  });
});
