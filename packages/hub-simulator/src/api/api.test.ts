import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { HubSimulator } from '../startHubSimulator';
import { eventually, rawRequest, startTestHub } from '../testing/startTestHub';

const GROUP = 'cluster.open-cluster-management.io';
const NS = 'federated-learning';

const placement = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: `${GROUP}/v1beta1`,
  kind: 'Placement',
  metadata: { name, namespace: NS },
  spec,
});

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: number; body: any }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiException) {
      return {
        code: error.code,
        body:
          typeof error.body === 'string' ? JSON.parse(error.body) : error.body,
      };
    }
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('hub simulator API', () => {
  let sim: HubSimulator;
  let kc: KubeConfig;
  let custom: CustomObjectsApi;
  let core: CoreV1Api;
  let objects: KubernetesObjectApi;

  beforeAll(async () => {
    ({ sim, kubeConfig: kc } = await startTestHub());
    custom = kc.makeApiClient(CustomObjectsApi);
    core = kc.makeApiClient(CoreV1Api);
    objects = KubernetesObjectApi.makeApiClient(kc);
  });
  afterAll(() => sim.close());

  const placements = {
    group: GROUP,
    version: 'v1beta1',
    namespace: NS,
    plural: 'placements',
  };

  it('refuses requests without a valid token with a 401 Status', async () => {
    const other = new KubeConfig();
    other.loadFromString(sim.kubeconfig('wrong-token'));
    expect(
      (await failure(other.makeApiClient(CoreV1Api).listNamespace())).code,
    ).toBe(401);
    const raw = await rawRequest(sim, '/api/v1/namespaces', { token: '' });
    expect(raw).toMatchObject({
      status: 401,
      body: {
        kind: 'Status',
        status: 'Failure',
        reason: 'Unauthorized',
        code: 401,
      },
    });
  });

  it('serves discovery that generic clients use to find plurals', async () => {
    const created = await objects.create<any>(placement('via-discovery'));
    expect(created.metadata?.uid).toBeDefined();
    const read = await objects.read({
      apiVersion: `${GROUP}/v1beta1`,
      kind: 'Placement',
      metadata: { name: 'via-discovery', namespace: NS },
    });
    expect(read.metadata?.uid).toBe(created.metadata?.uid);
    const groups = await rawRequest(sim, '/apis');
    expect(
      groups.body.groups.map((g: any) => [g.name, g.preferredVersion.version]),
    ).toEqual([
      ['cluster.open-cluster-management.io', 'v1'],
      ['work.open-cluster-management.io', 'v1'],
    ]);
  });

  it('creates, gets, updates and deletes, with 404 and 409 answers as Status', async () => {
    await custom.createNamespacedCustomObject({
      ...placements,
      body: placement('crud', { numberOfClusters: 1 }),
    });
    const dup = await failure(
      custom.createNamespacedCustomObject({
        ...placements,
        body: placement('crud'),
      }),
    );
    expect(dup).toMatchObject({
      code: 409,
      body: { reason: 'AlreadyExists', details: { name: 'crud' } },
    });

    const got = await custom.getNamespacedCustomObject({
      ...placements,
      name: 'crud',
    });
    const updated = await custom.replaceNamespacedCustomObject({
      ...placements,
      name: 'crud',
      body: { ...got, spec: { numberOfClusters: 2 } },
    });
    expect(updated.metadata.generation).toBe(2);
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(
      Number(got.metadata.resourceVersion),
    );

    const stale = await failure(
      custom.replaceNamespacedCustomObject({
        ...placements,
        name: 'crud',
        body: { ...got, spec: { numberOfClusters: 3 } },
      }),
    );
    expect(stale).toMatchObject({ code: 409, body: { reason: 'Conflict' } });
    expect(stale.body.message).toMatch(/the object has been modified/);

    await custom.deleteNamespacedCustomObject({ ...placements, name: 'crud' });
    const gone = await failure(
      custom.getNamespacedCustomObject({ ...placements, name: 'crud' }),
    );
    expect(gone).toMatchObject({
      code: 404,
      body: {
        kind: 'Status',
        reason: 'NotFound',
        message:
          'placements.cluster.open-cluster-management.io "crud" not found',
      },
    });
  });

  it('generates names and refuses objects in a namespace that does not exist', async () => {
    const made = await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { generateName: 'cfg-' }, data: { a: '1' } },
    });
    expect(made.metadata?.name).toMatch(/^cfg-[a-z0-9]{5}$/);
    const missing = await failure(
      core.createNamespacedConfigMap({
        namespace: 'nowhere',
        body: { metadata: { name: 'x' } },
      }),
    );
    expect(missing).toMatchObject({
      code: 404,
      body: { message: 'namespaces "nowhere" not found' },
    });
  });

  it('validates against the CRD schema and names the field', async () => {
    const bad = await failure(
      custom.createNamespacedCustomObject({
        ...placements,
        body: placement('bad', {
          prioritizerPolicy: {
            configurations: [
              {
                scoreCoordinate: { type: 'Sideways', builtIn: 'Steady' },
                weight: 11,
              },
            ],
          },
        }),
      }),
    );
    expect(bad.code).toBe(422);
    expect(bad.body.reason).toBe('Invalid');
    const fields = bad.body.details.causes.map((c: any) => c.field).sort();
    expect(fields).toEqual([
      'spec.prioritizerPolicy.configurations[0].scoreCoordinate.type',
      'spec.prioritizerPolicy.configurations[0].weight',
    ]);
    expect(bad.body.message).toMatch(
      /spec\.prioritizerPolicy\.configurations\[0\]\.weight: Invalid value: .* must be <= 10/,
    );
    await failure(
      custom.getNamespacedCustomObject({ ...placements, name: 'bad' }),
    ).then(r => expect(r.code).toBe(404));
  });

  it('prunes unknown fields, sets defaults, and rejects unknown fields under fieldValidation=Strict', async () => {
    const created = await custom.createNamespacedCustomObject({
      ...placements,
      body: placement('pruned', {
        surprise: true,
        prioritizerPolicy: {
          configurations: [{ scoreCoordinate: { builtIn: 'Steady' } }],
        },
      }),
    });
    expect(created.spec.surprise).toBeUndefined();
    expect(created.spec.prioritizerPolicy).toEqual({
      mode: 'Additive',
      configurations: [
        { scoreCoordinate: { builtIn: 'Steady', type: 'BuiltIn' }, weight: 1 },
      ],
    });

    const strict = await failure(
      custom.createNamespacedCustomObject({
        ...placements,
        body: placement('strict', { surprise: true }),
        fieldValidation: 'Strict',
      }),
    );
    expect(strict).toMatchObject({
      code: 400,
      body: { message: 'strict decoding error: unknown field "spec.surprise"' },
    });
  });

  it('performs dry runs without storing anything', async () => {
    const dry = await custom.createNamespacedCustomObject({
      ...placements,
      body: placement('dry'),
      dryRun: 'All',
    });
    expect(dry.metadata.name).toBe('dry');
    expect(
      (
        await failure(
          custom.getNamespacedCustomObject({ ...placements, name: 'dry' }),
        )
      ).code,
    ).toBe(404);
  });

  it('filters lists by label and field selectors, and pages with limit and continue', async () => {
    for (let i = 0; i < 5; i++) {
      await core.createNamespacedConfigMap({
        namespace: NS,
        body: {
          metadata: {
            name: `page-${i}`,
            labels: { batch: i % 2 ? 'odd' : 'even' },
          },
        },
      });
    }
    const odd = await core.listNamespacedConfigMap({
      namespace: NS,
      labelSelector: 'batch=odd',
    });
    expect(odd.items.map(i => i.metadata?.name)).toEqual(['page-1', 'page-3']);
    const notOdd = await core.listNamespacedConfigMap({
      namespace: NS,
      labelSelector: 'batch,batch notin (odd)',
    });
    expect(notOdd.items.map(i => i.metadata?.name)).toEqual([
      'page-0',
      'page-2',
      'page-4',
    ]);
    const byName = await core.listNamespacedConfigMap({
      namespace: NS,
      fieldSelector: 'metadata.name=page-2',
    });
    expect(byName.items.map(i => i.metadata?.name)).toEqual(['page-2']);

    const first = await core.listNamespacedConfigMap({
      namespace: NS,
      labelSelector: 'batch',
      limit: 2,
    });
    expect(first.items.map(i => i.metadata?.name)).toEqual([
      'page-0',
      'page-1',
    ]);
    const second = await core.listNamespacedConfigMap({
      namespace: NS,
      labelSelector: 'batch',
      limit: 2,
      _continue: first.metadata?._continue,
    });
    const third = await core.listNamespacedConfigMap({
      namespace: NS,
      labelSelector: 'batch',
      limit: 2,
      _continue: second.metadata?._continue,
    });
    expect(
      [...second.items, ...third.items].map(i => i.metadata?.name),
    ).toEqual(['page-2', 'page-3', 'page-4']);
    expect(third.metadata?._continue).toBeUndefined();

    const badSelector = await failure(
      core.listNamespacedConfigMap({
        namespace: NS,
        fieldSelector: 'spec.x=1',
      }),
    );
    expect(badSelector).toMatchObject({
      code: 400,
      body: {
        message: expect.stringMatching(/field label not supported: spec\.x/),
      },
    });
  });

  it('applies merge and JSON patches', async () => {
    await custom.createNamespacedCustomObject({
      ...placements,
      body: placement('patched', { numberOfClusters: 1 }),
    });
    const merged = await custom.patchNamespacedCustomObject(
      {
        ...placements,
        name: 'patched',
        body: {
          metadata: { labels: { team: 'ml' } },
          spec: { numberOfClusters: 4 },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.spec.numberOfClusters).toBe(4);
    const jsonPatched = await custom.patchNamespacedCustomObject(
      {
        ...placements,
        name: 'patched',
        body: [
          { op: 'replace', path: '/spec/numberOfClusters', value: 5 },
          { op: 'remove', path: '/metadata/labels/team' },
        ],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(jsonPatched.spec.numberOfClusters).toBe(5);
    expect(jsonPatched.metadata.labels?.team).toBeUndefined();
    const badTest = await failure(
      custom.patchNamespacedCustomObject(
        {
          ...placements,
          name: 'patched',
          body: [{ op: 'test', path: '/spec/numberOfClusters', value: 99 }],
        },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      ),
    );
    expect(badTest.code).toBe(422);
  });

  it('server-side applies with field managers, conflicts and force', async () => {
    const apply = (
      manager: string,
      spec: Record<string, unknown>,
      force = false,
    ) =>
      custom.patchNamespacedCustomObject(
        {
          ...placements,
          name: 'ssa',
          body: placement('ssa', spec),
          fieldManager: manager,
          force,
        },
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
      );
    const created = await apply('backstage-ocm-fl', {
      numberOfClusters: 2,
      clusterSets: ['hospitals'],
    });
    expect(created.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'backstage-ocm-fl',
        operation: 'Apply',
        fieldsV1: {
          'f:spec': { 'f:clusterSets': {}, 'f:numberOfClusters': {} },
        },
      }),
    ]);
    // Re-applying the same object changes nothing.
    const before = await custom.getNamespacedCustomObject({
      ...placements,
      name: 'ssa',
    });
    expect(
      (
        await apply('backstage-ocm-fl', {
          numberOfClusters: 2,
          clusterSets: ['hospitals'],
        })
      ).metadata.resourceVersion,
    ).toBe(before.metadata.resourceVersion);

    const conflict = await failure(
      apply('someone-else', { numberOfClusters: 3 }),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.body.message).toBe(
      'Apply failed with 1 conflict: conflict with "backstage-ocm-fl": .spec.numberOfClusters',
    );

    // The same value is shared ownership, not a conflict.
    await apply('someone-else', { numberOfClusters: 2 });
    const forced = await apply('someone-else', { numberOfClusters: 3 }, true);
    expect(forced.spec.numberOfClusters).toBe(3);
    const owners = Object.fromEntries(
      forced.metadata.managedFields.map((m: any) => [m.manager, m.fieldsV1]),
    );
    expect(owners['backstage-ocm-fl']).toEqual({
      'f:spec': { 'f:clusterSets': {} },
    });

    // A manager that stops applying a field it alone owns removes it.
    const shrunk = await apply('backstage-ocm-fl', {});
    expect(shrunk.spec.clusterSets).toBeUndefined();
    expect(shrunk.spec.numberOfClusters).toBe(3);

    const noManager = await failure(
      custom.patchNamespacedCustomObject(
        { ...placements, name: 'ssa', body: placement('ssa') },
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
      ),
    );
    expect(noManager.code).toBe(400);
  });

  it('keeps status and spec apart through the status subresource', async () => {
    await custom.createNamespacedCustomObject({
      ...placements,
      body: {
        ...placement('sub', { numberOfClusters: 1 }),
        status: { numberOfSelectedClusters: 9 },
      },
    });
    const settled = await eventually(async () => {
      const p = await custom.getNamespacedCustomObject({
        ...placements,
        name: 'sub',
      });
      return p.status?.numberOfSelectedClusters === 1 ? p : undefined;
    });
    const ignored = await custom.replaceNamespacedCustomObject({
      ...placements,
      name: 'sub',
      body: { ...settled, status: { numberOfSelectedClusters: 42 } },
    });
    expect(ignored.status.numberOfSelectedClusters).toBe(1);
    const viaStatus = await custom.replaceNamespacedCustomObjectStatus({
      ...placements,
      name: 'sub',
      body: {
        ...ignored,
        spec: { numberOfClusters: 7 },
        status: { ...ignored.status, numberOfSelectedClusters: 42 },
      },
    });
    expect(viaStatus.spec.numberOfClusters).toBe(1);
    expect(viaStatus.status.numberOfSelectedClusters).toBe(42);
  });

  it('holds deletion for finalizers and collects dependents in the foreground', async () => {
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } },
    });
    await core.deleteNamespacedConfigMap({ name: 'held', namespace: NS });
    const held = await core.readNamespacedConfigMap({
      name: 'held',
      namespace: NS,
    });
    expect(held.metadata?.deletionTimestamp).toBeDefined();
    await core.replaceNamespacedConfigMap({
      name: 'held',
      namespace: NS,
      body: { ...held, metadata: { ...held.metadata, finalizers: [] } },
    });
    expect(
      (
        await failure(
          core.readNamespacedConfigMap({ name: 'held', namespace: NS }),
        )
      ).code,
    ).toBe(404);

    await custom.createNamespacedCustomObject({
      ...placements,
      body: placement('owner', { clusterSets: ['regional'] }),
    });
    await eventually(async () => {
      const list = await custom.listNamespacedCustomObject({
        group: GROUP,
        version: 'v1beta1',
        namespace: NS,
        plural: 'placementdecisions',
        labelSelector: `${GROUP}/placement=owner`,
      });
      return list.items.length === 1 ? true : undefined;
    });
    await custom.deleteNamespacedCustomObject({
      ...placements,
      name: 'owner',
      propagationPolicy: 'Foreground',
    });
    await eventually(async () => {
      const list = await custom.listNamespacedCustomObject({
        group: GROUP,
        version: 'v1beta1',
        namespace: NS,
        plural: 'placementdecisions',
        labelSelector: `${GROUP}/placement=owner`,
      });
      const owner = await custom
        .getNamespacedCustomObject({ ...placements, name: 'owner' })
        .catch(() => undefined);
      return list.items.length === 0 && !owner ? true : undefined;
    });
  });

  it('stores the stringData of a Secret as base64 data, as the API server does', async () => {
    const made = await core.createNamespacedSecret({
      namespace: NS,
      body: { metadata: { name: 'plain' }, stringData: { token: 'abc' } },
    });
    expect(made.data).toEqual({ token: Buffer.from('abc').toString('base64') });
    expect(made.stringData).toBeUndefined();
  });

  it('deletes a namespace with its contents', async () => {
    await core.createNamespace({ body: { metadata: { name: 'scratch' } } });
    await core.createNamespacedSecret({
      namespace: 'scratch',
      body: { metadata: { name: 's' }, stringData: { k: 'v' } },
    });
    await core.deleteNamespace({ name: 'scratch' });
    await eventually(async () =>
      (await failure(core.readNamespace({ name: 'scratch' }))).code === 404
        ? true
        : undefined,
    );
    expect(sim.service.store.list('/secrets', 'scratch')).toEqual([]);
  });

  it('answers injected faults with 500 or 429 Status bodies', async () => {
    sim.faults.errorRate = 1;
    try {
      const result = await failure(core.listNamespace());
      expect([500, 429]).toContain(result.code);
      expect(result.body.kind).toBe('Status');
    } finally {
      sim.faults.errorRate = 0;
    }
  });
});
