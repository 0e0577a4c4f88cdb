import {
  JobSpec,
  ManagedCluster,
  ModelStorageLocation,
  parseDataLocation,
  Participant,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { isAvailable, refuseOldClusters } from './clusterChecks';
import { CLUSTER_API } from './hubApiVersions';
import { LaunchContext } from './launchContext';
import { LaunchError } from './LaunchError';
import { LaunchOptions } from './launchOptions';
import { placedClusters } from './placementDecisions';

/**
 * The job's client clusters, placed by OCM or listed by the spec, each with where its data
 * is: at least `minClients` available clusters other than the aggregator, recent enough
 * for the job's pods.
 */
export async function participants(
  context: Pick<LaunchContext, 'hub' | 'kubeConfig' | 'namespace' | 'waits'>,
  spec: JobSpec,
  storageLocation: ModelStorageLocation | undefined,
  options: LaunchOptions,
): Promise<Participant[]> {
  let clusters: ManagedCluster[];
  if ('placement' in spec.clients) {
    clusters = await placedClusters(context, spec, options);
  } else {
    clusters = [];
    for (const name of spec.clients.clusters) {
      const cluster = await context.hub.get(
        CLUSTER_API,
        'ManagedCluster',
        name,
      );
      if (!cluster)
        throw new LaunchError(
          'unsatisfiable',
          `clients.clusters: ManagedCluster ${name} does not exist on the hub`,
        );
      if (!isAvailable(cluster))
        throw new LaunchError(
          'unsatisfiable',
          `clients.clusters: ${name} is not available`,
        );
      clusters.push(cluster as unknown as ManagedCluster);
    }
  }
  const clients = clusters.filter(
    c => c.metadata.name !== spec.aggregator.cluster,
  );
  if (clients.length < spec.minClients) {
    throw new LaunchError(
      'unsatisfiable',
      `${clients.length} of ${spec.minClients} required client clusters${
        clients.length < clusters.length
          ? ' (the aggregator cluster is not a client)'
          : ''
      }: ${clients.map(c => c.metadata.name).join(', ') || 'none'}`,
    );
  }
  const result = clients.map(cluster => ({
    cluster: cluster.metadata.name,
    data: dataOf(spec, cluster),
  }));
  refuseOldClusters(
    { spec, namespace: context.namespace, storageLocation },
    clients,
    result,
  );
  return result;
}

/** Where a participant's data is: the claim's value is a host path ("/...") or a PVC name. */
export function dataOf(
  spec: JobSpec,
  cluster: ManagedCluster,
): Participant['data'] {
  const data = spec.data;
  if (data.type === 'hostPath') return { hostPath: data.path };
  if (data.type === 'pvc') return { claimName: data.claimName };
  const value = cluster.status?.clusterClaims?.find(
    c => c.name === data.claim,
  )?.value;
  if (!value) {
    throw new LaunchError(
      'unsatisfiable',
      `data.claim: cluster ${cluster.metadata.name} has no ClusterClaim ${data.claim} naming its data`,
    );
  }
  const location = parseDataLocation(value);
  if (!location.success) {
    throw new LaunchError(
      'unsatisfiable',
      `data.claim: the ClusterClaim ${data.claim} of cluster ${cluster.metadata.name} must be a host path or PVC name: ${location.message}`,
    );
  }
  return location.data;
}
