import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { HubSimulator } from '../startHubSimulator';
import { eventually, rawRequest, startTestHub } from '../testing/startTestHub';

const NS = 'federated-learning';

/** The first event of a watch from `resourceVersion`, or 'none' after `waitMs`. */
async function firstEvent(
  kc: KubeConfig,
  resourceVersion: string,
  waitMs = 500,
): Promise<{ type: string; object: any } | 'none'> {
  let first: { type: string; object: any } | undefined;
  const controller = await new Watch(kc).watch(
    `/api/v1/namespaces/${NS}/configmaps`,
    { resourceVersion },
    (type, object) => {
      first ??= { type, object };
    },
    () => undefined,
  );
  try {
    return (await eventually(() => first, waitMs).catch(() => 'none')) as any;
  } finally {
    controller.abort();
  }
}

describe('hub simulator restarts', () => {
  let sim: HubSimulator;
  let kc: KubeConfig;
  let core: CoreV1Api;

  beforeEach(async () => {
    ({ sim, kubeConfig: kc } = await startTestHub({ scenario: 'demo' }));
    core = kc.makeApiClient(CoreV1Api);
  });
  afterEach(() => sim.close());

  const createConfigMap = (name: string) =>
    core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name } },
    });

  it('comes back fresh without the jobs, refusing connections meanwhile, and old resourceVersions get 410', async () => {
    await createConfigMap('job-state');
    const before = (await core.listNamespacedConfigMap({ namespace: NS }))
      .metadata!.resourceVersion!;

    const answer = await rawRequest(sim, '/simulator/restart', {
      method: 'POST',
      body: { state: 'fresh', downMs: 1000 },
    });
    expect(answer).toMatchObject({
      status: 200,
      body: { restarting: true, state: 'fresh', downMs: 1000 },
    });
    await eventually(() =>
      rawRequest(sim, '/version').then(
        () => undefined,
        (error: NodeJS.ErrnoException) =>
          error.code === 'ECONNREFUSED' ? true : undefined,
      ),
    );
    const after = await eventually(
      () => core.listNamespacedConfigMap({ namespace: NS }),
      5000,
    );
    expect(after.items.map(c => c.metadata!.name)).not.toContain('job-state');
    // The scenario is back: clusters registered again.
    await eventually(() =>
      rawRequest(sim, '/simulator/status').then(s =>
        s.body.clusters.length === 8 ? true : undefined,
      ),
    );
    // resourceVersions never go back: what a client saw before can never look valid.
    expect(Number(after.metadata!.resourceVersion)).toBeGreaterThan(
      Number(before),
    );
    expect(await firstEvent(kc, before)).toMatchObject({
      type: 'ERROR',
      object: { code: 410, reason: 'Expired' },
    });
  });

  it('keeps its objects through an API server restart, but watches cannot resume across it', async () => {
    await createConfigMap('kept');
    const before = (await core.listNamespacedConfigMap({ namespace: NS }))
      .metadata!.resourceVersion!;
    await createConfigMap('missed');

    await rawRequest(sim, '/simulator/restart', {
      method: 'POST',
      body: { downMs: 500 },
    });
    await eventually(() =>
      rawRequest(sim, '/version').then(
        () => undefined,
        () => true,
      ),
    );
    const after = await eventually(
      () => core.listNamespacedConfigMap({ namespace: NS }),
      5000,
    );
    expect(after.items.map(c => c.metadata!.name)).toEqual(
      expect.arrayContaining(['kept', 'missed']),
    );
    expect(await firstEvent(kc, before)).toMatchObject({
      type: 'ERROR',
      object: { code: 410 },
    });
  });

  it('is unreachable while it restarts, and refuses a second restart meanwhile', async () => {
    const restart = () =>
      rawRequest(sim, '/simulator/restart', {
        method: 'POST',
        body: { downMs: 2000 },
      });
    expect((await restart()).status).toBe(200);
    await expect(restart()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(sim.restart({ downMs: 0, state: 'keep' })).rejects.toThrow(
      'a restart is under way',
    );
  });

  it('refuses a restart it does not understand, naming the field', async () => {
    expect(
      await rawRequest(sim, '/simulator/restart', {
        method: 'POST',
        body: { state: 'restored' },
      }),
    ).toMatchObject({
      status: 400,
      body: { message: 'body.state: must be "keep" or "fresh"' },
    });
    expect(
      await rawRequest(sim, '/simulator/restart', {
        method: 'POST',
        body: { downMs: -1 },
      }),
    ).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/^body.downMs: /) },
    });
  });

  it('answers a list at a resourceVersion it has not reached with 504 ResourceVersionTooLarge', async () => {
    const current = Number(
      (await core.listNamespacedConfigMap({ namespace: NS })).metadata!
        .resourceVersion,
    );
    const ahead = String(current + 1000);
    const started = Date.now();
    const answer = await rawRequest(
      sim,
      `/api/v1/namespaces/${NS}/configmaps?resourceVersion=${ahead}`,
    );
    // Like the watch cache, it waits (3 s) for the version before it gives up.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(answer).toMatchObject({
      status: 504,
      body: {
        reason: 'Timeout',
        message: `Timeout: Too large resource version: ${ahead}, current: ${current}`,
        details: {
          causes: [{ reason: 'ResourceVersionTooLarge' }],
          retryAfterSeconds: 1,
        },
      },
    });
    // Paginated, it is etcd that answers: at once, without a retry hint.
    const paginated = await rawRequest(
      sim,
      `/api/v1/namespaces/${NS}/configmaps?limit=1&resourceVersion=${ahead}`,
    );
    expect(paginated).toMatchObject({
      status: 504,
      body: { details: { causes: [{ reason: 'ResourceVersionTooLarge' }] } },
    });
    expect(paginated.body.details.retryAfterSeconds).toBeUndefined();
    // "Not older than" is what a list at a resourceVersion means; an exact read of a past
    // state is gone, as from a compacted etcd.
    expect(
      await rawRequest(
        sim,
        `/api/v1/namespaces/${NS}/configmaps?limit=1&resourceVersion=${ahead}&resourceVersionMatch=NotOlderThan`,
      ),
    ).toMatchObject({ status: 504 });
    expect(
      await rawRequest(
        sim,
        `/api/v1/namespaces/${NS}/configmaps?resourceVersion=1&resourceVersionMatch=Exact`,
      ),
    ).toMatchObject({ status: 410, body: { reason: 'Expired' } });
    expect(
      await rawRequest(
        sim,
        `/api/v1/namespaces/${NS}/configmaps?resourceVersion=1&resourceVersionMatch=Latest`,
      ),
    ).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/^resourceVersionMatch: /) },
    });
    // One it has reached is served.
    expect(
      await rawRequest(
        sim,
        `/api/v1/namespaces/${NS}/configmaps?resourceVersion=${current}`,
      ),
    ).toMatchObject({ status: 200 });
  });

  it('sends a watch from a resourceVersion it has not reached nothing up to that version', async () => {
    const current = Number(
      (await core.listNamespacedConfigMap({ namespace: NS })).metadata!
        .resourceVersion,
    );
    const events: string[] = [];
    const controller = await new Watch(kc).watch(
      `/api/v1/namespaces/${NS}/configmaps`,
      { resourceVersion: String(current + 2) },
      (type, object) => events.push(`${type} ${object.metadata?.name}`),
      () => undefined,
    );
    await createConfigMap('first'); // current + 1
    await createConfigMap('second'); // current + 2
    await createConfigMap('third'); // current + 3
    await eventually(() => (events.length > 0 ? true : undefined));
    controller.abort();
    expect(events).toEqual(['ADDED third']);
  });
});
