import { CustomObjectsApi } from '@kubernetes/client-node';
import { JOB_NAMESPACE } from '../scenarios/scenarios';

const CLUSTER = 'cluster.open-cluster-management.io';

/**
 * Reads and writes of the OCM objects that the simulator's controller tests look at, through
 * the client `api()` returns when called (tests make theirs in `beforeEach`).
 */
export function hubObjects(api: () => CustomObjectsApi) {
  return {
    createPlacement: (name: string, spec: Record<string, unknown>) =>
      api().createNamespacedCustomObject({
        group: CLUSTER,
        version: 'v1beta1',
        namespace: JOB_NAMESPACE,
        plural: 'placements',
        body: {
          apiVersion: `${CLUSTER}/v1beta1`,
          kind: 'Placement',
          metadata: { name },
          spec,
        },
      }),
    getPlacement: (name: string) =>
      api().getNamespacedCustomObject({
        group: CLUSTER,
        version: 'v1beta1',
        namespace: JOB_NAMESPACE,
        plural: 'placements',
        name,
      }),
    /** The clusters a placement's PlacementDecisions name, sorted. */
    decisionsOf: async (placement: string): Promise<string[]> => {
      const list = await api().listNamespacedCustomObject({
        group: CLUSTER,
        version: 'v1beta1',
        namespace: JOB_NAMESPACE,
        plural: 'placementdecisions',
        labelSelector: `${CLUSTER}/placement=${placement}`,
      });
      return list.items
        .flatMap((d: any) =>
          (d.status?.decisions ?? []).map((x: any) => x.clusterName),
        )
        .sort();
    },
    getCluster: (name: string) =>
      api().getClusterCustomObject({
        group: CLUSTER,
        version: 'v1',
        plural: 'managedclusters',
        name,
      }),
  };
}
