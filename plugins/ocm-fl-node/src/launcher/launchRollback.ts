import { ocmFlLabels } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { forEachLimited } from './forEachLimited';
import { PLACEMENT_API, WORK_API } from './hubApiVersions';
import { HubObject, hubErrorMessage } from './HubObjects';
import { LaunchContext } from './launchContext';

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
  context: Pick<LaunchContext, 'hub' | 'namespace' | 'concurrency'>,
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
