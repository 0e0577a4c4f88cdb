import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { JobLauncher } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import {
  createHubS3Secret,
  eventually,
  startTestHub,
  startTestS3,
  testJobStorage,
  testStorageLocation,
  ocmFlTestConfig,
} from '@ocm-fl/hub-simulator/testing';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { KubeConfig } from '@kubernetes/client-node';
import request from 'supertest';
import { ocmFlPlugin } from './plugin';
import { createTestDatabases } from './__testUtils__/testDatabases';

// On SQLite and on the test PostgreSQL server (scripts/test.sh starts one).
const databases = createTestDatabases();
const databaseIds = databases.eachSupportedId();

describe.each(databaseIds)('ocm-fl REST API over the hub cache (%s)', id => {
  let sim: HubSimulator;
  let kc: KubeConfig;
  let server: any;

  const config = () => ({
    ocmFl: ocmFlTestConfig(sim, { lifecycle: { intervalSeconds: 1 } }),
  });
  // A fresh, empty database of the kind under test.
  const database = async () =>
    mockServices.database.factory({ knex: await databases.init(id) });

  beforeEach(async () => {
    ({ sim, kubeConfig: kc } = await startTestHub({
      flRuntime: { roundDurationMs: 30, clientWaitMs: 2000 },
    }));
    ({ server } = await startTestBackend({
      features: [
        ocmFlPlugin,
        await database(),
        // The real scheduler: the lifecycle task runs on its interval, as in production.
        schedulerServiceFactory,
        mockServices.rootConfig.factory({ data: config() }),
      ],
    }));
    // The cache lists every kind once after start.
    await eventually(async () => {
      const res = await request(server).get('/api/ocm-fl/clusters');
      return res.body.total === 8 && res.body.hubs.sim.synced
        ? true
        : undefined;
    });
  });
  afterEach(() => sim.close());

  it('lists clusters with sets, claims and capacity, filtered and one by one', async () => {
    const all = await request(server).get('/api/ocm-fl/clusters').expect(200);
    const berlin = all.body.items.find(
      (c: any) => c.name === 'hospital-berlin',
    );
    expect(berlin).toMatchObject({
      hub: 'sim',
      available: true,
      clusterSet: 'hospitals',
      labels: expect.objectContaining({ region: 'eu-central', gpu: 'true' }),
      claims: expect.objectContaining({
        'data.fl.open-cluster-management.io': '/data/radiology',
      }),
      capacity: expect.objectContaining({ cpu: '16' }),
      jobs: [],
    });
    expect(all.body.hubs.sim).toMatchObject({ synced: true, stale: false });
    const search = await request(server)
      .get('/api/ocm-fl/clusters?search=region=us-east')
      .expect(200);
    expect(search.body.items.map((c: any) => c.name).sort()).toEqual([
      'edge-virginia',
      'gpu-pool-2',
      'hospital-boston',
    ]);
    await request(server).get('/api/ocm-fl/clusters/gpu-pool-1').expect(200);
    const missing = await request(server)
      .get('/api/ocm-fl/clusters/nope')
      .expect(404);
    expect(missing.body.error.message).toMatch(/nope is not a managed cluster/);
  });

  it('reflects a hub change within 2 s', async () => {
    sim.setClusterAvailable('edge-frankfurt', false);
    const started = Date.now();
    await eventually(async () => {
      const res = await request(server).get(
        '/api/ocm-fl/clusters/edge-frankfurt',
      );
      return res.body.available === false ? true : undefined;
    }, 2000);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('shows a launched job, its phase and clusters, and stops and deletes it', async () => {
    const launcher = new JobLauncher({
      kubeConfig: kc,
      namespace: 'federated-learning',
      storageLocations: [],
      waits: { pollMs: 20 },
    });
    await launcher.launch(
      {
        name: 'mnist',
        framework: 'openfl',
        image: 'quay.io/x/y:1',
        rounds: 2,
        clients: { clusters: ['hospital-paris', 'hospital-madrid'] },
        data: { type: 'hostPath', path: '/data' },
        aggregator: { cluster: 'gpu-pool-1' },
        storage: { type: 'pvc' },
      },
      { createdBy: 'user:default/alice', runId: 'run-42' },
    );
    const succeeded = await eventually(async () => {
      const res = await request(server).get('/api/ocm-fl/jobs/mnist');
      return res.body.phase === 'Succeeded' ? res.body : undefined;
    });
    expect(succeeded.progress).toBeUndefined();
    // The PVC of this launch, where the aggregator wrote the model.
    expect(succeeded.model.location).toBe(
      'pvc://gpu-pool-1/fl-mnist/mnist-model-run-42',
    );
    expect(
      sim.clusters
        .get('gpu-pool-1')!
        .files.get('/persistentvolumeclaims/fl-mnist/mnist-model-run-42')
        ?.has('last.pbuf'),
    ).toBe(true);
    expect(succeeded.modelError).toMatch(
      /keeps its model on the PVC pvc:\/\/gpu-pool-1\/fl-mnist\/mnist-model-run-42 on its aggregator cluster, which the portal does not read; it stays there, with its namespace fl-mnist, after the job is deleted$/,
    );
    expect(succeeded).toMatchObject({
      framework: 'openfl',
      rounds: 2,
      aggregatorCluster: 'gpu-pool-1',
      createdBy: 'user:default/alice',
      clients: ['hospital-madrid', 'hospital-paris'],
    });
    const list = await request(server)
      .get('/api/ocm-fl/jobs?phase=Succeeded&cluster=hospital-paris')
      .expect(200);
    expect(list.body.items.map((j: any) => j.name)).toEqual(['mnist']);
    expect(
      (await request(server).get('/api/ocm-fl/clusters/hospital-paris')).body
        .jobs,
    ).toEqual(['mnist']);

    // The lifecycle task has recorded the outcome ...
    await eventually(async () => {
      const res = await request(server).get('/api/ocm-fl/jobs/mnist');
      return res.body.timeline?.some((t: any) => t.phase === 'Succeeded')
        ? true
        : undefined;
    });
    await request(server).post('/api/ocm-fl/jobs/mnist/stop').expect(200);
    // ... so that, gone from the hub, the job is still known from the lineage store, with its outcome.
    const archived = await eventually(async () => {
      const res = await request(server).get('/api/ocm-fl/jobs/mnist');
      return res.body.archived ? res.body : undefined;
    });
    expect(archived).toMatchObject({ objects: [] });
    expect(archived.timeline.map((t: any) => t.phase)).toContain('Succeeded');
    await request(server).post('/api/ocm-fl/jobs/mnist/stop').expect(404);
    await request(server).delete('/api/ocm-fl/jobs/nope').expect(404);
  });

  it('shows progress by rounds and metrics from S3, and degrades only that part when S3 fails', async () => {
    const s3 = await startTestS3();
    try {
      const { server: withS3 } = await startTestBackend({
        features: [
          ocmFlPlugin,
          await database(),
          // Progress is what the lifecycle task records, on its interval as deployed.
          schedulerServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              ocmFl: ocmFlTestConfig(sim, {
                s3: { ...s3, prefix: 'runs' },
                lifecycle: { intervalSeconds: 1 },
              }),
            },
          }),
        ],
      });
      await createHubS3Secret(kc);
      const launcher = new JobLauncher({
        kubeConfig: kc,
        namespace: 'federated-learning',
        storageLocations: [testStorageLocation(s3, 'runs')],
        waits: { pollMs: 20 },
      });
      await launcher.launch({
        name: 'mnist',
        framework: 'flower',
        image: 'quay.io/x/y:1',
        rounds: 3,
        clients: { clusters: ['hospital-paris', 'hospital-madrid'] },
        data: { type: 'hostPath', path: '/data' },
        aggregator: { cluster: 'gpu-pool-1' },
        storage: testJobStorage(),
      });
      const done = await eventually(async () => {
        const res = await request(withS3).get('/api/ocm-fl/jobs/mnist');
        // The checkpoint of a round lands before its line in metrics.jsonl: wait for both.
        return res.body.progress?.round === 3 && res.body.metrics?.length === 3
          ? res.body
          : undefined;
      });
      expect(done.progress).toEqual({ round: 3, of: 3 });
      expect(done.metrics.map((m: any) => m.round)).toEqual([1, 2, 3]);
      expect(done.model).toMatchObject({
        location: `s3://${s3.bucket}/runs/mnist/`,
        checkpoints: [1, 2, 3],
      });
      await s3.close();
      const degraded = await request(withS3)
        .get('/api/ocm-fl/jobs/mnist')
        .expect(200);
      // The recorded round stays; only metrics and files need S3.
      expect(degraded.body).toMatchObject({
        name: 'mnist',
        progress: { round: 3, of: 3 },
        modelError: expect.stringMatching(/the model store could not be read/),
      });
      expect(degraded.body).not.toHaveProperty('metrics');
    } finally {
      await s3.close().catch(() => undefined);
    }
  });

  it('streams a hub change to the UI as a server-sent event within 2 s', async () => {
    const address = server.address();
    const url = `http://127.0.0.1:${address.port}/api/ocm-fl/events`;
    const controller = new AbortController();
    const response = await fetch(url, {
      signal: controller.signal,
      headers: { authorization: 'Bearer mock-user-token' },
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const started = Date.now();
    sim.setClusterAvailable('hospital-boston', false);
    let text = '';
    while (!text.includes('"name":"hospital-boston"')) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(text).toMatch(
      /event: change\ndata: \{"hub":"sim","kind":"clusters","type":"update","name":"hospital-boston"/,
    );
  });

  it('previews a placement from the cache', async () => {
    const res = await request(server)
      .post('/api/ocm-fl/placement/preview')
      .send({ placement: { clusterSets: ['regional'] } })
      .expect(200);
    expect(res.body.selected.sort()).toEqual([
      'edge-frankfurt',
      'edge-virginia',
    ]);
    expect(res.body.verdicts).toHaveLength(8);
  });

  it.each([
    ['/api/ocm-fl/jobs?phase=Sleeping', /query.phase: /],
    ['/api/ocm-fl/jobs?limit=0', /query.limit: /],
    ['/api/ocm-fl/jobs?color=red', /query.color: is not a parameter here/],
    [
      '/api/ocm-fl/clusters?hub=elsewhere',
      /query.hub: no hub named "elsewhere"/,
    ],
  ])('answers %s with 400 naming the field', async (url, message) => {
    const res = await request(server).get(url).expect(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('answers a bad preview body with 400 naming the field', async () => {
    const res = await request(server)
      .post('/api/ocm-fl/placement/preview')
      .send({ placement: { numberOfClusters: 0 } })
      .expect(400);
    expect(res.body.error.message).toMatch(/body.placement.numberOfClusters: /);
  });
});
