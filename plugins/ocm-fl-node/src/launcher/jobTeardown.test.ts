import { eventually } from '@ocm-fl/hub-simulator/testing';
import {
  flowerSpec,
  NS,
  useLauncherTestHub,
} from './__testUtils__/launcherTestHub';

describe('stopping and deleting a job', () => {
  const hub = useLauncherTestHub();

  it('stops a job (works go, the PVC model with its namespace and the Placement stay) and deletes it', async () => {
    await hub.launcher.launch(flowerSpec({ storage: { type: 'pvc' } }), {
      runId: 'run-7',
    });
    expect(await hub.launcher.keptModel('mnist')).toBe(
      'pvc://gpu-pool-1/fl-mnist/mnist-model-run-7',
    );
    expect(await hub.launcher.stop('mnist')).toHaveLength(3);
    await eventually(async () =>
      (await hub.worksOf('mnist')).length === 0 ? true : undefined,
    );
    expect(
      [...hub.sim.clusters.get('gpu-pool-1')!.resources.keys()].sort(),
    ).toEqual([
      '/namespaces//fl-mnist',
      '/persistentvolumeclaims/fl-mnist/mnist-model-run-7',
    ]);
    expect(await hub.launcher.keptModel('mnist')).toBeUndefined();
    const placement = await hub.custom.getNamespacedCustomObject({
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
    await hub.launcher.delete('mnist');
    await eventually(async () =>
      (await hub.placementExists('mnist')) ? undefined : true,
    );
  });
});
