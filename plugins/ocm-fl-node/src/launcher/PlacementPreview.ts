import { KubeConfig } from '@kubernetes/client-node';
import {
  AddOnPlacementScore,
  ManagedCluster,
  ManagedClusterSet,
  ManagedClusterSetBinding,
  PlacementDecision,
  placementSpecFor,
  PlacementSelection,
  schedulePlacement,
  SchedulingInput,
  SchedulingResult,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { HubObjects } from './HubObjects';

const CLUSTER = 'cluster.open-cluster-management.io';

/**
 * Everything on a hub that scheduling a placement reads, besides the placement: from the
 * hub's cache (`HubCache.placementSnapshot`) or listed from the hub (`listPlacementSnapshot`).
 *
 * @public
 */
export type PlacementSnapshot = Omit<SchedulingInput, 'placement' | 'now'>;

/**
 * Which clusters a placement would select on a hub in the state of `snapshot`, and why each
 * other cluster is out, by OCM's scheduling rules, without creating anything.
 *
 * @public
 */
export function previewPlacementOn(
  snapshot: PlacementSnapshot,
  options: {
    namespace: string;
    selection: PlacementSelection;
    /** A placement name, so that its own existing decisions count as OCM's Steady does. */
    name?: string;
  },
): SchedulingResult {
  return schedulePlacement({
    ...snapshot,
    placement: {
      metadata: {
        name: options.name ?? 'preview',
        namespace: options.namespace,
      },
      spec: placementSpecFor(options.selection),
    },
    now: new Date(),
  });
}

/** The snapshot read from the hub itself, for callers without a cache (the launcher, the CLI). */
export async function listPlacementSnapshot(
  kubeConfig: KubeConfig,
  namespace: string,
): Promise<PlacementSnapshot> {
  const hub = new HubObjects(kubeConfig);
  const [clusters, clusterSets, bindings, decisions, scores] =
    await Promise.all([
      hub.list(`${CLUSTER}/v1`, 'ManagedCluster'),
      hub.list(`${CLUSTER}/v1beta2`, 'ManagedClusterSet'),
      hub.list(`${CLUSTER}/v1beta2`, 'ManagedClusterSetBinding', {
        namespace,
      }),
      hub.list(`${CLUSTER}/v1beta1`, 'PlacementDecision'),
      hub.list(`${CLUSTER}/v1alpha1`, 'AddOnPlacementScore'),
    ]);
  return {
    clusters: clusters as unknown as ManagedCluster[],
    clusterSets: clusterSets as unknown as ManagedClusterSet[],
    bindings: bindings as unknown as ManagedClusterSetBinding[],
    decisions: decisions as unknown as PlacementDecision[],
    scores: scores as unknown as AddOnPlacementScore[],
  };
}

/**
 * `previewPlacementOn` the hub's current objects, listed from the hub.
 *
 * @public
 */
export async function previewPlacement(options: {
  kubeConfig: KubeConfig;
  namespace: string;
  selection: PlacementSelection;
  name?: string;
}): Promise<SchedulingResult> {
  return previewPlacementOn(
    await listPlacementSnapshot(options.kubeConfig, options.namespace),
    options,
  );
}
