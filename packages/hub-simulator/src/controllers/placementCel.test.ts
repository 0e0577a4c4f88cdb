import { CustomObjectsApi } from '@kubernetes/client-node';
import { HubSimulator } from '../startHubSimulator';
import { hubObjects } from '../testing/hubObjects';
import { eventually, startTestHub } from '../testing/startTestHub';

describe('placement controller: CEL cluster selectors', () => {
  let sim: HubSimulator;
  let custom: CustomObjectsApi;
  const { createPlacement, getPlacement, decisionsOf } = hubObjects(
    () => custom,
  );

  beforeEach(async () => {
    const started = await startTestHub();
    sim = started.sim;
    custom = started.kubeConfig.makeApiClient(CustomObjectsApi);
  });
  afterEach(() => sim.close());

  const celPlacement = (name: string, expression: string) =>
    createPlacement(name, {
      clusterSets: ['hospitals', 'gpu-pool'],
      predicates: [
        {
          requiredClusterSelector: {
            celSelector: { celExpressions: [expression] },
          },
        },
      ],
    });
  const conditionOf = async (placement: string, type: string) =>
    (await getPlacement(placement)).status?.conditions?.find(
      (c: any) => c.type === type,
    );

  it('selects with the Kubernetes quantity library', async () => {
    await celPlacement(
      'big-memory',
      'quantity(managedCluster.status.allocatable.memory).isGreaterThan(quantity("100Gi"))',
    );
    await eventually(async () =>
      (await decisionsOf('big-memory')).length > 0 ? true : undefined,
    );
    expect(await decisionsOf('big-memory')).toEqual([
      'gpu-pool-1',
      'gpu-pool-2',
    ]);
    expect(
      await conditionOf('big-memory', 'PlacementMisconfigured'),
    ).toMatchObject({ status: 'False', reason: 'Succeedconfigured' });
  });

  it('is PlacementMisconfigured with the compile error, and decides nothing', async () => {
    await celPlacement('broken', 'managedCluster.gpus() > 1');
    const misconfigured = await eventually(async () => {
      const c = await conditionOf('broken', 'PlacementMisconfigured');
      return c?.status === 'True' ? c : undefined;
    });
    expect(misconfigured).toMatchObject({
      reason: 'Misconfigured',
      message:
        "Predicate:compilation failed: ERROR: <input>:1:1: found no matching overload for 'map.gpus()'\n | managedCluster.gpus() > 1\n | ^",
    });
    expect(await conditionOf('broken', 'PlacementSatisfied')).toMatchObject({
      status: 'False',
      reason: 'NoManagedClusterMatched',
    });
    expect(await decisionsOf('broken')).toEqual([]);
    expect((await getPlacement('broken')).status.numberOfSelectedClusters).toBe(
      0,
    );
  });
});
