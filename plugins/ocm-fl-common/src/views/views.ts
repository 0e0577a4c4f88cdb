import { ocmFlAnnotations, ocmFlLabels } from '../labels';
import { CLUSTER_SET_LABEL } from '../placement/schedulePlacement';
import { ManagedCluster, Placement } from '../placement/types';
import {
  DerivedJobStatus,
  deriveJobStatus,
  WorkObject,
} from '../status/deriveJobStatus';

/** A managed cluster as the portal shows it. @public */
export interface ClusterView {
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
}

/** A job in lists. @public */
export interface JobSummary {
  hub: string;
  name: string;
  framework?: string;
  rounds?: number;
  minClients?: number;
  phase: DerivedJobStatus['phase'];
  reason: string;
  aggregatorCluster?: string;
  clients: string[];
  createdBy?: string;
  createdAt?: string;
  /**
   * Which launch made the job's objects (the run label on each of them): one run, one
   * lineage record, whatever order the objects are listed in.
   */
  runId?: string;
  /** The job's objects are gone from the hub; what is shown comes from the lineage store. */
  archived?: boolean;
  /**
   * When a person deleted the job (ISO 8601). Deleted jobs leave the lists; their record is
   * still shown on its own page, for the lineage of their model.
   */
  deletedAt?: string;
  /** The latest round its model location shows (S3 only), when known. */
  progress?: { round: number; of?: number };
}

/** One job in full. @public */
export interface JobDetail extends JobSummary {
  spec?: Record<string, unknown>;
  clusters: DerivedJobStatus['clusters'];
  /** Clusters of the job that stopped being managed clusters while it existed. */
  vanishedClusters?: string[];
}

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

/** A job's summary and detail from its hub objects; the spec comes from its annotation. @public */
export function jobDetail(options: {
  hub: string;
  name: string;
  placement?: Placement & {
    metadata: {
      annotations?: Record<string, string>;
      creationTimestamp?: string;
    };
  };
  works: WorkObject[];
  clusters: readonly ManagedCluster[] | ReadonlyMap<string, ManagedCluster>;
}): JobDetail {
  type HubObjectMeta = {
    metadata: {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
      creationTimestamp?: string;
    };
  };
  // The Placement is made first and carries the spec; works stand in while it is missing, the
  // oldest first, so that a job's times and run do not depend on the order of a list.
  const objects = [
    ...(options.placement ? [options.placement as HubObjectMeta] : []),
    ...(options.works as HubObjectMeta[])
      .slice()
      .sort((a, b) =>
        (a.metadata.creationTimestamp ?? '').localeCompare(
          b.metadata.creationTimestamp ?? '',
        ),
      ),
  ];
  const annotated = objects[0];
  let spec: Record<string, any> | undefined;
  try {
    spec =
      JSON.parse(
        annotated?.metadata.annotations?.[ocmFlAnnotations.spec] ?? 'null',
      ) ?? undefined;
  } catch {
    spec = undefined;
  }
  const status = deriveJobStatus({
    job: options.name,
    minClients: spec?.minClients ?? 1,
    placement: options.placement as any,
    decisions: [],
    works: options.works,
    clusters: options.clusters,
    stopped:
      !!options.placement?.metadata.annotations?.[ocmFlAnnotations.stoppedAt],
  });
  return {
    hub: options.hub,
    name: options.name,
    framework: spec?.framework,
    rounds: spec?.rounds,
    minClients: spec?.minClients,
    phase: status.phase,
    reason: status.reason,
    aggregatorCluster: spec?.aggregator?.cluster,
    clients: status.clusters
      .filter(c => c.role === 'client')
      .map(c => c.cluster),
    createdBy: annotated?.metadata.annotations?.[ocmFlAnnotations.createdBy],
    createdAt: annotated?.metadata.creationTimestamp,
    runId: objects.find(o => o.metadata.labels?.[ocmFlLabels.run])?.metadata
      .labels?.[ocmFlLabels.run],
    spec,
    clusters: status.clusters,
  };
}
