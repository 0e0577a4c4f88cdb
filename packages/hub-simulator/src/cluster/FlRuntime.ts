import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  JobSpec,
  ocmFlAnnotations,
  ocmFlLabels,
  parseJobSpec,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { KubeObject } from '../store/types';
import {
  FrameworkReader,
  frameworkReaders,
  reachableAddress,
} from './frameworks';
import { SimulatedCluster } from './SimulatedCluster';
import { completeJob, failJob, jobEnded, workloadRuns } from './workloads';

export interface FlRuntimeOptions {
  /** Time per training round. */
  roundDurationMs: number;
  /** How long the aggregator waits for minClients clients before it gives up. */
  clientWaitMs: number;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

type Training = { rounds: number; minClients: number } | { problem: string };

interface Run {
  cluster: SimulatedCluster;
  jobKey: string;
  spec: JobSpec;
  /** Reads the rendered workloads as the framework would. */
  reader: FrameworkReader;
  /** The rounds and minimum clients the aggregator runs with (or why it cannot start), read at the first tick. */
  training?: Training;
  round: number;
  waitedMs: number;
  timer?: NodeJS.Timeout;
  /** Where the uploader of the rendered work would sync to; found at the first upload. */
  s3?: { client: S3Client; bucket: string; prefix: string };
  metrics: string[];
  /** The last upload failure, if the latest upload failed. */
  uploadError?: string;
}

/**
 * Plays a federated training for the aggregator Job of each of our jobs (label
 * `role=aggregator`): waits for minClients running clients, advances a round per tick,
 * writes checkpoints and `metrics.jsonl` where the rendered uploader sidecar would sync them
 * (its environment and the Secret it reads), and ends the Job: Complete after the last round, Failed
 * when fewer than minClients clients are running.
 */
export class FlRuntime {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly clusters: Map<string, SimulatedCluster>,
    readonly options: FlRuntimeOptions,
    private readonly changed: (cluster: SimulatedCluster) => void,
  ) {}

  /** Called by the work agent when it applied a Job; starts a run for aggregator Jobs. */
  onJobApplied(cluster: SimulatedCluster, key: string) {
    const job = cluster.resources.get(key)!;
    const labels = job.metadata.labels ?? {};
    const name = labels[ocmFlLabels.job];
    const isAggregatorJob =
      job.kind === 'Job' && labels[ocmFlLabels.role] === 'aggregator';
    if (!name || !isAggregatorJob || this.runs.has(name)) return;
    const parsed = parseJobSpec(
      safeJson(job.metadata.annotations?.[ocmFlAnnotations.spec]),
    );
    if (!parsed.success) {
      failJob(cluster, key, 'InvalidJobSpec', () => this.changed(cluster));
      return;
    }
    const run: Run = {
      cluster,
      jobKey: key,
      spec: parsed.spec,
      reader: frameworkReaders[parsed.spec.framework],
      round: 0,
      waitedMs: 0,
      metrics: [],
    };
    this.runs.set(name, run);
    this.schedule(name, run);
  }

  stop() {
    for (const run of this.runs.values()) clearTimeout(run.timer);
    this.runs.clear();
  }

  private schedule(name: string, run: Run) {
    run.timer = setTimeout(() => {
      this.tick(name, run).catch(() =>
        this.finish(name, run, 'failed', 'RuntimeError'),
      );
    }, this.options.roundDurationMs);
  }

