import { LoggerService } from '@backstage/backend-plugin-api';
import {
  isFinishedPhase,
  LiveJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  missingFinalFiles,
  S3ModelStore,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { JobRecord, LineageStore, liveJobKey } from '../lineage/LineageStore';
import { HubAccess, liveJobsOf } from '../service/hubs';
import { modelLocationOf } from '../service/modelLocation';

/** A change the lifecycle recorded, sent to the UI's event stream and the catalog. */
export interface LineageChange {
  kind: 'lineage' | 'models';
  type: 'add' | 'update';
  hub: string;
  /** The job (lineage) or the model (models). */
  name: string;
  job: string;
  phase?: string;
  version?: number;
}

/** How often the model location of a running job is read for its progress. */
const PROGRESS_EVERY_MS = 5_000;

/**
 * How long a succeeded job's model version waits for the files the app contract promises
 * (its final model, every round): the uploader syncs every 30 s while the job runs, so the
 * last files may reach S3 after the job succeeded. After it, the version records what is there.
 */
const FINAL_FILES_WAIT_MS = 3 * 60_000;

/** A failed S3 write is tried again after this long, not on every pass. */
const RETRY_AFTER_MS = 5 * 60_000;

/**
 * Follows every job from the hub caches into the lineage store: records phase changes, adds
 * the model version of a succeeded job, writes `job.json` next to the model at launch and at
 * the end, removes finished jobs from the hub after their time-to-live (the model stays), and
 * marks jobs whose clusters stopped being managed. Run by the scheduler as a global task, so
 * one replica at a time; the store's writes are idempotent besides.
 */
export class JobLifecycle {
  private readonly retryAt = new Map<string, number>();
  private readonly listeners = new Set<(change: LineageChange) => void>();
  /**
   * Jobs with nothing left to do (finished, version and job.json recorded, no time-to-live
   * pending), by hub/name/createdAt: a pass skips them without touching the database.
   */
  private readonly settled = new Set<string>();
  private readonly progressReadAt = new Map<string, number>();

  constructor(
    private readonly options: {
      hubs: HubAccess[];
      store: LineageStore;
      modelStore?: Pick<S3ModelStore, 'artifacts' | 'writeJobRecord' | 'uriOf'>;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Tells about recorded phase changes and new model versions, for live updates. */
  subscribe(listener: (change: LineageChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: LineageChange) {
    this.listeners.forEach(listener => listener(change));
  }

  /**
   * One pass over every job. An aborted `signal` (the scheduler's timeout, or the backend
   * shutting down) ends the pass between two jobs: the scheduler then hands the task to a
   * replica that is sure to be alone, and the next pass takes up what this one left.
   */
  async runOnce(signal?: AbortSignal): Promise<void> {
    for (const hub of this.options.hubs) {
      if (signal?.aborted) return;
      const state = hub.cache.state();
      // Judging from a partial or stale view would mark live jobs as removed.
      if (!state.synced || state.stale) continue;
      await this.reconcileHub(hub, signal);
    }
  }

  private now() {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private async reconcileHub(hub: HubAccess, signal?: AbortSignal) {
    const { store } = this.options;
    const clusterNames = hub.cache.clustersByName();
    // One query for every record of the hub, rather than one per job. A record is found by
    // its run and, for records and objects from before the run label, by name and time.
    const records = new Map<string, JobRecord>();
    for (const record of await store.jobsOnHub(hub.name)) {
      records.set(liveJobKey({ ...record, runId: undefined }), record);
      if (record.runId) records.set(liveJobKey(record), record);
    }
    const onHub = new Set<JobRecord>();
    for (const detail of liveJobsOf(hub)) {
      // Cut short, the pass has not seen every job: it cannot tell which records left the hub.
      if (signal?.aborted) return;
      if (!detail.spec || !detail.createdAt) continue;
      const known =
        records.get(liveJobKey(detail)) ??
        records.get(liveJobKey({ ...detail, runId: undefined }));
      if (known) onHub.add(known);
      const key = `${hub.name}/${liveJobKey(detail)}`;
      if (this.settled.has(key)) continue;
      try {
        await this.reconcileJob(hub, detail, known, clusterNames);
      } catch (error) {
        this.options.logger.warn(
          `Could not record the state of job ${detail.name}: ${
            (error as Error).message
          }`,
        );
      }
    }
    for (const record of new Set(records.values())) {
      if (!onHub.has(record)) await this.recordRemoval(hub, record);
    }
  }

  /**
   * The job's objects left the hub. A job that had not finished ends as Stopped, saying what
   * it was doing, so that no record stays Running for ever.
   */
  private async recordRemoval(hub: HubAccess, record: JobRecord) {
    const { store } = this.options;
    const at = this.now();
    if (!isFinishedPhase(record.phase)) {
      await this.recordPhase(record, {
        phase: 'Stopped',
        reason: `Its objects were removed from hub ${hub.name} while it was ${record.phase}, before it finished`,
        at,
      });
    }
    await store.updateJob(record, { removedFromHubAt: at });
    this.settled.delete(`${hub.name}/${liveJobKey(record)}`);
  }

  /**
   * Moves a record to a new phase and tells listeners; returns the record as it now is (as
   * it was, when another replica recorded the change first).
   */
  private async recordPhase(
    record: JobRecord,
    change: { phase: JobRecord['phase']; reason: string; at: string },
  ): Promise<JobRecord> {
    if (!(await this.options.store.recordPhase(record, change))) return record;
    this.emit({
      kind: 'lineage',
      type: 'update',
      hub: record.hub,
      name: record.name,
      job: record.name,
      phase: change.phase,
    });
    return {
      ...record,
      phase: change.phase,
      reason: change.reason,
      finishedAt: isFinishedPhase(change.phase) ? change.at : undefined,
    };
  }

  private async reconcileJob(
    hub: HubAccess,
    detail: LiveJob,
    known: JobRecord | undefined,
    clusterNames: ReadonlyMap<string, unknown>,
  ) {
    const { store } = this.options;
    const key = {
      hub: hub.name,
      name: detail.name,
      createdAt: detail.createdAt!,
    };
    let record = known;
    if (!record) {
      const seenAt = this.now();
      record = {
        ...key,
        runId: detail.runId,
        model: String(detail.spec!.model ?? detail.name),
        framework: detail.framework ?? 'unknown',
        spec: detail.spec!,
        aggregatorCluster: detail.aggregatorCluster ?? '',
        participants: detail.clients,
        createdBy: detail.createdBy,
        phase: detail.phase,
        reason: detail.reason,
        finishedAt: isFinishedPhase(detail.phase) ? seenAt : undefined,
        vanishedClusters: [],
      };
      await store.addJob(record, seenAt);
      await this.writeJobRecord(record, false);
    } else if (detail.runId && !record.runId) {
      // Recorded before records kept their run: found by name and time this once.
      record = { ...record, runId: detail.runId };
      await store.updateJob(record, { runId: detail.runId });
    }
    // A finished job keeps its outcome, whatever happens to its objects later.
    if (!isFinishedPhase(record.phase) && record.phase !== detail.phase) {
      record = await this.recordPhase(record, {
        phase: detail.phase,
        reason: detail.reason,
        at: this.now(),
      });
    }
    const participants = [
      ...new Set([...record.participants, ...detail.clients]),
    ].sort();
    const vanished = [record.aggregatorCluster, ...participants].filter(
      c => c && !clusterNames.has(c),
    );
    const newlyVanished = vanished.filter(
      c => !record!.vanishedClusters.includes(c),
    );
    if (
      participants.length !== record.participants.length ||
      newlyVanished.length > 0
    ) {
      record = {
        ...record,
        participants,
        vanishedClusters: [...record.vanishedClusters, ...newlyVanished],
      };
      await store.updateJob(record, {
        participants: record.participants,
        vanishedClusters: record.vanishedClusters,
      });
    }
    if (record.phase === 'Running') await this.followProgress(record);
    if (!isFinishedPhase(record.phase)) return;
    const versionDone =
      record.phase !== 'Succeeded' || (await this.addModelVersion(record));
    let jobRecordDone =
      !!record.jobRecordWrittenAt || !this.keepsJobRecord(record);
    if (!jobRecordDone && (await this.writeJobRecord(record, true))) {
      await store.updateJob(record, { jobRecordWrittenAt: this.now() });
      jobRecordDone = true;
    }
    const ttl = (record.spec as { ttlSecondsAfterFinished?: number })
      .ttlSecondsAfterFinished;
    // Its objects stay until its model version is recorded: the final files may still be on
    // their way to S3 from the aggregator's uploader.
    if (
      ttl !== undefined &&
      versionDone &&
      record.finishedAt &&
      Date.parse(record.finishedAt) + ttl * 1000 <= Date.parse(this.now())
    ) {
      await hub.launcher.delete(record.name);
      await store.updateJob(record, { removedFromHubAt: this.now() });
      this.options.logger.info(
        `Removed job ${record.name} from hub ${hub.name}: ${ttl} s after it finished (its model stays)`,
      );
      return;
    }
    if (versionDone && jobRecordDone && ttl === undefined) {
      const done = `${hub.name}/${liveJobKey(record)}`;
      this.settled.add(done);
      this.progressReadAt.delete(done);
    }
  }

  /** Reads how far a running job got, every few seconds; S3 trouble only leaves it unknown. */
  private async followProgress(record: JobRecord) {
    const location = modelLocationOf({ name: record.name, spec: record.spec });
    if (location?.storage !== 's3' || !this.options.modelStore) return;
    const key = `${record.hub}/${liveJobKey(record)}`;
    if ((this.progressReadAt.get(key) ?? 0) + PROGRESS_EVERY_MS > Date.now()) {
      return;
    }
    this.progressReadAt.set(key, Date.now());
    const artifacts = await this.options.modelStore
      .artifacts(location.ref)
      .catch(() => undefined);
    if (artifacts) await this.recordProgress(record, artifacts.latestRound);
  }

  private async recordProgress(record: JobRecord, latestRound: number) {
    if (latestRound === (record.latestRound ?? 0)) return;
    await this.options.store.updateJob(record, { latestRound });
    this.emit({
      kind: 'lineage',
      type: 'update',
      hub: record.hub,
      name: record.name,
      job: record.name,
    });
  }

  /** job.json goes next to models in S3 (a PVC is the app's to fill). */
  private keepsJobRecord(record: JobRecord) {
    return (
      !!this.options.modelStore &&
      modelLocationOf({ name: record.name, spec: record.spec })?.storage ===
        's3'
    );
  }

  /** Records the version a succeeded job produced; false when it must be tried again. */
  private async addModelVersion(record: JobRecord): Promise<boolean> {
    const location = modelLocationOf({
      name: record.name,
      aggregatorCluster: record.aggregatorCluster,
      runId: record.runId,
      spec: record.spec,
    });
    if (!location) return true;
    let uri: string;
    let files: string[] = [];
    let metricsByRound: Array<{
      round: number;
      metrics: Record<string, number>;
    }> = [];
    if (location.storage === 'pvc') {
      uri = location.uri;
    } else {
      // Without a model store the backend cannot say where an S3 model is.
      if (!this.options.modelStore) return true;
      if (this.waiting(record, 'version')) return false;
      try {
        // Refused, and tried again later, while the spec's location is not configured.
        uri = this.options.modelStore.uriOf(location.ref);
        const artifacts = await this.options.modelStore.artifacts(location.ref);
        const missing = missingFinalFiles(artifacts, {
          framework: record.framework,
          rounds: Number((record.spec as { rounds?: number }).rounds ?? 0),
        });
        if (missing.length > 0) {
          const finished = Date.parse(record.finishedAt ?? this.now());
          if (Date.parse(this.now()) < finished + FINAL_FILES_WAIT_MS)
            return false;
          this.options.logger.warn(
            `The model of job ${record.name} still lacks ${missing.join(
              ', ',
            )} ${
              FINAL_FILES_WAIT_MS / 60_000
            } min after the job succeeded; its version records the files that are there`,
          );
        }
        files = artifacts.files;
        metricsByRound = artifacts.metrics;
        await this.recordProgress(record, artifacts.latestRound);
      } catch (error) {
        this.failed(record, 'version', error);
        return false;
      }
    }
    const spec = record.spec as {
      frameworkVersion?: string;
      rounds?: number;
      baseModel?: string;
    };
    const { version, added } = await this.options.store.addModelVersion(
      record,
      {
        hub: record.hub,
        job: record.name,
        framework: record.framework,
        frameworkVersion: spec.frameworkVersion,
        rounds: spec.rounds ?? 0,
        location: uri,
        storage: location.storage,
        files,
        metrics: metricsByRound[metricsByRound.length - 1]?.metrics ?? {},
        metricsByRound,
        aggregatorCluster: record.aggregatorCluster,
        participants: record.participants,
        baseModel: spec.baseModel,
        createdBy: record.createdBy,
        createdAt: record.finishedAt ?? this.now(),
      },
      record.model,
    );
    if (added) {
      this.emit({
        kind: 'models',
        type: 'add',
        hub: record.hub,
        name: record.model,
        job: record.name,
        version,
      });
    }
    return true;
  }

  /** Writes job.json next to an S3 model; returns whether it was written. */
  private async writeJobRecord(record: JobRecord, final: boolean) {
    const location = modelLocationOf({ name: record.name, spec: record.spec });
    const modelStore = this.options.modelStore;
    if (location?.storage !== 's3' || !modelStore) return false;
    if (this.waiting(record, 'job.json')) return false;
    try {
      await modelStore.writeJobRecord(location.ref, {
        job: record.name,
        hub: record.hub,
        model: record.model,
        framework: record.framework,
        spec: record.spec,
        aggregatorCluster: record.aggregatorCluster,
        participants: record.participants,
        createdBy: record.createdBy,
        createdAt: record.createdAt,
        phaseHistory: await this.options.store.phaseHistory(record),
        ...(final && {
          outcome: {
            phase: record.phase,
            reason: record.reason,
            finishedAt: record.finishedAt,
            vanishedClusters: record.vanishedClusters,
          },
        }),
      });
      return true;
    } catch (error) {
      this.failed(record, 'job.json', error);
      return false;
    }
  }

  private waiting(record: JobRecord, what: string) {
    const at = this.retryAt.get(`${record.hub}/${record.name}/${what}`);
    return at !== undefined && at > Date.now();
  }

  private failed(record: JobRecord, what: string, error: unknown) {
    this.retryAt.set(
      `${record.hub}/${record.name}/${what}`,
      Date.now() + RETRY_AFTER_MS,
    );
    this.options.logger.warn(
      `Could not ${
        what === 'version' ? 'read the model of' : 'write job.json of'
      } job ${record.name}; trying again in ${RETRY_AFTER_MS / 60_000} min: ${
        (error as Error).message
      }`,
    );
  }
}
