import {
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  eventually,
  rawRequest,
  startTestHub,
  TEST_TOKEN,
} from '@ocm-fl/hub-simulator/testing';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { CacheChange, HubCache } from './HubCache';

const WORK = {
  group: 'work.open-cluster-management.io',
  version: 'v1',
  plural: 'manifestworks',
};
const ours = (job: string) => ({
  'federated-learning.open-cluster-management.io/job': job,
  'federated-learning.open-cluster-management.io/role': 'client',
  'app.kubernetes.io/managed-by': 'backstage-ocm-fl',
});

describe('HubCache against the hub simulator', () => {
  let sim: HubSimulator;
  let kc: KubeConfig;
  let custom: CustomObjectsApi;
  let cache: HubCache;
  const changes: CacheChange[] = [];

  beforeEach(async () => {
    ({ sim, kubeConfig: kc } = await startTestHub({ historyLimit: 20 }));
    custom = kc.makeApiClient(CustomObjectsApi);
    cache = new HubCache({
      kubeConfig: kc,
      namespace: 'federated-learning',
      backoff: { initialMs: 50, maxMs: 200 },
    });
    changes.length = 0;
    cache.subscribe(change => changes.push(change));
    await cache.start();
  });
  afterEach(async () => {
    await cache.stop();
    await sim.close().catch(() => undefined);
  });

  const createWork = (cluster: string, name: string, job: string) =>
    custom.createNamespacedCustomObject({
      ...WORK,
      namespace: cluster,
      body: {
        apiVersion: `${WORK.group}/v1`,
        kind: 'ManifestWork',
        metadata: { name, labels: ours(job) },
        spec: { workload: { manifests: [] } },
      },
    });

  it('lists every kind once and reports itself synced', () => {
    expect(cache.state()).toMatchObject({ synced: true, stale: false });
    expect(cache.clusters()).toHaveLength(8);
    expect(
      cache
        .clusterSets()
        .map(s => s.metadata.name)
        .sort(),
    ).toEqual(['gpu-pool', 'hospitals', 'regional']);
    expect(cache.bindings()).toHaveLength(3);
  });

  it("keeps AddOnPlacementScores and every namespace's decisions for previews, reporting neither", async () => {
    const CLUSTER = {
      group: 'cluster.open-cluster-management.io',
      namespace: 'hospital-paris',
    };
    await custom.createNamespacedCustomObject({
      ...CLUSTER,
      version: 'v1alpha1',
      plural: 'addonplacementscores',
      body: {
        apiVersion: `${CLUSTER.group}/v1alpha1`,
        kind: 'AddOnPlacementScore',
        metadata: { name: 'fl-readiness' },
      },
    });
    await custom.patchNamespacedCustomObjectStatus(
      {
        ...CLUSTER,
        version: 'v1alpha1',
        plural: 'addonplacementscores',
        name: 'fl-readiness',
        body: { status: { scores: [{ name: 'ready', value: 70 }] } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    // Another namespace's placement (an add-on's, say) and its decision.
    await custom.createNamespacedCustomObject({
      ...CLUSTER,
      version: 'v1beta1',
      plural: 'placementdecisions',
      body: {
        apiVersion: `${CLUSTER.group}/v1beta1`,
        kind: 'PlacementDecision',
        metadata: {
          name: 'addon-decision-1',
          labels: { 'cluster.open-cluster-management.io/placement': 'addon' },
        },
      },
    });
    const snapshot = await eventually(async () => {
      const current = cache.placementSnapshot();
      return current.scores.length === 1 &&
        current.decisions.some(d => d.metadata.name === 'addon-decision-1')
        ? current
        : undefined;
    });
    expect(snapshot.scores[0]).toMatchObject({
      metadata: { name: 'fl-readiness', namespace: 'hospital-paris' },
      status: { scores: [{ name: 'ready', value: 70 }] },
    });
    expect(snapshot.clusters).toHaveLength(8);
    expect(snapshot.bindings).toHaveLength(3);
    expect(
      changes.filter(
        c => c.name === 'fl-readiness' || c.name === 'addon-decision-1',
      ),
    ).toEqual([]);
  });

  it('reflects hub changes within 2 s and tells subscribers', async () => {
    const started = Date.now();
    await custom.patchClusterCustomObject(
      {
        group: 'cluster.open-cluster-management.io',
        version: 'v1',
        plural: 'managedclusters',
        name: 'edge-virginia',
        body: { metadata: { labels: { tier: 'gold' } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await eventually(
      () =>
        cache.cluster('edge-virginia')?.metadata.labels?.tier === 'gold'
          ? true
          : undefined,
      2000,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'clusters',
          type: 'update',
          name: 'edge-virginia',
        }),
      ]),
    );
  });

  it('indexes our works by job and by cluster, and ignores works that are not ours', async () => {
    await createWork('hospital-paris', 'mnist-client', 'mnist');
    await createWork('hospital-madrid', 'mnist-client', 'mnist');
    await custom.createNamespacedCustomObject({
      ...WORK,
      namespace: 'hospital-paris',
      body: {
        apiVersion: `${WORK.group}/v1`,
        kind: 'ManifestWork',
        metadata: { name: 'someone-elses' },
        spec: { workload: { manifests: [] } },
      },
    });
    await eventually(
      () => (cache.worksOfJob('mnist').length === 2 ? true : undefined),
      2000,
    );
    expect(cache.jobsOnCluster('hospital-paris')).toEqual(['mnist']);
    expect(cache.works().map(w => w.metadata.name)).not.toContain(
      'someone-elses',
    );
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'works', job: 'mnist' }),
      ]),
    );
  });

  it('loses no event across a dropped watch or a 410 Gone', async () => {
    sim.dropWatches();
    await createWork('hospital-paris', 'after-drop', 'a');
    await eventually(() =>
      cache.worksOfJob('a').length === 1 ? true : undefined,
    );
    // Past the kept history: the resume gets 410 and the informer relists.
    for (let i = 0; i < 30; i++)
      await createWork('gpu-pool-2', `noise-${i}`, 'noise');
    await rawRequest(sim, '/simulator/compact', { method: 'POST', body: {} });
    sim.dropWatches();
    await createWork('hospital-madrid', 'after-410', 'b');
    await eventually(() =>
      cache.worksOfJob('b').length === 1 &&
      cache.worksOfJob('noise').length === 30
        ? true
        : undefined,
    );
    expect(cache.worksOfJob('a').map(w => w.metadata.name)).toEqual([
      'after-drop',
    ]);
  });

  it('drops what a restarted hub no longer has within 5 s, synced only once it listed again', async () => {
    await createWork('hospital-paris', 'mnist-client', 'mnist');
    await createWork('hospital-madrid', 'mnist-client', 'mnist');
    await eventually(() =>
      cache.worksOfJob('mnist').length === 2 ? true : undefined,
    );
    const syncedAtDelete: boolean[] = [];
    cache.subscribe(change => {
      if (change.type === 'delete') syncedAtDelete.push(cache.state().synced);
    });

    await rawRequest(sim, '/simulator/restart', {
      method: 'POST',
      body: { state: 'fresh', downMs: 1000 },
    });
    const back = await eventually(() =>
      rawRequest(sim, '/version').then(
        () => Date.now(),
        () => undefined,
      ),
    );
    await eventually(
      () =>
        cache.worksOfJob('mnist').length === 0 &&
        cache.state().synced &&
        !cache.state().stale
          ? true
          : undefined,
      5000,
    );
    expect(Date.now() - back).toBeLessThan(5000);
    expect(cache.jobNames()).not.toContain('mnist');
    expect(cache.jobsOnCluster('hospital-paris')).toEqual([]);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'works',
          type: 'delete',
          name: 'mnist-client',
          job: 'mnist',
        }),
      ]),
    );
    // The deletions came from the new list, before the cache called itself synced again.
    expect(syncedAtDelete).toEqual([false, false]);
    expect(cache.clusters()).toHaveLength(8);
  });

  it('serves the last known state, marked stale, while the hub is down', async () => {
    await sim.close();
    // The watches break, then the retries (with backoff) find nobody listening.
    await eventually(() =>
      cache.state().error?.includes('ECONNREFUSED') ? true : undefined,
    );
    expect(cache.state()).toMatchObject({ synced: true, stale: true });
    expect(cache.clusters()).toHaveLength(8);
  });
});

