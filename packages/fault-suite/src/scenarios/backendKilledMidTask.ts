import { KubeConfig } from '@kubernetes/client-node';
import { eventually } from '@ocm-fl/hub-simulator/testing';
import { Knex } from 'knex';
import { SuiteBackend } from '../backend/suiteBackend';
import { lineageOf, lineageProblems } from '../backend/lineageAudit';
import {
  SCAFFOLDER_CLIENTS,
  startFlowerTemplate,
  taskOutcome,
} from '../backend/scaffolderTask';
import { auditJob, duplicatesOf } from '../hubAudit';
import { newResult, ScenarioResult } from '../report';
import { apiAgreesWithLineage } from './apiAgreement';

/** What one placed launch makes: its Placement, the aggregator's work, a work per client. */
export const PLACED_JOB_OBJECTS = {
  works: SCAFFOLDER_CLIENTS + 1,
  placements: 1,
};

/**
 * `kill -9` of the backend while a scaffolder task launches a 50-cluster job, then the
 * backend started again (or, with two replicas, the other one) on the same database: Backstage's task
 * recovery starts the task over, which launches the same run again with a new PKI. The task
 * must finish, leaving one Placement, one aggregator work and one client work per chosen
 * cluster, and one lineage record whose training succeeds: the training needs every client,
 * so the clients the cut attempt started must have been started over with the new keys (the
 * simulator judges TLS from what each pod read at its start).
 */
export async function backendKilledMidTask(options: {
  scenario: string;
  kc: KubeConfig;
  job: string;
  /**
   * One backend, killed and started again; or two replicas: the one that runs the task is
   * killed and the task must resume on the other.
   */
  backends: [SuiteBackend] | [SuiteBackend, SuiteBackend];
  lineage: Knex;
  log: (line: string) => void;
}): Promise<ScenarioResult> {
  const { kc, job, backends, log } = options;
  const started = Date.now();
  const result = newResult(options.scenario, { launches: 1 });
  const task = await startFlowerTemplate(backends[0], job);
  const cut = await eventually(async () => {
    const audit = await auditJob(kc, job);
    return audit.works.length >= 5 ? audit : undefined;
  }, 120_000);
  // Whichever replica's worker claimed the task.
  const killed =
    backends.length === 1
      ? backends[0]
      : await eventually(() => backends.find(b => b.ranTask(task.taskId)));
  const killMs = await killed.stop('SIGKILL');
  const atKill = await auditJob(kc, job);
  log(
    `  killed ${killed.name} (${killMs} ms) with ${atKill.works.length} of ${PLACED_JOB_OBJECTS.works} works made`,
  );
  if (cut.works.length >= PLACED_JOB_OBJECTS.works)
    result.problems.push('the launch had made every work before the kill');

  let resumeOn = backends.find(b => b !== killed);
  if (!resumeOn) {
    const startMs = await killed.start();
    log(`  ${killed.name} started again in ${(startMs / 1000).toFixed(1)} s`);
    resumeOn = killed;
  }
  const resumed = Date.now();
  // Recovery: the task's heartbeat goes stale, a backend's recovery loop (every 10 s)
  // reopens it and a worker claims it again.
  const outcome = await taskOutcome(resumeOn, task, 180_000);
  log(
    `  the task ${outcome.status} on ${resumeOn.name} ${(
      (Date.now() - resumed) /
      1000
    ).toFixed(1)} s after ${resumeOn === killed ? 'its restart' : 'the kill'}`,
  );
  if (outcome.status !== 'completed') {
    result.problems.push(
      `the task ${outcome.status}: ${outcome.log.slice(-3).join(' | ')}`,
    );
  } else {
    result.succeeded++;
  }
  const audit = await auditJob(kc, job);
  result.duplicates += duplicatesOf(audit, PLACED_JOB_OBJECTS);
  if (audit.works.length < PLACED_JOB_OBJECTS.works)
    result.problems.push(
      `${PLACED_JOB_OBJECTS.works - audit.works.length} works are missing`,
    );
  if (audit.placements.length < 1) result.problems.push('no Placement');

  // The training runs to its end; its one record follows it there.
  const lineage = await eventually(async () => {
    const found = await lineageOf(options.lineage, job);
    return found.records.length > 0 &&
      found.records.every(r => r.phase === 'Succeeded') &&
      found.modelVersions > 0
      ? found
      : undefined;
  }, 120_000).catch(() => lineageOf(options.lineage, job));
  result.problems.push(...lineageProblems(job, lineage, 'Succeeded'));
  result.problems.push(
    ...(await apiAgreesWithLineage(resumeOn, [job], options.lineage)),
  );
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
