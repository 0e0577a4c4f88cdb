import { KubeConfig } from '@kubernetes/client-node';
import {
  AddOnPlacementScore,
  ManagedCluster,
  ManagedClusterSet,
  ManagedClusterSetBinding,
  Placement,
  PlacementDecision,
  placementSpecFor,
  PlacementSelection,
  schedulePlacement,
  SchedulingResult,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { HubObjects } from './HubObjects';

const CLUSTER = 'cluster.open-cluster-management.io';

/**
 * Which clusters a placement would select, and why each other cluster is out, computed
 * with OCM's scheduling rules from the hub's current objects, without creating anything.
 *
 * @public
 */
export async function previewPlacement(options: {
  kubeConfig: KubeConfig;
  namespace: string;
  selection: PlacementSelection;
  /** A placement name, so that its own existing decisions count as OCM's Steady does. */
  name?: string;
}): Promise<SchedulingResult> {
  const hub = new HubObjects(options.kubeConfig);
  const [clusters, clusterSets, bindings, decisions, scores] =
    await Promise.all([
      hub.list(`${CLUSTER}/v1`, 'ManagedCluster'),
      hub.list(`${CLUSTER}/v1beta2`, 'ManagedClusterSet'),
      hub.list(`${CLUSTER}/v1beta2`, 'ManagedClusterSetBinding', {
        namespace: options.namespace,
      }),
      hub.list(`${CLUSTER}/v1beta1`, 'PlacementDecision'),
      hub.list(`${CLUSTER}/v1alpha1`, 'AddOnPlacementScore'),
    ]);
  const placement: Placement = {
    metadata: { name: options.name ?? 'preview', namespace: options.namespace },
    spec: placementSpecFor(options.selection),
  };
  return schedulePlacement({
    placement,
    clusters: clusters as unknown as ManagedCluster[],
    clusterSets: clusterSets as unknown as ManagedClusterSet[],
    bindings: bindings as unknown as ManagedClusterSetBinding[],
    decisions: decisions as unknown as PlacementDecision[],
    scores: scores as unknown as AddOnPlacementScore[],
    now: new Date(),
  });
}
