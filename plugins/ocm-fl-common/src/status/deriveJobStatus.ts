import { ocmFlLabels } from '../labels';
import {
  Condition,
  ManagedCluster,
  PlacementDecision,
} from '../placement/types';

/** Every phase of a job, in the order a job goes through them. @public */
export const JOB_PHASES = [
  'Pending',
  'Deploying',
  'Running',
  'Succeeded',
  'Failed',
  'Stopped',
] as const;
/** @public */
export type JobPhase = (typeof JOB_PHASES)[number];

const FINISHED_PHASES: readonly JobPhase[] = ['Succeeded', 'Failed', 'Stopped'];

/** @returns whether the phase is one a job does not leave. @public */
export const isFinishedPhase = (phase: JobPhase) =>
  FINISHED_PHASES.includes(phase);
/** @public */
export type ClusterState =
  | 'Pending'
  | 'Applied'
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Unreachable';

/** A ManifestWork as the hub reports it (the parts status derivation reads). @public */
export interface WorkObject {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    deletionTimestamp?: string;
  };
  status?: {
    conditions?: Condition[];
    resourceStatus?: {
      manifests?: Array<{
        resourceMeta?: { kind?: string; name?: string };
        statusFeedback?: {
          values?: Array<{
            name: string;
            fieldValue: {
              integer?: number;
              string?: string;
              boolean?: boolean;
            };
          }>;
        };
      }>;
    };
  };
}

// A type, not an interface: the backend's router checks REST answers against openapi.yaml.
/** @public */
export type ClusterStatus = {
  cluster: string;
  role: 'aggregator' | 'client';
  state: ClusterState;
  reason: string;
};

/** @public */
export interface DerivedJobStatus {
  phase: JobPhase;
  /** Why the job is in this phase, in words a person can act on. */
  reason: string;
  clusters: ClusterStatus[];
}

/** Everything on the hub that a job's status comes from. @public */
export interface JobStatusInput {
  job: string;
  minClients: number;
  placement?: { status?: { conditions?: Condition[] } };
  decisions: PlacementDecision[];
  works: WorkObject[];
  /** The hub's clusters; a map by name saves rebuilding one per job. */
  clusters: readonly ManagedCluster[] | ReadonlyMap<string, ManagedCluster>;
  /** Set when the job was stopped on purpose (its works were removed). */
  stopped?: boolean;
}

const condition = (conditions: Condition[] | undefined, type: string) =>
  conditions?.find(c => c.type === type);
const isTrue = (conditions: Condition[] | undefined, type: string) =>
  condition(conditions, type)?.status === 'True';

/** Feedback values of a work's manifests, by manifest kind and name. */
function feedback(
  work: WorkObject,
  kind: string,
  name?: string,
): Record<string, number | string | boolean> {
  const manifest = work.status?.resourceStatus?.manifests?.find(
    m =>
      m.resourceMeta?.kind === kind &&
      (name === undefined || m.resourceMeta?.name === name),
  );
  const out: Record<string, number | string | boolean> = {};
  for (const v of manifest?.statusFeedback?.values ?? []) {
    const value =
      v.fieldValue.integer ?? v.fieldValue.string ?? v.fieldValue.boolean;
    if (value !== undefined) out[v.name] = value;
  }
  return out;
}

function clusterAvailable(cluster: ManagedCluster | undefined): boolean {
  return isTrue(
    cluster?.status?.conditions,
    'ManagedClusterConditionAvailable',
  );
}

/** The state of one cluster's part of the job, from its work's conditions and feedback. */
function workState(
  work: WorkObject,
  role: 'aggregator' | 'client',
  cluster: ManagedCluster | undefined,
): { state: ClusterState; reason: string } {
  const name = work.metadata.namespace ?? '';
  if (cluster && !clusterAvailable(cluster)) {
    return {
      state: 'Unreachable',
      reason: `${name} is not available: its status is out of date`,
    };
  }
  const conditions = work.status?.conditions;
  if (!conditions || conditions.length === 0)
    return {
      state: 'Pending',
      reason: `waiting for the work agent on ${name}`,
    };
  const applied = condition(conditions, 'Applied');
  if (applied?.status === 'False')
    return {
      state: 'Failed',
      reason: applied.message ?? 'the work could not be applied',
    };
  // Failure comes from the workloads' own status: the agent sets no Degraded condition, and
  // the work's Complete condition is True for a failed Job too (common.ts jobFeedback).
  const job = feedback(work, 'Job');
  if (job.JobFailed === 'True')
    return {
      state: 'Failed',
      reason: `the ${role} Job failed on ${name}${
        job.JobFailedReason ? ` (${job.JobFailedReason})` : ''
      }`,
    };
  if (Number(job.succeeded ?? job.JobSucceeded ?? 0) > 0)
    return { state: 'Succeeded', reason: `the ${role} finished on ${name}` };
  const deployments = (work.status?.resourceStatus?.manifests ?? [])
    .filter(m => m.resourceMeta?.kind === 'Deployment')
    .map(d => ({
      name: d.resourceMeta?.name,
      values: feedback(work, 'Deployment', d.resourceMeta?.name),
    }));
  const stalled = deployments.find(
    d => d.values.ProgressingReason === 'ProgressDeadlineExceeded',
  );
  if (stalled)
    return {
      state: 'Failed',
      reason: `the ${role}'s Deployment ${stalled.name} did not become available on ${name} (ProgressDeadlineExceeded)`,
    };
  const ready = deployments.every(
    d => Number(d.values.AvailableReplicas ?? 0) > 0,
  );
  if (
    isTrue(conditions, 'Available') &&
    (deployments.length > 0 ? ready : Number(job.active ?? 0) > 0)
  ) {
    return { state: 'Running', reason: `running on ${name}` };
  }
  return { state: 'Applied', reason: `applied on ${name}, workloads starting` };
}

