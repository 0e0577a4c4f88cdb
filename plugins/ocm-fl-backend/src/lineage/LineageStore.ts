import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  isFinishedPhase,
  JobPhase,
  ModelVersionView,
  PhaseChange,
  RecordedJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { Knex } from 'knex';

/** Tells one run of a job from another of the same name. */
export interface JobKey {
  hub: string;
  name: string;
  /** ISO time the job was created on the hub. */
  createdAt: string;
}

/** What the store keeps about one job run; it outlives the job's objects on the hub. */
export interface JobRecord extends JobKey, RecordedJob {
  model: string;
  finishedAt?: string;
  /** When job.json was written at the end of the job. */
  jobRecordWrittenAt?: string;
  /** When the job's objects were removed from the hub (TTL or someone deleted them). */
  removedFromHubAt?: string;
}

type JobRow = {
  hub: string;
  name: string;
  created_at: string;
  run_id: string | null;
  model: string;
  framework: string;
  spec: string;
  aggregator_cluster: string;
  participants: string;
  created_by: string | null;
  phase: string;
  reason: string;
  finished_at: string | null;
  vanished_clusters: string;
  job_record_written_at: string | null;
  removed_from_hub_at: string | null;
  latest_round: number | null;
  deleted_at: string | null;
};

/** How a job on the hub is told apart: by its run, or by name and time when unlabelled. */
export function liveJobKey(job: {
  name: string;
  createdAt?: string;
  runId?: string;
}): string {
  return job.runId ? `run:${job.runId}` : `${job.name}/${job.createdAt}`;
}

const keyOf = (key: JobKey) => ({
  hub: key.hub,
  name: key.name,
  created_at: key.createdAt,
});

function fromRow(row: JobRow): JobRecord {
  return {
    hub: row.hub,
    name: row.name,
    createdAt: row.created_at,
    runId: row.run_id ?? undefined,
    model: row.model,
    framework: row.framework,
    spec: JSON.parse(row.spec),
    aggregatorCluster: row.aggregator_cluster,
    participants: JSON.parse(row.participants),
    createdBy: row.created_by ?? undefined,
    phase: row.phase as JobPhase,
    reason: row.reason,
    finishedAt: row.finished_at ?? undefined,
    vanishedClusters: JSON.parse(row.vanished_clusters),
    jobRecordWrittenAt: row.job_record_written_at ?? undefined,
    removedFromHubAt: row.removed_from_hub_at ?? undefined,
    latestRound: row.latest_round ?? undefined,
    deletedAt: row.deleted_at ?? undefined,
  };
}

/**
 * Jobs, their phase history and the model versions they produced, in the plugin's database
 * (SQLite or PostgreSQL through Backstage's database service).
 */