describe('HubCache when the hub process is replaced', () => {
  let cache: HubCache | undefined;
  let sims: HubSimulator[] = [];
  afterEach(async () => {
    await cache?.stop();
    await Promise.all(sims.map(s => s.close().catch(() => undefined)));
    sims = [];
  });

  it('lists again when the new hub has not reached its resourceVersion, however fast it came back', async () => {
    const first = await startTestHub();
    sims.push(first.sim);
    // The new hub on the same address has a certificate of its own.
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromClusterAndUser(
      { name: 'hub', server: first.sim.url, skipTLSVerify: true },
      { name: 'backend', token: TEST_TOKEN },
    );
    cache = new HubCache({
      kubeConfig,
      namespace: 'federated-learning',
      backoff: { initialMs: 50, maxMs: 200 },
    });
    await cache.start();
    const custom = kubeConfig.makeApiClient(CustomObjectsApi);
    // Enough writes that the cache's resourceVersion is ahead of the new hub's.
    for (let i = 0; i < 40; i++)
      await custom.createNamespacedCustomObject({
        ...WORK,
        namespace: 'hospital-paris',
        body: {
          apiVersion: `${WORK.group}/v1`,
          kind: 'ManifestWork',
          metadata: { name: `old-${i}`, labels: ours('old') },
          spec: { workload: { manifests: [] } },
        },
      });
    await eventually(() =>
      cache!.worksOfJob('old').length === 40 ? true : undefined,
    );

    await first.sim.close();
    const second = await startTestHub({ port: first.sim.port });
    sims.push(second.sim);
    const started = Date.now();
    await eventually(
      () =>
        cache!.worksOfJob('old').length === 0 &&
        cache!.state().synced &&
        !cache!.state().stale
          ? true
          : undefined,
      5000,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    // And it follows the new hub from there.
    await custom.createNamespacedCustomObject({
      ...WORK,
      namespace: 'hospital-berlin',
      body: {
        apiVersion: `${WORK.group}/v1`,
        kind: 'ManifestWork',
        metadata: { name: 'new-client', labels: ours('new') },
        spec: { workload: { manifests: [] } },
      },
    });
    await eventually(() =>
      cache!.worksOfJob('new').length === 1 ? true : undefined,
    );
  });
});