  private async tick(name: string, run: Run) {
    if (!run.cluster.resources.has(run.jobKey)) {
      this.runs.delete(name); // the work was deleted: the run is gone with it
      return;
    }
    if (!run.cluster.available) {
      this.schedule(name, run); // nobody can see progress, but the run goes on
      return;
    }
    if (!jobWorkloadsRun(run.cluster, name, 'aggregator')) {
      // Its pods cannot start (or not yet): no round is played; the Job's own deadline
      // or back-off limit ends it.
      if (jobEnded(run.cluster.resources.get(run.jobKey)!))
        this.runs.delete(name);
      else this.schedule(name, run);
      return;
    }
    const training = (run.training ??= this.training(name, run));
    if ('problem' in training) {
      // The framework's own command exits at start: the Job fails as its backoff runs out.
      this.finish(name, run, 'failed', 'BackoffLimitExceeded');
      return;
    }
    const clients = this.runningClients(name, run);
    if (clients < training.minClients) {
      if (run.round === 0 && run.waitedMs < this.options.clientWaitMs) {
        run.waitedMs += this.options.roundDurationMs;
        this.schedule(name, run);
        return;
      }
      this.finish(name, run, 'failed', 'NotEnoughClients');
      return;
    }
    run.round += 1;
    await this.writeRound(name, run, clients);
    if (run.round >= training.rounds) {
      await this.writeFinalModel(run);
      this.finish(name, run, 'succeeded');
      return;
    }
    this.schedule(name, run);
  }

  /**
   * The clusters that may run the job's clients: the named ones, or every cluster when a
   * Placement chooses them (scanning thousands of clusters per round is what makes named
   * clients the choice for large benchmarks).
   */
  private candidates(run: Run): SimulatedCluster[] {
    const named =
      'clusters' in run.spec.clients ? run.spec.clients.clusters : undefined;
    return named
      ? named.flatMap(n => this.clusters.get(n) ?? [])
      : [...this.clusters.values()];
  }

  private training(name: string, run: Run): Training {
    return run.reader.training(jobObjects(run.cluster, name));
  }

  /**
   * Client workloads of a job that are running on available clusters and, where the
   * framework's workloads say how, would join the aggregator.
   */
  private runningClients(name: string, run: Run): number {
    const aggregatorObjects = jobObjects(run.cluster, name);
    const address = reachableAddress(aggregatorObjects);
    let count = 0;
    for (const cluster of this.candidates(run)) {
      if (!cluster.available || cluster.failingJobs.has(name)) continue;
      if (!jobWorkloadsRun(cluster, name, 'client')) continue;
      const joins =
        run.reader.clientJoins(
          jobObjects(cluster, name),
          aggregatorObjects,
          address,
        ) === true;
      if (joins) count += 1;
    }
    return count;
  }

  private async writeRound(name: string, run: Run, clients: number) {
    const r = run.round;
    const seed = [...name].reduce((a, c) => a + c.charCodeAt(0), 0) % 17;
    const loss = 2.3 * Math.exp(-0.35 * r) + 0.05 + (seed % 5) / 100;
    const accuracy = Math.min(
      0.99,
      1 - 0.88 * Math.exp(-0.3 * r) - (seed % 3) / 100,
    );
    run.metrics.push(
      JSON.stringify({
        round: r,
        metrics: { loss: round4(loss), accuracy: round4(accuracy), clients },
      }),
    );
    await this.put(
      run,
      `checkpoints/round-${r}/model.bin`,
      Buffer.from(
        `simulated ${run.spec.framework} weights for ${name}, round ${r}\n`,
      ),
    );
    await this.put(run, 'metrics.jsonl', `${run.metrics.join('\n')}\n`);
  }

  private async writeFinalModel(run: Run) {
    const weights = Buffer.from(
      `simulated final weights after ${run.round} rounds\n`,
    );
    if (run.spec.framework === 'openfl') {
      await this.put(run, 'best.pbuf', weights);
      await this.put(run, 'last.pbuf', weights);
    } else {
      await this.put(run, 'model/final.bin', weights);
    }
  }

  private async put(run: Run, key: string, body: string | Buffer) {
    run.s3 ??= uploaderTarget(run.cluster, run.spec.name);
    // No uploader (PVC storage, or a rendering without one): the model stays on the cluster.
    if (!run.s3) return;
    try {
      await run.s3.client.send(
        new PutObjectCommand({
          Bucket: run.s3.bucket,
          Key: `${run.s3.prefix}${key}`,
          Body: body,
        }),
      );
    } catch (error) {
      // Like the upload sidecar: a failed upload does not stop training; the next one retries.
      run.uploadError = (error as Error).message;
    }
  }

