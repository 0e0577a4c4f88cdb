import {
  JobSpec,
  ManagedCluster,
  PlacementSelection,
  PLACEMENT_LABEL,
  renderPlacement,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { CLUSTER_API, PLACEMENT_API } from './hubApiVersions';
import { HubObject } from './HubObjects';
import { LaunchContext, sleep } from './launchContext';
import { LaunchError } from './LaunchError';
import { LaunchOptions } from './launchOptions';
import { previewPlacement } from './PlacementPreview';

/**
 * Applies the job's Placement and waits (bounded) for OCM's decisions: the clusters chosen.
 * Too few is refused with each rejected cluster's reason; a dry run previews them instead.
 */
export async function placedClusters(
  context: Pick<LaunchContext, 'hub' | 'kubeConfig' | 'namespace' | 'waits'>,
  spec: JobSpec,
  options: LaunchOptions,
): Promise<ManagedCluster[]> {
  const { hub, namespace, waits } = context;
  const placement = renderPlacement({
    spec,
    namespace,
    createdBy: options.createdBy,
    runId: options.runId,
  })!;
  const all = (await hub.list(
    CLUSTER_API,
    'ManagedCluster',
  )) as unknown as ManagedCluster[];
  const preview = () =>
    previewPlacement({
      kubeConfig: context.kubeConfig,
      namespace,
      selection: (spec.clients as { placement: PlacementSelection }).placement,
      name: spec.name,
    });
  if (options.dryRun) {
    await hub.apply(placement as HubObject, { dryRun: true });
    const result = await preview();
    return all.filter(c => result.selected.includes(c.metadata.name));
  }
  await hub.apply(placement as HubObject);
  const deadline = Date.now() + waits.decisionsMs;
  for (;;) {
    const current = await hub.get(
      PLACEMENT_API,
      'Placement',
      spec.name,
      namespace,
    );
    const satisfied = current?.status?.conditions?.find(
      (c: any) => c.type === 'PlacementSatisfied',
    );
    const fresh =
      satisfied &&
      (satisfied.observedGeneration === undefined ||
        satisfied.observedGeneration === current?.metadata?.generation);
    if (fresh) {
      const decisions = await hub.list(PLACEMENT_API, 'PlacementDecision', {
        namespace,
        labelSelector: `${PLACEMENT_LABEL}=${spec.name}`,
      });
      const names = new Set(
        decisions.flatMap(d =>
          (d.status?.decisions ?? []).map((x: any) => x.clusterName),
        ),
      );
      const chosen = all.filter(c => names.has(c.metadata.name));
      if (
        chosen.filter(c => c.metadata.name !== spec.aggregator.cluster)
          .length >= spec.minClients
      )
        return chosen;
      const why = (await preview()).verdicts
        .filter(v => !v.selected)
        .map(v => `${v.clusterName}: ${v.reason}`);
      throw new LaunchError(
        'unsatisfiable',
        `${chosen.length} of ${
          spec.minClients
        } required clusters match the placement (${satisfied.reason}: ${
          satisfied.message
        })${why.length ? `; ${why.slice(0, 8).join('; ')}` : ''}`,
      );
    }
    if (Date.now() > deadline) {
      throw new LaunchError(
        'timeout',
        `the hub made no placement decision for ${spec.name} within ${
          waits.decisionsMs / 1000
        } s: is OCM's placement controller running?`,
      );
    }
    await sleep(waits.pollMs);
  }
}
