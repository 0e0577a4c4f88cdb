import { CLUSTER_SET_LABEL } from '../placement/schedulePlacement';
import { ManagedCluster } from '../placement/types';

// Types, not interfaces, for what the REST API answers: the backend's router checks answers
// against openapi.yaml, whose open objects need the index signature only type aliases have.
/** A managed cluster as the portal shows it. @public */
export type ClusterView = {
  hub: string;
  name: string;
  available: boolean;
  /** The cluster sets it belongs to by the exclusive set label. */
  clusterSet?: string;
  labels: Record<string, string>;
  claims: Record<string, string>;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  kubernetesVersion?: string;
  taints: Array<{ key: string; value?: string; effect: string }>;
  /** Names of the jobs with a workload on this cluster. */
  jobs: string[];
};

const strings = (record: Record<string, unknown> | undefined) =>
  Object.fromEntries(
    Object.entries(record ?? {}).map(([k, v]) => [k, String(v)]),
  );

/** @public */
export function clusterView(
  hub: string,
  cluster: ManagedCluster,
  jobs: string[],
): ClusterView {
  return {
    hub,
    name: cluster.metadata.name,
    available:
      cluster.status?.conditions?.some(
        c =>
          c.type === 'ManagedClusterConditionAvailable' && c.status === 'True',
      ) ?? false,
    clusterSet: cluster.metadata.labels?.[CLUSTER_SET_LABEL],
    labels: cluster.metadata.labels ?? {},
    claims: Object.fromEntries(
      (cluster.status?.clusterClaims ?? []).map(c => [c.name, c.value]),
    ),
    capacity: strings(cluster.status?.capacity),
    allocatable: strings(cluster.status?.allocatable),
    kubernetesVersion: cluster.status?.version?.kubernetes,
    taints: (cluster.spec?.taints ?? []).map(t => ({
      key: t.key,
      value: t.value,
      effect: t.effect,
    })),
    jobs,
  };
}