export class LineageStore {
  static async create(database: DatabaseService): Promise<LineageStore> {
    const db = await database.getClient();
    if (!database.migrations?.skip) {
      await db.migrate.latest({
        directory: resolvePackagePath(
          '@ocm-fl/backstage-plugin-ocm-fl-backend',
          'migrations',
        ),
      });
    }
    return new LineageStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /** Records a job the first time it is seen; a second call for the same run changes nothing. */
  async addJob(record: JobRecord, seenAt: string): Promise<void> {
    await this.db.transaction(async tx => {
      const inserted = await tx('ocm_fl_jobs')
        .insert({
          ...keyOf(record),
          run_id: record.runId ?? null,
          model: record.model,
          framework: record.framework,
          spec: JSON.stringify(record.spec),
          aggregator_cluster: record.aggregatorCluster,
          participants: JSON.stringify(record.participants),
          created_by: record.createdBy ?? null,
          phase: record.phase,
          reason: record.reason,
          finished_at: record.finishedAt ?? null,
          vanished_clusters: JSON.stringify(record.vanishedClusters),
        })
        // Either key: the same name and time, or the same run seen through another object.
        .onConflict()
        .ignore()
        .returning('name');
      // Another replica (or an earlier pass) recorded it first: its history entry stands.
      if (inserted.length === 0) return;
      await tx('ocm_fl_phase_changes').insert({
        hub: record.hub,
        job: record.name,
        job_created_at: record.createdAt,
        phase: record.phase,
        reason: record.reason,
        at: seenAt,
      });
    });
  }

  async job(key: JobKey): Promise<JobRecord | undefined> {
    const row = await this.db<JobRow>('ocm_fl_jobs').where(keyOf(key)).first();
    return row ? fromRow(row) : undefined;
  }

  /** The record of a job on the hub: by its run when labelled, else by name and time. */
  async liveJob(
    hub: string,
    job: { name: string; createdAt?: string; runId?: string },
  ): Promise<JobRecord | undefined> {
    if (job.runId) {
      const row = await this.db<JobRow>('ocm_fl_jobs')
        .where({ hub, run_id: job.runId })
        .first();
      if (row) return fromRow(row);
    }
    return job.createdAt
      ? this.job({ hub, name: job.name, createdAt: job.createdAt })
      : undefined;
  }

  /** The latest run of a job of that name, on any hub (for jobs no longer on the hub). */
  async latestJob(name: string): Promise<JobRecord | undefined> {
    const row = await this.db<JobRow>('ocm_fl_jobs')
      .where({ name })
      .orderBy('created_at', 'desc')
      .first();
    return row ? fromRow(row) : undefined;
  }

  /** Runs whose objects are still on the hub, as far as the store knows. */
  async jobsOnHub(hub: string): Promise<JobRecord[]> {
    const rows = await this.db<JobRow>('ocm_fl_jobs')
      .where({ hub })
      .whereNull('removed_from_hub_at');
    return rows.map(fromRow);
  }

  /** The latest round of each job on the hub that has one, by `liveJobKey`. */
  async roundsOnHub(hub: string): Promise<Map<string, number>> {
    const rows = await this.db<JobRow>('ocm_fl_jobs')
      .where({ hub })
      .whereNull('removed_from_hub_at')
      .whereNotNull('latest_round')
      .select('name', 'created_at', 'run_id', 'latest_round');
    return new Map(
      rows.map(row => [
        liveJobKey({
          name: row.name,
          createdAt: row.created_at,
          runId: row.run_id ?? undefined,
        }),
        row.latest_round!,
      ]),
    );
  }

  /** Runs that are no longer on their hub and that nobody deleted, newest first. */
  async archivedJobs(): Promise<JobRecord[]> {
    const rows = await this.db<JobRow>('ocm_fl_jobs')
      .whereNotNull('removed_from_hub_at')
      .whereNull('deleted_at')
      .orderBy('created_at', 'desc');
    return rows.map(fromRow);
  }

  /** A person deleted the run: it leaves the lists; its record and history stay. */
  async markDeleted(key: JobKey, at: string): Promise<void> {
    await this.db('ocm_fl_jobs')
      .where(keyOf(key))
      .whereNull('deleted_at')
      .update({ deleted_at: at });
  }

  /**
   * Moves a job to a new phase and appends it to the history, unless another replica did so
   * first: the update only applies while the job is still in the phase this replica saw.
   */
  async recordPhase(
    record: JobRecord,
    change: { phase: JobPhase; reason: string; at: string },
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const updated = await tx('ocm_fl_jobs')
        .where({ ...keyOf(record), phase: record.phase })
        .update({
          phase: change.phase,
          reason: change.reason,
          finished_at: isFinishedPhase(change.phase) ? change.at : null,
        });
      if (updated === 0) return false;
      await tx('ocm_fl_phase_changes').insert({
        hub: record.hub,
        job: record.name,
        job_created_at: record.createdAt,
        phase: change.phase,
        reason: change.reason,
        at: change.at,
      });
      return true;
    });
  }

  async updateJob(
    key: JobKey,
    patch: Partial<
      Pick<
        JobRecord,
        | 'participants'
        | 'vanishedClusters'
        | 'jobRecordWrittenAt'
        | 'removedFromHubAt'
        | 'latestRound'
        | 'runId'
      >
    >,
  ): Promise<void> {
    await this.db('ocm_fl_jobs')
      .where(keyOf(key))
      .update({
        ...(patch.participants && {
          participants: JSON.stringify(patch.participants),
        }),
        ...(patch.vanishedClusters && {
          vanished_clusters: JSON.stringify(patch.vanishedClusters),
        }),
        ...(patch.jobRecordWrittenAt && {
          job_record_written_at: patch.jobRecordWrittenAt,
        }),
        ...(patch.removedFromHubAt && {
          removed_from_hub_at: patch.removedFromHubAt,
        }),
        ...(patch.latestRound !== undefined && {
          latest_round: patch.latestRound,
        }),
        ...(patch.runId && { run_id: patch.runId }),
      });
  }

  async phaseHistory(key: JobKey): Promise<PhaseChange[]> {
    const rows = await this.db('ocm_fl_phase_changes')
      .where({ hub: key.hub, job: key.name, job_created_at: key.createdAt })
      .orderBy('id');
    return rows.map(row => ({
      phase: row.phase as JobPhase,
      reason: row.reason,
      at: row.at,
    }));
  }

  /**
   * Adds the version a succeeded job produced, numbered after the model's latest. A job adds
   * at most one version; a second call returns the first one's number and `added: false`.
   */
  async addModelVersion(
    key: JobKey,
    version: Omit<ModelVersionView, 'version'>,
    model: string,
  ): Promise<{ version: number; added: boolean }> {
    return this.db.transaction(async tx => {
      const existing = await tx('ocm_fl_model_versions')
        .where({ hub: key.hub, job: key.name, job_created_at: key.createdAt })
        .first();
      if (existing)
        return { version: existing.version as number, added: false };
      const latest = await tx('ocm_fl_model_versions')
        .where({ model })
        .max<{ latest: number | null }>('version as latest')
        .first();
      const number = (latest?.latest ?? 0) + 1;
      await tx('ocm_fl_model_versions').insert({
        model,
        version: number,
        hub: key.hub,
        job: key.name,
        job_created_at: key.createdAt,
        record: JSON.stringify({ ...version, version: number }),
        created_at: version.createdAt,
      });
      return { version: number, added: true };
    });
  }

  /** Every model with its versions, oldest version first. */
  async models(): Promise<Map<string, ModelVersionView[]>> {
    const rows = await this.db('ocm_fl_model_versions').orderBy([
      'model',
      'version',
    ]);
    const models = new Map<string, ModelVersionView[]>();
    for (const row of rows) {
      const versions = models.get(row.model) ?? [];
      versions.push(JSON.parse(row.record));
      models.set(row.model, versions);
    }
    return models;
  }

  async modelVersions(model: string): Promise<ModelVersionView[]> {
    const rows = await this.db('ocm_fl_model_versions')
      .where({ model })
      .orderBy('version');
    return rows.map(row => JSON.parse(row.record));
  }
}
