import { KubeConfig } from '@kubernetes/client-node';
import {
  deriveJobStatus,
  ManagedCluster,
  ocmFlAnnotations,
  ocmFlLabels,
  PLACEMENT_LABEL,
  PlacementDecision,
  WorkObject,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { HubObjects } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { CliError } from '../errors';

/** `ocm-fl status <job>`: the job's phase with its reason, and each cluster's state. */
export async function statusCommand(
  kubeConfig: KubeConfig,
  namespace: string,
  job: string,
): Promise<string> {
  const hub = new HubObjects(kubeConfig);
  const [placement, decisions, works, clusters] = await Promise.all([
    hub.get(
      'cluster.open-cluster-management.io/v1beta1',
      'Placement',
      job,
      namespace,
    ),
    hub.list(
      'cluster.open-cluster-management.io/v1beta1',
      'PlacementDecision',
      { namespace, labelSelector: `${PLACEMENT_LABEL}=${job}` },
    ),
    hub.list('work.open-cluster-management.io/v1', 'ManifestWork', {
      labelSelector: `${ocmFlLabels.job}=${job}`,
    }),
    hub.list('cluster.open-cluster-management.io/v1', 'ManagedCluster'),
  ]);
  const annotated = placement ?? works[0];
  if (!annotated)
    throw new CliError(
      `job ${job}: no Placement in ${namespace} and no ManifestWork with its label on the hub`,
      1,
    );
  const spec = JSON.parse(
    annotated.metadata?.annotations?.[ocmFlAnnotations.spec] ?? '{}',
  );
  const status = deriveJobStatus({
    job,
    minClients: spec.minClients ?? 1,
    placement: placement as any,
    decisions: decisions as unknown as PlacementDecision[],
    works: works as unknown as WorkObject[],
    clusters: clusters as unknown as ManagedCluster[],
    stopped: !!placement?.metadata?.annotations?.[ocmFlAnnotations.stoppedAt],
  });
  const rows = status.clusters.map(
    c =>
      `  ${c.cluster.padEnd(24)} ${c.role.padEnd(10)} ${c.state.padEnd(11)} ${
        c.reason
      }`,
  );
  return [
    `job ${job}: ${status.phase} - ${status.reason}`,
    ...(rows.length
      ? ['  CLUSTER                  ROLE       STATE       REASON', ...rows]
      : []),
  ].join('\n');
}
