import {
  aggregatorServicePort,
  JobSpec,
  ManagedCluster,
  ModelStorageLocation,
  Participant,
  renderJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { kubernetesVersionProblem } from './clusterVersion';
import { HubObject } from './HubObjects';
import { PENDING_HOST } from './launchContext';
import { LaunchError } from './LaunchError';

/** Whether a ManagedCluster's agent reports it available. */
export function isAvailable(cluster: HubObject | ManagedCluster): boolean {
  return (
    (cluster as any).status?.conditions?.some(
      (c: any) =>
        c.type === 'ManagedClusterConditionAvailable' && c.status === 'True',
    ) ?? false
  );
}

/**
 * Refuses a cluster whose Kubernetes is too old for the pods its work would run (native
 * sidecars need 1.29), from the works rendered with a stand-in address and without TLS,
 * which change nothing in the pods' structure.
 */
export function refuseOldClusters(
  job: {
    spec: JobSpec;
    namespace: string;
    storageLocation: ModelStorageLocation | undefined;
  },
  clusters: Array<HubObject | ManagedCluster>,
  participants: Participant[],
) {
  const { spec } = job;
  const rendered = renderJob({
    spec: { ...spec, tls: { ...spec.tls, enabled: false } },
    namespace: job.namespace,
    participants,
    aggregatorAddress: {
      host: PENDING_HOST,
      port: aggregatorServicePort(spec),
    },
    storageLocation: job.storageLocation,
  });
  for (const cluster of clusters) {
    const name = cluster.metadata!.name!;
    const role = name === spec.aggregator.cluster ? 'aggregator' : 'client';
    const work =
      role === 'aggregator'
        ? rendered.aggregatorWork
        : rendered.clientWorks.find(w => w.metadata.namespace === name);
    const problem =
      work &&
      kubernetesVersionProblem(
        {
          name,
          kubernetesVersion: (cluster as ManagedCluster).status?.version
            ?.kubernetes,
        },
        work,
      );
    if (problem)
      throw new LaunchError(
        'unsatisfiable',
        role === 'aggregator'
          ? `aggregator.cluster: ${problem}; choose an aggregator cluster that runs it`
          : `clients: ${problem}; keep that cluster out of the job`,
      );
  }
}