  private finish(
    name: string,
    run: Run,
    outcome: 'succeeded' | 'failed',
    reason = '',
  ) {
    const notify = () => this.changed(run.cluster);
    if (outcome === 'succeeded') {
      completeJob(run.cluster, run.jobKey, notify);
      // OpenFL collaborators exit when training ends; Flower's SuperNodes keep running.
      for (const cluster of this.candidates(run)) {
        for (const [key, resource] of cluster.resources) {
          if (
            resource.kind === 'Job' &&
            isWorkloadOf(resource, name, 'client') &&
            workloadRuns(resource)
          )
            completeJob(cluster, key, () => this.changed(cluster));
        }
      }
    } else {
      failJob(run.cluster, run.jobKey, reason, notify);
    }
    clearTimeout(run.timer);
  }
}

/** The objects of a job's namespace on a cluster. */
function jobObjects(cluster: SimulatedCluster, job: string): KubeObject[] {
  return [...cluster.resources.values()].filter(
    r => r.metadata.namespace === `fl-${job}`,
  );
}

function isWorkloadOf(
  resource: KubeObject,
  job: string,
  role: 'aggregator' | 'client',
): boolean {
  const labels = resource.metadata.labels ?? {};
  return (
    (resource.kind === 'Job' || resource.kind === 'Deployment') &&
    labels[ocmFlLabels.job] === job &&
    labels[ocmFlLabels.role] === role
  );
}

/** Whether a cluster has the job's workloads of that role, and all of their pods run. */
function jobWorkloadsRun(
  cluster: SimulatedCluster,
  job: string,
  role: 'aggregator' | 'client',
): boolean {
  const workloads = [...cluster.resources.values()].filter(r =>
    isWorkloadOf(r, job, role),
  );
  return workloads.length > 0 && workloads.every(workloadRuns);
}

/**
 * An S3 client as the aggregator's upload sidecar (container `model-uploader`) would have
 * it: the bucket and prefix of its `FL_MODEL_URI`, its endpoint, region and addressing
 * style, and the credentials of the Secret it reads from the job's namespace. Only the
 * rendered work counts, so a rendering that gives the uploader wrong values leaves no model.
 */
function uploaderTarget(cluster: SimulatedCluster, name: string): Run['s3'] {
  const namespace = `fl-${name}`;
  const uploader = [...cluster.resources.values()]
    .filter(r => r.metadata.namespace === namespace)
    .flatMap(r => {
      const pod = (r.spec as any)?.template?.spec ?? {};
      return [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
    })
    .find((c: any) => c.name === 'model-uploader');
  if (!uploader) return undefined;
  const env = new Map<string, string>(
    (uploader.env ?? []).map((e: { name: string; value?: string }) => [
      e.name,
      e.value ?? '',
    ]),
  );
  const target = /^s3:\/\/([^/]+)\/(.*)$/.exec(env.get('FL_MODEL_URI') ?? '');
  if (!target) return undefined;
  const secretNames = (uploader.envFrom ?? []).map(
    (from: any) => from.secretRef?.name,
  );
  const secret = [...cluster.resources.values()].find(
    r =>
      r.kind === 'Secret' &&
      r.metadata.namespace === namespace &&
      secretNames.includes(r.metadata.name),
  );
  const client = new S3Client({
    region: env.get('AWS_REGION'),
    endpoint: env.get('AWS_ENDPOINT_URL_S3'),
    forcePathStyle: env.get('AWS_S3_ADDRESSING_STYLE') === 'path',
    ...(secret
      ? {
          credentials: {
            accessKeyId: secretValue(secret, 'AWS_ACCESS_KEY_ID') ?? '',
            secretAccessKey: secretValue(secret, 'AWS_SECRET_ACCESS_KEY') ?? '',
          },
        }
      : {}),
  });
  return { client, bucket: target[1], prefix: target[2] };
}

function secretValue(secret: KubeObject, key: string): string | undefined {
  const data = (secret.data ?? {}) as Record<string, string>;
  const plain = (secret.stringData ?? {}) as Record<string, string>;
  if (plain[key] !== undefined) return plain[key];
  return data[key] !== undefined
    ? Buffer.from(data[key], 'base64').toString('utf8')
    : undefined;
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
