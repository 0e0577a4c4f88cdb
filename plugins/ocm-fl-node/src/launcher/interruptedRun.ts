import {
  JobSpec,
  ModelStorageLocation,
  ocmFlLabels,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { aggregatorAddressDraft } from './aggregatorAddress';
import { isAggregator, RunOnHub } from './earlierAttempt';
import { forEachLimited } from './forEachLimited';
import { WORK_API } from './hubApiVersions';
import { agentSynced, LaunchContext, waitFor } from './launchContext';
import { LaunchOptions } from './launchOptions';

type StartOverContext = Pick<
  LaunchContext,
  'hub' | 'namespace' | 'concurrency' | 'waits'
>;

/**
 * Clears what a partial attempt of this run left running (see earlierAttempt.ts), before the
 * launch applies everything again with a new PKI (the CA's key lives only in the launching
 * process, so it cannot be reused). Pods read their certificates and keys when they start, and a changed
 * Secret restarts no pod: clients started by the first attempt would keep its CA and never
 * join the new aggregator. So the run's client works are deleted, and its aggregator work is
 * cut back to the address draft (its namespace and Service), which removes its workloads and
 * Secrets but keeps the job on the hub (its record stays open, its address stays the same).
 * Both are awaited: the agent deletes what leaves a work in the same sync that reports the
 * work's new generation (ocm pkg/work/spoke/controllers/manifestcontroller,
 * manifestwork_controller.go `sync`, appliedmanifestwork_reconciler.go). The Placement stays:
 * it holds no key, and its decisions choose the same clusters.
 */
export async function clearInterruptedRun(
  context: StartOverContext,
  spec: JobSpec,
  storageLocation: ModelStorageLocation | undefined,
  options: Pick<LaunchOptions, 'createdBy' | 'runId'>,
  { works }: RunOnHub,
): Promise<void> {
  const { hub } = context;
  const runSelector = `${ocmFlLabels.job}=${spec.name},${ocmFlLabels.run}=${options.runId}`;
  await forEachLimited(
    works.filter(w => !isAggregator(w)),
    context.concurrency,
    w =>
      hub.delete(
        WORK_API,
        'ManifestWork',
        w.metadata!.name!,
        w.metadata!.namespace,
      ),
  );
  const draft = aggregatorAddressDraft(
    spec,
    context.namespace,
    storageLocation,
    options,
  );
  const aggregator = works.find(isAggregator)
    ? await hub.apply(draft)
    : undefined;
  await waitFor(
    { pollMs: context.waits.pollMs, withinMs: context.waits.agentMs },
    'the interrupted attempt of this run to be cleared',
    async () => {
      const clients = await hub.list(WORK_API, 'ManifestWork', {
        labelSelector: `${runSelector},${ocmFlLabels.role}=client`,
      });
      if (clients.length > 0)
        return `${clients.length} client works still being deleted`;
      if (!aggregator) return undefined;
      const current = await hub.get(
        WORK_API,
        'ManifestWork',
        draft.metadata!.name!,
        draft.metadata!.namespace,
      );
      return agentSynced(current, aggregator.metadata?.generation)
        ? undefined
        : `the agent on ${spec.aggregator.cluster} has not yet removed the aggregator's workloads`;
    },
  );
}
