import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { BackendDatabase } from './suiteBackend';

/** The ocm-fl plugin's own database of a backend: its lineage store. */
export function openLineageDatabase(database: BackendDatabase): Knex {
  if (database.client === 'pg')
    return knexFactory({
      client: 'pg',
      connection: {
        ...database.connection,
        database: `${database.prefix}ocm-fl`,
      },
      pool: { min: 0, max: 2 },
    });
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(database.directory, 'ocm-fl.sqlite') },
    useNullAsDefault: true,
  });
}

/** What the lineage store holds about the runs of one job name. */
export interface JobLineage {
  /** One entry per record (run): its phase. */
  records: Array<{ runId: string | null; phase: string; createdAt: string }>;
  /** The phases each record went through, in order. */
  histories: string[][];
  modelVersions: number;
  /** Records whose job.json at the end was written. */
  finalJobRecords: number;
  removedFromHub: number;
}

export async function lineageOf(db: Knex, job: string): Promise<JobLineage> {
  const records = await db('ocm_fl_jobs')
    .where({ name: job })
    .orderBy('created_at');
  const histories = await Promise.all(
    records.map(async r =>
      (
        await db('ocm_fl_phase_changes')
          .where({ hub: r.hub, job, job_created_at: r.created_at })
          .orderBy('id')
      ).map(row => row.phase as string),
    ),
  );
  const [{ n }] = await db('ocm_fl_model_versions')
    .where({ job })
    .count({ n: '*' });
  return {
    records: records.map(r => ({
      runId: r.run_id,
      phase: r.phase,
      createdAt: r.created_at,
    })),
    histories,
    modelVersions: Number(n),
    finalJobRecords: records.filter(r => r.job_record_written_at).length,
    removedFromHub: records.filter(r => r.removed_from_hub_at).length,
  };
}

const TERMINAL = ['Succeeded', 'Failed', 'Stopped'];

/**
 * What is wrong with a finished job's lineage: not exactly one record, a record that did not
 * reach a terminal phase (or not the one expected), a change recorded twice, a version count
 * other than one per succeeded training.
 */
export function lineageProblems(
  job: string,
  lineage: JobLineage,
  expectedPhase: string,
): string[] {
  const problems: string[] = [];
  if (lineage.records.length !== 1)
    problems.push(`${job}: ${lineage.records.length} lineage records, not 1`);
  for (const [i, record] of lineage.records.entries()) {
    if (!TERMINAL.includes(record.phase))
      problems.push(`${job}: its record stayed ${record.phase}`);
    else if (record.phase !== expectedPhase)
      problems.push(
        `${job}: its record ended ${record.phase}, not ${expectedPhase}`,
      );
    const history = lineage.histories[i];
    // A job may go back and forth (Running, Deploying when a client is lost, Running), but
    // the same change twice in a row is one change recorded twice.
    if (history.some((phase, j) => j > 0 && history[j - 1] === phase))
      problems.push(
        `${job}: phases recorded more than once: ${history.join(' → ')}`,
      );
  }
  const succeeded = lineage.records.filter(r => r.phase === 'Succeeded').length;
  if (lineage.modelVersions !== succeeded)
    problems.push(
      `${job}: ${lineage.modelVersions} model versions for ${succeeded} finished trainings`,
    );
  return problems;
}

/**
 * Whether a pass of the lifecycle task is running: the scheduler's claim on it (Backstage's
 * scheduler keeps it in the plugin's own database). A backend killed now leaves the claim.
 */
export async function lifecyclePassRunning(db: Knex): Promise<boolean> {
  const row = await db('backstage_backend_tasks__tasks')
    .where({ id: 'ocm-fl-job-lifecycle' })
    .first('current_run_ticket');
  return !!row?.current_run_ticket;
}