/**
 * A job's phase and per-cluster states from the hub's objects (docs/architecture.md):
 * Pending (placement not satisfied) -> Deploying -> Running (aggregator and at least
 * minClients clients running) -> Succeeded | Failed | Stopped. Pure: no I/O.
 *
 * @public
 */
export function deriveJobStatus(input: JobStatusInput): DerivedJobStatus {
  const byName =
    input.clusters instanceof Map
      ? input.clusters
      : new Map(
          (input.clusters as ManagedCluster[]).map(c => [c.metadata.name, c]),
        );
  const clusters: ClusterStatus[] = input.works
    .filter(
      w =>
        w.metadata.labels?.[ocmFlLabels.job] === input.job &&
        !w.metadata.deletionTimestamp,
    )
    .map(work => {
      const role =
        work.metadata.labels?.[ocmFlLabels.role] === 'aggregator'
          ? 'aggregator'
          : 'client';
      const cluster = work.metadata.namespace ?? '';
      return {
        cluster,
        role,
        ...workState(work, role, byName.get(cluster)),
      } as ClusterStatus;
    })
    // The aggregator first, then the clients by name.
    .sort(
      (a, b) =>
        Number(b.role === 'aggregator') - Number(a.role === 'aggregator') ||
        a.cluster.localeCompare(b.cluster),
    );

  const aggregator = clusters.find(c => c.role === 'aggregator');
  // Works being deleted (stop, delete, a rollback) without the aggregator's left running.
  const removing =
    !aggregator &&
    input.works.some(
      w =>
        w.metadata.labels?.[ocmFlLabels.job] === input.job &&
        w.metadata.deletionTimestamp,
    );
  if (input.stopped || removing) {
    return {
      phase: 'Stopped',
      reason: 'the job was stopped: its workloads were removed',
      clusters,
    };
  }
  const clients = clusters.filter(c => c.role === 'client');
  const satisfied = condition(
    input.placement?.status?.conditions,
    'PlacementSatisfied',
  );

  if (!aggregator) {
    if (satisfied?.status === 'False') {
      return {
        phase: 'Pending',
        reason: `the placement is not satisfied: ${
          satisfied.message ?? satisfied.reason
        }`,
        clusters,
      };
    }
    return {
      phase: 'Pending',
      reason: 'waiting for the aggregator to be deployed',
      clusters,
    };
  }
  if (aggregator.state === 'Succeeded')
    return {
      phase: 'Succeeded',
      reason: 'training finished: every round completed',
      // Long-running clients (Flower's SuperNodes) never finish on their own: the job's
      // end is theirs too, while their workloads wait for the job's removal.
      clusters: clusters.map(c =>
        c.role === 'client' && c.state === 'Running'
          ? {
              ...c,
              state: 'Succeeded',
              reason: `took part until training finished on ${c.cluster}`,
            }
          : c,
      ),
    };
  if (aggregator.state === 'Failed')
    return {
      phase: 'Failed',
      reason: `the aggregator failed: ${aggregator.reason}`,
      clusters,
    };

  const running = clients.filter(
    c => c.state === 'Running' || c.state === 'Succeeded',
  );
  const lost = clients.filter(
    c => c.state === 'Failed' || c.state === 'Unreachable',
  );
  if (clients.length - lost.length < input.minClients && lost.length > 0) {
    return {
      phase: 'Failed',
      reason: `${clients.length - lost.length} of ${
        input.minClients
      } required clients remain: ${lost
        .map(c => `${c.cluster} is ${c.state.toLowerCase()}`)
        .join('; ')}`,
      clusters,
    };
  }
  if (aggregator.state === 'Running' && running.length >= input.minClients) {
    return {
      phase: 'Running',
      reason: `aggregator and ${running.length} clients running`,
      clusters,
    };
  }
  if (aggregator.state === 'Unreachable')
    return { phase: 'Deploying', reason: aggregator.reason, clusters };
  return {
    phase: 'Deploying',
    reason: `${running.length} of ${input.minClients} required clients running${
      aggregator.state === 'Running' ? '' : '; aggregator starting'
    }`,
    clusters,
  };
}
