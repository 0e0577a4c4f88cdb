import { CustomObjectsApi } from '@kubernetes/client-node';
import { HubSimulator } from '../startHubSimulator';
import { hubObjects } from '../testing/hubObjects';
import { eventually, rawRequest, startTestHub } from '../testing/startTestHub';

const CLUSTER = 'cluster.open-cluster-management.io';
const WORK = 'work.open-cluster-management.io';

describe('cluster health fault knob', () => {
  let sim: HubSimulator;
  let custom: CustomObjectsApi;
  const { createPlacement, decisionsOf, getCluster } = hubObjects(() => custom);

  beforeEach(async () => {
    const started = await startTestHub();
    sim = started.sim;
    custom = started.kubeConfig.makeApiClient(CustomObjectsApi);
  });
  afterEach(() => sim.close());

  const setHealth = (cluster: string, body: unknown) =>
    rawRequest(sim, `/simulator/clusters/${cluster}/availability`, {
      method: 'POST',
      body,
    });
  const availableCondition = async (cluster: string) =>
    (await getCluster(cluster)).status.conditions.find(
      (c: any) => c.type === 'ManagedClusterConditionAvailable',
    );

  it('makes a cluster unavailable: Available=False, the unavailable taint, left out unless tolerated', async () => {
    await createPlacement('plain', { clusterSets: ['regional'] });
    await createPlacement('tolerates-unavailable', {
      clusterSets: ['regional'],
      tolerations: [{ key: `${CLUSTER}/unavailable`, operator: 'Exists' }],
    });
    await createPlacement('tolerates-unreachable', {
      clusterSets: ['regional'],
      tolerations: [{ key: `${CLUSTER}/unreachable`, operator: 'Exists' }],
    });
    for (const p of ['plain', 'tolerates-unavailable', 'tolerates-unreachable'])
      await eventually(async () =>
        (await decisionsOf(p)).length === 2 ? true : undefined,
      );

    const down = await setHealth('edge-virginia', { health: 'unavailable' });
    expect(down).toMatchObject({
      status: 200,
      body: {
        cluster: 'edge-virginia',
        health: 'unavailable',
        available: false,
      },
    });
    await eventually(async () =>
      (await decisionsOf('plain')).join() === 'edge-frankfurt' &&
      (await decisionsOf('tolerates-unreachable')).join() === 'edge-frankfurt'
        ? true
        : undefined,
    );
    expect(await decisionsOf('tolerates-unavailable')).toEqual([
      'edge-frankfurt',
      'edge-virginia',
    ]);
    expect(await availableCondition('edge-virginia')).toMatchObject({
      status: 'False',
      reason: 'ManagedClusterKubeAPIServerUnavailable',
      message: expect.stringMatching(
        /^The kube-apiserver is not ok, status code: 500/,
      ),
    });
    expect((await getCluster('edge-virginia')).spec.taints).toEqual([
      expect.objectContaining({
        key: `${CLUSTER}/unavailable`,
        effect: 'NoSelect',
      }),
    ]);

    // From unavailable to unreachable the taint changes, and so do the placements.
    await setHealth('edge-virginia', { health: 'unreachable' });
    await eventually(async () =>
      (await decisionsOf('tolerates-unreachable')).length === 2 &&
      (await decisionsOf('tolerates-unavailable')).length === 1
        ? true
        : undefined,
    );
    expect(await availableCondition('edge-virginia')).toMatchObject({
      status: 'Unknown',
      reason: 'ManagedClusterLeaseUpdateStopped',
    });

    await setHealth('edge-virginia', { health: 'available' });
    await eventually(async () =>
      (await decisionsOf('plain')).length === 2 ? true : undefined,
    );
    expect((await getCluster('edge-virginia')).spec.taints ?? []).toEqual([]);
    const status = await rawRequest(sim, '/simulator/status');
    expect(status.body.clusters).toContainEqual(
      expect.objectContaining({ name: 'edge-virginia', health: 'available' }),
    );
  });

  it('keeps the work agent of an unavailable cluster syncing: every apply fails, nothing is deleted', async () => {
    const getWork = () =>
      custom.getNamespacedCustomObject({
        group: WORK,
        version: 'v1',
        namespace: 'hospital-madrid',
        plural: 'manifestworks',
        name: 'settings',
      });
    const applied = async () =>
      (await getWork()).status?.conditions?.find(
        (c: any) => c.type === 'Applied',
      );
    await custom.createNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: 'hospital-madrid',
      plural: 'manifestworks',
      body: {
        apiVersion: `${WORK}/v1`,
        kind: 'ManifestWork',
        metadata: { name: 'settings' },
        spec: {
          workload: {
            manifests: [
              {
                apiVersion: 'v1',
                kind: 'ConfigMap',
                metadata: { name: 'settings', namespace: 'default' },
                data: { a: '1' },
              },
            ],
          },
        },
      },
    });
    await eventually(async () =>
      (await applied())?.status === 'True' ? true : undefined,
    );

    sim.setClusterHealth('hospital-madrid', 'unavailable');
    const failed = await eventually(async () => {
      const condition = await applied();
      return condition?.status === 'False' ? condition : undefined;
    });
    expect(failed).toMatchObject({
      reason: 'AppliedManifestWorkFailed',
      message: expect.stringContaining(
        'the server is currently unable to handle the request',
      ),
    });

    await custom.deleteNamespacedCustomObject({
      group: WORK,
      version: 'v1',
      namespace: 'hospital-madrid',
      plural: 'manifestworks',
      name: 'settings',
    });
    await new Promise(resolve => setTimeout(resolve, 300));
    expect((await getWork()).metadata.deletionTimestamp).toBeDefined();

    sim.setClusterHealth('hospital-madrid', 'available');
    await eventually(async () => {
      try {
        await getWork();
        return undefined;
      } catch (error) {
        return (error as { code?: number }).code === 404 ? true : undefined;
      }
    });
  });

  it('refuses a health it does not know, naming the field', async () => {
    const refused = await setHealth('edge-virginia', { health: 'flaky' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe(
      'body.health: must be one of "available", "unavailable", "unreachable"',
    );
  });
});
