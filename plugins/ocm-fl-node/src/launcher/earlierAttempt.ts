import {
  deriveJobStatus,
  JobSpec,
  Manifest,
  ocmFlAnnotations,
  ocmFlLabels,
  redactSecrets,
  WorkObject,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { PLACEMENT_API, WORK_API } from './hubApiVersions';
import { HubObject } from './HubObjects';
import { LaunchResult } from './launchOptions';

/** The hub objects that carry a launch's run label. */
export interface RunOnHub {
  placement?: HubObject;
  works: HubObject[];
}

/** What the launch of a run pinned, read back from its aggregator's full work. */
interface Pinned {
  participants: string[];
  aggregatorAddress: string;
}

/**
 * What a launch finds of its own run before it applies anything:
 * - `none`: no work of the run, a first attempt (or one cut short before any work);
 * - `stopped`: a person stopped the run (its Placement says when) while the launch was down;
 * - `finished`: the run's training ended (Succeeded or Failed) while the launch was down;
 * - `complete`: the interrupted attempt applied every work of the run, so each carries the
 *   same PKI, and its pods trust each other;
 * - `partial`: anything else; the PKI of the missing works died with the attempt.
 */
export type EarlierAttempt =
  | { kind: 'none' }
  | { kind: 'partial' }
  | { kind: 'stopped'; at: string }
  | ({
      kind: 'finished' | 'complete';
      phase: string;
      reason: string;
    } & Pinned);

export const isAggregator = (work: HubObject) =>
  work.metadata?.labels?.[ocmFlLabels.role] === 'aggregator';

/** The participants and address a work was applied with; none on the address draft. */
function pinnedOn(work: HubObject | undefined): Pinned | undefined {
  const annotations = work?.metadata?.annotations ?? {};
  const participants = annotations[ocmFlAnnotations.participants];
  const aggregatorAddress = annotations[ocmFlAnnotations.aggregatorAddress];
  if (!participants || !aggregatorAddress) return undefined;
  return { participants: participants.split(','), aggregatorAddress };
}

/**
 * Decides what a resumed launch does with what its run left on the hub. Pure.
 *
 * A finished training is left as it is: its lineage record may already be final, and a
 * second training under the same run would give its model a second version. An attempt that
 * applied every work is adopted: the launch does nothing after applying the works, the works
 * hold everything their pods read, and the pods read their keys once at start, so those
 * already running keep working with the rest. Only a partial attempt is started over.
 */
export function earlierAttemptOf(spec: JobSpec, run: RunOnHub): EarlierAttempt {
  // Launched again, it would train while the job reads Stopped (the mark is not ours to clear).
  const stoppedAt =
    run.placement?.metadata?.annotations?.[ocmFlAnnotations.stoppedAt];
  if (stoppedAt) return { kind: 'stopped', at: stoppedAt };
  if (run.works.length === 0) return { kind: 'none' };
  const aggregator = run.works.find(isAggregator);
  const pinned = pinnedOn(aggregator);
  // A work being deleted belongs to a start over or rollback that was itself cut short.
  if (!pinned || run.works.some(w => w.metadata?.deletionTimestamp))
    return { kind: 'partial' };
  // Cluster availability is left out: a finished Job's feedback stays what it was.
  const status = deriveJobStatus({
    job: spec.name,
    minClients: spec.minClients,
    decisions: [],
    works: run.works as WorkObject[],
    clusters: [],
  });
  const facts = { phase: status.phase, reason: status.reason, ...pinned };
  if (status.phase === 'Succeeded' || status.phase === 'Failed')
    return {
      kind: 'finished',
      ...facts,
      participants: pinned.participants.filter(cluster =>
        run.works.some(w => w.metadata?.namespace === cluster),
      ),
    };
  const clients = run.works.filter(w => !isAggregator(w));
  const samePins = (work: HubObject | undefined) =>
    JSON.stringify(pinnedOn(work)) === JSON.stringify(pinned);
  const everyParticipant =
    clients.length === pinned.participants.length &&
    pinned.participants.every(cluster =>
      samePins(clients.find(w => w.metadata?.namespace === cluster)),
    );
  return everyParticipant
    ? { kind: 'complete', ...facts }
    : { kind: 'partial' };
}

/** A hub object as a launch applies it: without what the hub added, Secret values redacted. */
function asApplied(apiVersion: string, kind: string, object: HubObject) {
  const { name, namespace, labels, annotations } = object.metadata ?? {};
  return redactSecrets({
    apiVersion,
    kind,
    metadata: { name: name!, namespace, labels, annotations },
    spec: object.spec,
  } as Manifest);
}

/** What a launch returns for a run it leaves as it is: the run's own objects on the hub. */
export function adoptedLaunchResult(
  spec: JobSpec,
  run: RunOnHub,
  attempt: Pinned,
): LaunchResult {
  const aggregator = run.works.filter(isAggregator);
  const clients = attempt.participants.flatMap(cluster =>
    run.works.filter(
      w => !isAggregator(w) && w.metadata?.namespace === cluster,
    ),
  );
  return {
    job: spec.name,
    dryRun: false,
    participants: attempt.participants,
    aggregatorCluster: spec.aggregator.cluster,
    aggregatorAddress: attempt.aggregatorAddress,
    objects: [
      ...(run.placement
        ? [asApplied(PLACEMENT_API, 'Placement', run.placement)]
        : []),
      ...[...aggregator, ...clients].map(w =>
        asApplied(WORK_API, 'ManifestWork', w),
      ),
    ],
  };
}
