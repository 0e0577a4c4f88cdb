import { FrameworkName, frameworkNameOf } from '../job/frameworks';
import { ocmFlAnnotations, ocmFlLabels } from '../labels';
import { ManagedCluster, Placement } from '../placement/types';
import {
  DerivedJobStatus,
  deriveJobStatus,
  JobPhase,
  WorkObject,
} from '../status/deriveJobStatus';

// Types, not interfaces, for what the REST API answers: the backend's router checks answers
// against openapi.yaml, whose open objects need the index signature only type aliases have.
/** A job in lists. @public */
export type JobSummary = {
  hub: string;
  name: string;
  framework?: FrameworkName;
  rounds?: number;
  minClients?: number;
  phase: JobPhase;
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
  /** The latest round the lineage store recorded from the model location (S3 only). */
  progress?: { round: number; of?: number };
};

/** One job in full. @public */
export type JobDetail = JobSummary & {
  spec?: Record<string, unknown>;
  clusters: DerivedJobStatus['clusters'];
  /** Clusters of the job that stopped being managed clusters while it existed. */
  vanishedClusters: string[];
};

/** A job as its objects on the hub show it, before what the lineage store adds. @public */
export type LiveJob = Omit<
  JobDetail,
  'archived' | 'deletedAt' | 'progress' | 'vanishedClusters'
>;

/** What the lineage store keeps of one run of a job that its view shows. @public */
export interface RecordedJob {
  hub: string;
  name: string;
  /** ISO time the job was created on the hub. */
  createdAt: string;
  /** The launch that made the job's objects, when they carry its label. */
  runId?: string;
  framework: string;
  spec: Record<string, unknown>;
  aggregatorCluster: string;
  participants: string[];
  createdBy?: string;
  phase: JobPhase;
  reason: string;
  /** Participants that stopped being managed clusters while the job existed. */
  vanishedClusters: string[];
  /** The latest round the lifecycle task read from the model location. */
  latestRound?: number;
  /** When a person deleted the job: gone from lists, kept for its model's lineage. */
  deletedAt?: string;
}

type HubObjectMeta = {
  metadata: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
  };
};

/** A job from its hub objects; the spec comes from its annotation. @public */
export function liveJob(objects: {
  hub: string;
  name: string;
  placement?: Placement;
  works: WorkObject[];
  clusters: readonly ManagedCluster[] | ReadonlyMap<string, ManagedCluster>;
}): LiveJob {
  // The Placement is made first and carries the spec; works stand in while it is missing, the
  // oldest first, so that a job's times and run do not depend on the order of a list.
  const ordered: HubObjectMeta[] = [
    ...(objects.placement ? [objects.placement] : []),
    ...(objects.works as HubObjectMeta[])
      .slice()
      .sort((a, b) =>
        (a.metadata.creationTimestamp ?? '').localeCompare(
          b.metadata.creationTimestamp ?? '',
        ),
      ),
  ];
  const annotated = ordered[0];
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
    job: objects.name,
    minClients: spec?.minClients ?? 1,
    placement: objects.placement,
    decisions: [],
    works: objects.works,
    clusters: objects.clusters,
    stopped:
      !!objects.placement?.metadata.annotations?.[ocmFlAnnotations.stoppedAt],
  });
  return {
    hub: objects.hub,
    name: objects.name,
    framework: frameworkNameOf(spec?.framework),
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
    runId: ordered.find(o => o.metadata.labels?.[ocmFlLabels.run])?.metadata
      .labels?.[ocmFlLabels.run],
    spec,
    clusters: status.clusters,
  };
}

/** A job that left its hub, as the lineage store remembers it. */
function recordedJob(record: RecordedJob): Omit<JobDetail, 'progress'> {
  const spec = record.spec as { rounds?: number; minClients?: number };
  return {
    hub: record.hub,
    name: record.name,
    framework: frameworkNameOf(record.framework),
    rounds: spec.rounds,
    minClients: spec.minClients,
    phase: record.phase,
    reason: record.reason,
    aggregatorCluster: record.aggregatorCluster,
    clients: record.participants,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    runId: record.runId,
    archived: true,
    ...(record.deletedAt && { deletedAt: record.deletedAt }),
    spec: record.spec,
    clusters: [],
    vanishedClusters: record.vanishedClusters,
  };
}

/**
 * The job as lists and its page show it: from its hub objects while it has them, else from
 * its lineage record. Progress comes from the record only, as the lifecycle task last read
 * it from the model location: lists cannot read S3 for every job, a job that left its hub has
 * nothing else, and callers who may not read models see the same round. So a list and the
 * job's page never disagree on the phase or the round.
 *
 * @public
 */
export function jobView(
  job:
    | {
        live: LiveJob;
        /** What a live job takes from its record; lists pass the round alone. */
        record?: Partial<Pick<RecordedJob, 'latestRound' | 'vanishedClusters'>>;
      }
    | { live?: undefined; record: RecordedJob },
): JobDetail {
  const view = job.live
    ? { ...job.live, vanishedClusters: job.record?.vanishedClusters ?? [] }
    : recordedJob(job.record);
  const round = job.record?.latestRound;
  return round === undefined
    ? view
    : { ...view, progress: { round, of: view.rounds } };
}

/** A job as lists show it: the view without its spec and clusters. @public */
export function jobSummary({
  spec: _spec,
  clusters: _clusters,
  vanishedClusters: _vanished,
  ...summary
}: JobDetail): JobSummary {
  return summary;
}
