import { ocmFlLabels } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { forEachLimited } from './forEachLimited';
import { PLACEMENT_API, WORK_API } from './hubApiVersions';
import { HubObject, hubErrorMessage } from './HubObjects';
import { agentSynced, LaunchContext, waitFor } from './launchContext';

type RollbackContext = Pick<
  LaunchContext,
  'hub' | 'namespace' | 'concurrency' | 'waits'
>;

/** What a rollback did. */
export interface Rollback {
  deleted: number;
  /** What could not be deleted, each with the hub's answer. */
  left: string[];
}

/**
 * Deletes every object of this launch, found on the hub by its run label rather than by
 * what the launcher saw succeed: an apply whose answer was lost may still have created
 * its object. Works go first, then the Placement.
 */
export async function rollbackLaunch(
  context: RollbackContext,
  job: string,
  runId: string,
): Promise<Rollback> {
  const { hub } = context;
  const labelSelector = `${ocmFlLabels.job}=${job},${ocmFlLabels.run}=${runId}`;
  const result: Rollback = { deleted: 0, left: [] };
  for (const [apiVersion, kind, namespace] of [
    [WORK_API, 'ManifestWork', undefined],
    [PLACEMENT_API, 'Placement', context.namespace],
  ] as const) {
    let objects: HubObject[];
    try {
      objects = await hub.list(apiVersion, kind, {
        namespace,
        labelSelector,
      });
    } catch (error) {
      result.left.push(`its ${kind}s (${hubErrorMessage(error)})`);
      continue;
    }
    await forEachLimited(objects, context.concurrency, async object => {
      const { name, namespace: at } = object.metadata as {
        name: string;
        namespace: string;
      };
      try {
        if (kind === 'ManifestWork' && !object.metadata?.deletionTimestamp) {
          const kept = await ownWhatItOrphans(context, job, object);
          if (kept) result.left.push(kept);
        }
        // Already being deleted counts as deleted: its finalizers finish the job.
        if (
          object.metadata?.deletionTimestamp ||
          (await hub.delete(apiVersion, kind, name, at))
        )
          result.deleted++;
      } catch (error) {
        result.left.push(`${kind} ${at}/${name} (${hubErrorMessage(error)})`);
      }
    });
  }
  return result;
}

/**
 * A PVC job's aggregator work orphans the job's namespace and model PVC on its cluster, so
 * that a model outlives its job; a rolled-back launch made no model, and nothing of it may
 * stay. The work is applied again with Foreground deletion and awaited until its agent took
 * it: the agent then owns those resources and deletes them with the work (ocm
 * pkg/work/helper/helpers.go `OwnedByTheWork`, `ApplyOwnerReferences`). Returns what may
 * stay when the hub refuses or the agent does not act in time.
 */
async function ownWhatItOrphans(
  context: RollbackContext,
  job: string,
  work: HubObject,
): Promise<string | undefined> {
  if (
    (work.spec?.deleteOption?.propagationPolicy ?? 'Foreground') ===
    'Foreground'
  )
    return undefined;
  const { name, namespace, labels, annotations } = work.metadata as {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  const { hub } = context;
  try {
    const owning = await hub.apply({
      apiVersion: WORK_API,
      kind: 'ManifestWork',
      metadata: { name, namespace, labels, annotations },
      spec: { ...work.spec, deleteOption: { propagationPolicy: 'Foreground' } },
    });
    await waitFor(
      { pollMs: context.waits.pollMs, withinMs: context.waits.agentMs },
      `the agent on ${namespace} to take over what ManifestWork ${name} orphans`,
      async () =>
        agentSynced(
          await hub.get(WORK_API, 'ManifestWork', name, namespace),
          owning.metadata?.generation,
        )
          ? undefined
          : 'it has not acted on the change',
    );
    return undefined;
  } catch (error) {
    // The work is deleted all the same; what it orphans may stay.
    // Out of the hub's reach once the work is gone: `ocm-fl delete` cannot remove them.
    return `what ManifestWork ${namespace}/${name} orphans on cluster ${namespace} (the job's namespace and model PVC; ${hubErrorMessage(
      error,
    )}; remove them on ${namespace} with: kubectl delete namespace fl-${job})`;
  }
}

/** Says exactly what a rollback did, and how to finish one that could not delete everything. */
export function describeRollback(job: string, rollback: Rollback): string {
  const deleted = `deleted ${rollback.deleted} object${
    rollback.deleted === 1 ? '' : 's'
  } this launch created`;
  if (rollback.left.length === 0)
    return rollback.deleted === 0 ? '' : ` (rolled back: ${deleted})`;
  return ` (rollback incomplete: ${deleted}, but not ${rollback.left.join(
    ', ',
  )}; finish with: ocm-fl delete ${job})`;
}
