import { JobPhase } from '../status/deriveJobStatus';

// Types, not interfaces, for what the REST API answers: the backend's router checks answers
// against openapi.yaml, whose open objects need the index signature only type aliases have.
/** One change of a job's phase, as the lineage store recorded it. @public */
export type PhaseChange = {
  phase: JobPhase;
  reason: string;
  /** ISO 8601 time the backend saw the change. */
  at: string;
};

/** One trained version of a model: the outcome of one succeeded job. @public */
export type ModelVersionView = {
  /** 1, 2, ... in the order the jobs finished. */
  version: number;
  hub: string;
  job: string;
  framework: string;
  frameworkVersion?: string;
  rounds: number;
  /** e.g. `s3://models/federated-learning/mnist/` or `pvc://<cluster>/fl-<job>/<job>-model-<run>`. */
  location: string;
  storage: 's3' | 'pvc';
  /** Final model files (best.pbuf, last.pbuf, model/...), relative to the location. */
  files: string[];
  /** The last round's metrics. */
  metrics: Record<string, number>;
  /** Every round's metrics. */
  metricsByRound: Array<{ round: number; metrics: Record<string, number> }>;
  aggregatorCluster: string;
  participants: string[];
  baseModel?: string;
  createdBy?: string;
  /** ISO 8601 time the job succeeded. */
  createdAt: string;
};

/** A model in lists. @public */
export type ModelSummary = {
  name: string;
  framework: string;
  versionCount: number;
  latestVersion?: number;
  latestMetrics: Record<string, number>;
  baseModel?: string;
  /** ISO 8601 time of the latest version. */
  updatedAt?: string;
};

/** A node of a model's lineage graph. @public */
export type LineageNode = {
  id: string;
  kind: 'baseModel' | 'job' | 'cluster' | 'modelVersion';
  label: string;
  /** The catalog entity it stands for, when there is one. */
  entityRef?: string;
};

/** An edge of a lineage graph: `from` fed `to`. @public */
export type LineageEdge = {
  from: string;
  to: string;
  kind: 'startedFrom' | 'trainedOn' | 'aggregatedBy' | 'produced';
};

/** @public */
export type LineageGraph = {
  nodes: LineageNode[];
  edges: LineageEdge[];
};

/** One model in full. @public */
export type ModelDetail = ModelSummary & {
  versions: ModelVersionView[];
  lineage: LineageGraph;
};

/** A presigned download of one model file. @public */
export type ModelDownload = {
  url: string;
  /** ISO 8601 time the URL stops working. */
  expiresAt: string;
  file: string;
};

/** Entity names in the catalog, shared by the entity providers and the UI's links. @public */
export const ocmFlEntityRefs = {
  cluster: (name: string) => `resource:default/${name}`,
  model: (name: string) => `resource:default/${name}`,
};

/** A model's summary from its versions (oldest first). @public */
export function modelSummary(
  name: string,
  versions: ModelVersionView[],
): ModelSummary {
  const latest = versions[versions.length - 1];
  return {
    name,
    framework: latest?.framework ?? 'unknown',
    versionCount: versions.length,
    latestVersion: latest?.version,
    latestMetrics: latest?.metrics ?? {},
    baseModel: latest?.baseModel,
    updatedAt: latest?.createdAt,
  };
}

/** A base model given as an entity ref (`resource:default/x`) rather than a URI. */
const ENTITY_REF = /^[a-z][a-z0-9-]*:[a-z0-9-_.]+\/[a-z0-9-_.]+$/i;

/**
 * The lineage graph of a model: each version's base model feeds its job, each participant
 * trains in it, the aggregator combines the updates, and the job produces the version.
 *
 * @public
 */
export function modelLineage(versions: ModelVersionView[]): LineageGraph {
  const nodes = new Map<string, LineageNode>();
  const edges: LineageEdge[] = [];
  const cluster = (name: string) => {
    const id = `cluster:${name}`;
    nodes.set(id, {
      id,
      kind: 'cluster',
      label: name,
      entityRef: ocmFlEntityRefs.cluster(name),
    });
    return id;
  };
  for (const version of versions) {
    const job = `job:${version.hub}/${version.job}`;
    nodes.set(job, { id: job, kind: 'job', label: version.job });
    if (version.baseModel) {
      const base = `base:${version.baseModel}`;
      nodes.set(base, {
        id: base,
        kind: 'baseModel',
        label: version.baseModel,
        ...(ENTITY_REF.test(version.baseModel) && {
          entityRef: version.baseModel,
        }),
      });
      edges.push({ from: base, to: job, kind: 'startedFrom' });
    }
    for (const participant of version.participants) {
      edges.push({ from: cluster(participant), to: job, kind: 'trainedOn' });
    }
    edges.push({
      from: cluster(version.aggregatorCluster),
      to: job,
      kind: 'aggregatedBy',
    });
    const produced = `version:${version.version}`;
    nodes.set(produced, {
      id: produced,
      kind: 'modelVersion',
      label: `v${version.version}`,
    });
    edges.push({ from: job, to: produced, kind: 'produced' });
  }
  return { nodes: [...nodes.values()], edges };
}
