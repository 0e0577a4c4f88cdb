import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Watch } from '@kubernetes/client-node';
import {
  TEST_S3_CREDENTIALS,
  createHubS3Secret,
  eventually,
  rawRequest,
  testJobStorage,
} from '@ocm-fl/hub-simulator/testing';
import {
  flowerSpec,
  refused,
  useLauncherTestHub,
  WORK,
} from './__testUtils__/launcherTestHub';

describe('JobLauncher against the hub simulator', () => {
  const hub = useLauncherTestHub();

  it('names the creator on every version of every work, the aggregator draft included', async () => {
    // Whoever sees the job first (the lifecycle task records it once) must see its creator.
    const annotations: Array<Record<string, string> | undefined> = [];
    const watching = await new Watch(hub.kubeConfig).watch(
      `/apis/work.open-cluster-management.io/v1/manifestworks`,
      {},
      (_type, work) => annotations.push(work.metadata.annotations),
      () => {},
    );
    try {
      await hub.launcher.launch(flowerSpec(), {
        createdBy: 'user:default/alice',
      });
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

  it('launches a Flower job with S3 storage on exactly the placed clusters, and it trains to the end', async () => {
    const result = await hub.launcher.launch(flowerSpec(), {
      createdBy: 'user:default/alice',
    });
    expect(result.participants.sort()).toEqual([
      'hospital-madrid',
      'hospital-paris',
    ]);
    expect(result.aggregatorAddress).toMatch(/^198\.51\.\d+\.\d+:9092$/);
    expect(await hub.worksOf('mnist')).toEqual([
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
      endpoint: hub.s3.endpoint,
      forcePathStyle: true,
      credentials: TEST_S3_CREDENTIALS,
    });
    await eventually(async () => {
      const listed = await client.send(
        new ListObjectsV2Command({
          Bucket: hub.s3.bucket,
          Prefix: 'runs/mnist/',
        }),
      );
      return listed.Contents?.some(o => o.Key === 'runs/mnist/model/final.bin')
        ? true
        : undefined;
    });
    const aggregator = await hub.custom.getNamespacedCustomObject({
      ...WORK,
      namespace: 'gpu-pool-1',
      name: 'mnist-aggregator',
    });
    const submit = aggregator.status.resourceStatus.manifests.find(
      (m: any) => m.resourceMeta.name === 'submit',
    );
    await eventually(async () => {
      const w = await hub.custom.getNamespacedCustomObject({
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

  it('launches an OpenFL job with PVC storage on an explicit cluster list; resuming the launch adopts its works, and it trains; another launch of the name is refused', async () => {
    const spec = flowerSpec({
      name: 'tumor',
      framework: 'openfl',
      minClients: 3,
      clients: {
        clusters: ['hospital-paris', 'hospital-berlin', 'edge-frankfurt'],
      },
      storage: { type: 'pvc', size: '5Gi' },
    });
    const first = await hub.launcher.launch(spec, {
      runId: 'run-1',
      createdBy: 'user:default/alice',
    });
    expect(first.participants).toEqual([
      'hospital-paris',
      'hospital-berlin',
      'edge-frankfurt',
    ]);
    const works = await hub.worksOf('tumor');
    expect(works).toHaveLength(4);
    const aggregatorGeneration = async () =>
      (
        await hub.custom.getNamespacedCustomObject({
          ...WORK,
          namespace: 'gpu-pool-1',
          name: 'tumor-aggregator',
        })
      ).metadata.generation;
    const generation = await aggregatorGeneration();
    const again = await hub.launcher.launch(spec, {
      runId: 'run-1',
      createdBy: 'user:default/alice',
    });
    expect(again.participants).toEqual(first.participants);
    expect(again.aggregatorAddress).toEqual(first.aggregatorAddress);
    expect(await hub.worksOf('tumor')).toEqual(works);
    expect(await aggregatorGeneration()).toBe(generation);
    expect(await hub.refusal(hub.launcher.launch(spec))).toEqual(
      refused(
        'unsatisfiable',
        /^name: a job named tumor already exists on the hub \(its ManifestWork \S+\/tumor-\w+ and 3 more objects, launched by user:default\/alice\); choose another name/,
      ),
    );
    expect(await hub.worksOf('tumor')).toEqual(works);
    // Collaborators finish when training ends.
    await eventually(() => {
      const job = hub.sim.clusters
        .get('edge-frankfurt')!
        .resources.get('batch/jobs/fl-tumor/collaborator');
      return (job?.status as any)?.succeeded === 1 ? true : undefined;
    });
  });

  it('launches an OpenFL job with S3 storage whose model lands in the bucket', async () => {
    const result = await hub.launcher.launch(
      flowerSpec({ name: 'tumor', framework: 'openfl' }),
    );
    expect(result.aggregatorAddress).toMatch(/:50051$/);
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: hub.s3.endpoint,
      forcePathStyle: true,
      credentials: TEST_S3_CREDENTIALS,
    });
    const keys = await eventually(async () => {
      const listed = await client.send(
        new ListObjectsV2Command({
          Bucket: hub.s3.bucket,
          Prefix: 'runs/tumor/',
        }),
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

  it('launches through a hub that throttles and fails now and then, and says so in its log', async () => {
    const setErrorRate = (errorRate: number) =>
      rawRequest(hub.sim, '/simulator/faults', {
        method: 'POST',
        body: { errorRate },
      });
    const progress: string[] = [];
    await setErrorRate(0.1);
    const results = [];
    try {
      for (const name of ['flaky-1', 'flaky-2', 'flaky-3']) {
        results.push(
          await hub.launcher.launch(
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
      expect(await hub.worksOf(name)).toHaveLength(3);
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
    const result = await hub.launcher.launch(flowerSpec(), { dryRun: true });
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
    expect(await hub.worksOf('mnist')).toEqual([]);
    expect(await hub.placementExists('mnist')).toBe(false);
  });

  describe('refuses bad input and unsatisfiable jobs, creating nothing', () => {
    it('an aggregator cluster whose Kubernetes is too old for the uploader, a native sidecar, naming the cluster and its version', async () => {
      expect(
        await hub.refusal(
          hub.launcher.launch(
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
        await hub.refusal(
          hub.launcher.launch(flowerSpec(), { runId: 'Run_1' }),
        ),
      ).toEqual(refused('invalid', /^runId: must be a DNS-1123 label/));
    });

    it('an invalid spec names the fields', async () => {
      expect(
        await hub.refusal(
          hub.launcher.launch(flowerSpec({ name: 'Bad_Name', rounds: 0 })),
        ),
      ).toEqual(refused('invalid', /name: .*; rounds: must be at least 1/));
    });

    it('an unknown framework version', async () => {
      expect(
        await hub.refusal(
          hub.launcher.launch(flowerSpec({ frameworkVersion: '9.9.9' })),
        ),
      ).toEqual(
        refused('invalid', /frameworkVersion: flower 9\.9\.9 is not supported/),
      );
    });

    it('a storage location that is not configured, or not for this hub, naming storage.location and the allowed names', async () => {
      expect(
        await hub.refusal(
          hub.launcher.launch(
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
        await hub.refusal(
          hub.launcher.launch(
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
      await createHubS3Secret(hub.kubeConfig, 'platform-db-password');
      expect(
        await hub.refusal(
          hub.launcher.launch(
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
        await hub.refusal(
          hub.launcher.launch(
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
        await hub.refusal(hub.launcher.launch(flowerSpec({ minClients: 3 }))),
      ).toEqual(
        refused(
          'unsatisfiable',
          /2 of 3 required clusters match the placement .*hospital-berlin: matches none of the placement predicates/,
        ),
      );
    });

    it('a cluster set without a binding in the job namespace', async () => {
      expect(
        await hub.refusal(
          hub.launcher.launch(
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
        await hub.refusal(
          hub.launcher.launch(
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
      hub.sim.setClusterAvailable('hospital-paris', false);
      expect(
        await hub.refusal(
          hub.launcher.launch(
            flowerSpec({
              clients: { clusters: ['hospital-paris', 'hospital-madrid'] },
            }),
          ),
        ),
      ).toEqual(refused('unsatisfiable', /hospital-paris is not available/));
      expect(
        await hub.refusal(
          hub.launcher.launch(
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
  });
});
