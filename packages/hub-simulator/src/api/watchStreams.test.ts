import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  makeInformer,
  Watch,
} from '@kubernetes/client-node';
import { HubSimulator } from '../startHubSimulator';
import { eventually, rawRequest, startTestHub } from '../testing/startTestHub';

const NS = 'federated-learning';

/** Collects watch events until stopped. */
async function collect(
  kc: KubeConfig,
  path: string,
  query: Record<string, string | boolean | number>,
) {
  const events: Array<{
    type: string;
    name: string;
    rv?: string;
    code?: number;
  }> = [];
  let ended: unknown = 'open';
  const controller = await new Watch(kc).watch(
    path,
    query,
    (type, obj) =>
      events.push({
        type,
        name: obj?.metadata?.name,
        rv: obj?.metadata?.resourceVersion,
        code: obj?.code,
      }),
    err => {
      ended = err ?? null;
    },
  );
  return { events, stop: () => controller.abort(), ended: () => ended };
}

describe('hub simulator watches', () => {
  let sim: HubSimulator;
  let kc: KubeConfig;
  let core: CoreV1Api;

  beforeEach(async () => {
    ({ sim, kubeConfig: kc } = await startTestHub({
      scenario: 'empty',
      bookmarkIntervalMs: 50,
      historyLimit: 50,
    }));
    core = kc.makeApiClient(CoreV1Api);
  });
  afterEach(() => sim.close());

  it('streams changes after a resourceVersion, only those matching the selector', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: NS });
    const watch = await collect(kc, `/api/v1/namespaces/${NS}/configmaps`, {
      resourceVersion: list.metadata!.resourceVersion!,
      labelSelector: 'app=fl',
    });
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'a', labels: { app: 'fl' } } },
    });
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'other' } },
    });
    await core.patchNamespacedConfigMap({
      name: 'a',
      namespace: NS,
      body: [{ op: 'add', path: '/data', value: { k: 'v' } }],
    });
    // Leaving the selector is a DELETED event for this watch.
    await core.patchNamespacedConfigMap({
      name: 'a',
      namespace: NS,
      body: [{ op: 'replace', path: '/metadata/labels/app', value: 'x' }],
    });
    await eventually(() => (watch.events.length >= 3 ? true : undefined));
    watch.stop();
    expect(watch.events.map(e => `${e.type} ${e.name}`)).toEqual([
      'ADDED a',
      'MODIFIED a',
      'DELETED a',
    ]);
  });

  it('replays the current state when no resourceVersion is given, and sends bookmarks', async () => {
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'existing' } },
    });
    const watch = await collect(kc, `/api/v1/namespaces/${NS}/configmaps`, {
      allowWatchBookmarks: true,
    });
    await eventually(() =>
      watch.events.some(e => e.type === 'BOOKMARK') ? true : undefined,
    );
    watch.stop();
    expect(watch.events[0]).toMatchObject({ type: 'ADDED', name: 'existing' });
    expect(
      Number(watch.events.find(e => e.type === 'BOOKMARK')!.rv),
    ).toBeGreaterThan(0);
  });

  it('resumes from a resourceVersion without losing events after the watch dropped', async () => {
    const first = await collect(kc, `/api/v1/namespaces/${NS}/configmaps`, {
      resourceVersion: '1',
    });
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'before-drop' } },
    });
    await eventually(() => (first.events.length === 1 ? true : undefined));
    expect(sim.dropWatches()).toBe(1);
    await eventually(() => (first.ended() !== 'open' ? true : undefined));
    // Written while nobody watched:
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'during-gap' } },
    });
    const second = await collect(kc, `/api/v1/namespaces/${NS}/configmaps`, {
      resourceVersion: first.events[0].rv!,
    });
    await eventually(() => (second.events.length === 1 ? true : undefined));
    second.stop();
    expect(second.events[0]).toMatchObject({
      type: 'ADDED',
      name: 'during-gap',
    });
  });

  it('answers a too old resourceVersion with a 410 Gone event', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: NS });
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'x' } },
    });
    await rawRequest(sim, '/simulator/compact', { method: 'POST', body: {} });
    const watch = await collect(kc, `/api/v1/namespaces/${NS}/configmaps`, {
      resourceVersion: list.metadata!.resourceVersion!,
    });
    await eventually(() => (watch.events.length > 0 ? true : undefined));
    expect(watch.events).toEqual([
      { type: 'ERROR', name: undefined, rv: undefined, code: 410 },
    ]);
  });

  it('ends a watch at its timeoutSeconds', async () => {
    const watch = await collect(kc, `/api/v1/namespaces/${NS}/configmaps`, {
      timeoutSeconds: 1,
    });
    const ended = await eventually(
      () => (watch.ended() !== 'open' ? true : undefined),
      3000,
    );
    expect(ended).toBe(true);
  });

  it('keeps a client-node informer in step across dropped watches and 410s', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const path =
      '/apis/cluster.open-cluster-management.io/v1beta1/namespaces/federated-learning/placements';
    const informer = makeInformer(
      kc,
      path,
      () =>
        custom.listNamespacedCustomObject({
          group: 'cluster.open-cluster-management.io',
          version: 'v1beta1',
          namespace: NS,
          plural: 'placements',
        }) as any,
    );
    let stopped = false;
    // As a real informer's owner does: restart after an error (a 410 makes it relist).
    informer.on('error', () => {
      setTimeout(() => !stopped && informer.start(), 10);
    });
    await informer.start();
    const body = (name: string) => ({
      apiVersion: 'cluster.open-cluster-management.io/v1beta1',
      kind: 'Placement',
      metadata: { name },
      spec: {},
    });
    try {
      await custom.createNamespacedCustomObject({
        group: 'cluster.open-cluster-management.io',
        version: 'v1beta1',
        namespace: NS,
        plural: 'placements',
        body: body('one'),
      });
      await eventually(() => (informer.get('one', NS) ? true : undefined));
      sim.dropWatches();
      await custom.createNamespacedCustomObject({
        group: 'cluster.open-cluster-management.io',
        version: 'v1beta1',
        namespace: NS,
        plural: 'placements',
        body: body('two'),
      });
      await eventually(() => (informer.get('two', NS) ? true : undefined));
      // Push the history past what the informer last saw, then drop it: it must relist.
      for (let i = 0; i < 60; i++)
        await core.createNamespacedConfigMap({
          namespace: NS,
          body: { metadata: { name: `noise-${i}` } },
        });
      await custom.createNamespacedCustomObject({
        group: 'cluster.open-cluster-management.io',
        version: 'v1beta1',
        namespace: NS,
        plural: 'placements',
        body: body('three'),
      });
      sim.dropWatches();
      await eventually(() => (informer.get('three', NS) ? true : undefined));
      expect(
        informer
          .list(NS)
          .map(p => p.metadata?.name)
          .sort(),
      ).toEqual(['one', 'three', 'two']);
    } finally {
      stopped = true;
      await informer.stop();
    }
  });
});
