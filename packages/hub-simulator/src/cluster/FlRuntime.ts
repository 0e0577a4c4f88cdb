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
import { ObservedWorkload, READ_AT_START } from './frameworks/podFiles';
import {
  findModelVolume,
  ModelVolume,
  uploaderSettings,
  writeModelFile,
} from './modelVolume';
import { SimulatedCluster } from './SimulatedCluster';
import { completeJob, failJob, jobEnded, workloadRuns } from './workloads';

export interface FlRuntimeOptions {
  /** Time per training round. */
  roundDurationMs: number;
  /** How long the aggregator waits for minClients clients before it gives up. */
  clientWaitMs: number;
  /**
   * The uploader's sync period (30 s in the rendered script). Flower's final model reaches
   * S3 only at the sync after the run ended, when the job already reads Succeeded.
   */
  uploadIntervalMs: number;
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
  /** The aggregator's model volume and its uploader's settings, found at the first write. */
  storage?: {
    volume: ModelVolume;
    upload?: { client: S3Client; bucket: string; prefix: string };
  };
  metrics: string[];
  /** The last upload failure, if the latest upload failed. */
  uploadError?: string;
}

/**
 * Plays a federated training for the aggregator Job of each of our jobs (label
 * `role=aggregator`): waits for minClients running clients, advances a round per tick,
 * writes checkpoints and `metrics.jsonl` into the aggregator's model volume, from where
 * only the rendered uploader (its environment, CLI configuration and the Secret it reads)
 * takes them to S3, and ends the Job: Complete after the last round, Failed when fewer than
 * minClients clients are running.
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
      if (run.spec.framework === 'flower') {
        // The ServerApp Deployment wrote it and keeps running; the submit Job has ended.
        this.finish(name, run, 'succeeded');
        await this.writeFinalModel(run, this.options.uploadIntervalMs);
        return;
      }
      // OpenFL's aggregator pod ends only after its uploader's last sync (a native sidecar).
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

  private async writeFinalModel(run: Run, uploadAfterMs = 0) {
    const weights = Buffer.from(
      `simulated final weights after ${run.round} rounds\n`,
    );
    const files =
      run.spec.framework === 'openfl'
        ? ['best.pbuf', 'last.pbuf']
        : ['model/final.bin'];
    for (const file of files) await this.put(run, file, weights, uploadAfterMs);
  }

  private async put(
    run: Run,
    key: string,
    body: string | Buffer,
    uploadAfterMs = 0,
  ) {
    run.storage ??= this.storageOf(run);
    if (!run.storage) return;
    writeModelFile(run.cluster, run.storage.volume, key, Buffer.from(body));
    // PVC storage, or no uploader: the model stays in the volume.
    const upload = run.storage.upload;
    if (!upload) return;
    // On the cluster's timers, so that a stopped simulator uploads nothing any more.
    if (uploadAfterMs > 0)
      await new Promise<void>(resolve =>
        run.cluster.later(uploadAfterMs, () => resolve()),
      );
    try {
      await upload.client.send(
        new PutObjectCommand({
          Bucket: upload.bucket,
          Key: `${upload.prefix}${key}`,
          Body: body,
        }),
      );
      run.uploadError = undefined;
    } catch (error) {
      // Like the upload sidecar: a failed upload does not stop training; the next one retries.
      run.uploadError = (error as Error).message;
    }
  }

  /** The aggregator's model volume, and an S3 client as its uploader would have it. */
  private storageOf(run: Run): Run['storage'] {
    const namespace = `fl-${run.spec.name}`;
    const volume = findModelVolume(run.cluster, namespace);
    if (!volume) return undefined;
    const settings = uploaderSettings(run.cluster, namespace, volume);
    if (!settings) return { volume };
    const { bucket, prefix, ...client } = settings;
    return { volume, upload: { client: new S3Client(client), bucket, prefix } };
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
    // The run is over: a later Job of the same name (a relaunch) starts a new one.
    this.runs.delete(name);
  }
}

/**
 * The objects of a job's namespace on a cluster, each started workload with what its pods
 * read at their start.
 */
function jobObjects(cluster: SimulatedCluster, job: string): KubeObject[] {
  return [...cluster.resources]
    .filter(([, r]) => r.metadata.namespace === `fl-${job}`)
    .map(([key, r]): ObservedWorkload => {
      const atStart = cluster.readAtStart.get(key);
      return atStart ? { ...r, [READ_AT_START]: atStart } : r;
    });
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

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
