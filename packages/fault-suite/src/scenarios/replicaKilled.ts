import { KubeConfig } from '@kubernetes/client-node';
import { JobLauncher } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import {
  eventually,
  testJobStorage,
  testStorageLocation,
} from '@ocm-fl/hub-simulator/testing';
import { Knex } from 'knex';
import { SuiteBackend } from '../backend/suiteBackend';
import { lineageOf, lineageProblems } from '../backend/lineageAudit';
import { auditJob, objectCount } from '../hubAudit';
import { ScenarioResult } from '../report';
import { backendKilledMidTask } from './backendKilledMidTask';

/** Seconds a finished job stays on the hub before the lifecycle task removes it. */
const TTL_SECONDS = 5;

/**
 * Two replicas on one PostgreSQL and one hub. A training keeps its model in S3 and leaves the
 * hub 5 s after it ends; while it runs, a scaffolder task launches a 50-cluster job and the
 * replica that runs the task is killed (`kill -9`). The other replica resumes the task (one
 * Placement, one work per cluster, one record) and finishes the training's bookkeeping: one
 * record in its final phase, no change recorded twice, one model version, its final job.json
 * and one removal from the hub.
 */
export async function replicaKilled(options: {
  kc: KubeConfig;
  s3: { endpoint: string; bucket: string };
  replicas: [SuiteBackend, SuiteBackend];
  lineage: Knex;
  log: (line: string) => void;
}): Promise<ScenarioResult> {
  const { kc, replicas, log } = options;
  const started = Date.now();
  const training = 'replicas-training';
  await new JobLauncher({
    kubeConfig: kc,
    namespace: 'federated-learning',
    storageLocations: [testStorageLocation(options.s3, 'runs')],
    waits: { pollMs: 50 },
  }).launch({
    name: training,
    framework: 'flower',
    image: 'registry.example.org/fl/mnist-app:1.0',
    // At the simulator's 100 ms per round: still running when the replica dies.
    rounds: 300,
    minClients: 2,
    clients: { clusters: ['cluster-00000', 'cluster-00001'] },
    data: { type: 'hostPath', path: '/data' },
    aggregator: { cluster: 'cluster-00057' },
    storage: testJobStorage(),
    ttlSecondsAfterFinished: TTL_SECONDS,
  });
  await eventually(async () => {
    const found = await lineageOf(options.lineage, training);
    return found.records[0]?.phase === 'Running' ? true : undefined;
  }, 60_000);

  const result = await backendKilledMidTask({
    scenario: 'replica kill -9 mid-task and mid-job (PostgreSQL)',
    kc,
    job: 'replicas-task',
    backends: replicas,
    lineage: options.lineage,
    log,
  });
  result.launches++;

  const finished = await eventually(async () => {
    const found = await lineageOf(options.lineage, training);
    return found.removedFromHub > 0 ? found : undefined;
  }, 120_000).catch(() => lineageOf(options.lineage, training));
  const problems = lineageProblems(training, finished, 'Succeeded');
  if (finished.finalJobRecords !== 1)
    problems.push(
      `${training}: its final job.json was not recorded as written`,
    );
  if (finished.removedFromHub !== 1)
    problems.push(`${training}: not removed from the hub after its TTL`);
  const removals = replicas.flatMap(r =>
    r.logLines(`Removed job ${training} from hub`),
  );
  if (removals.length !== 1)
    problems.push(
      `${training}: removed from the hub ${removals.length} times, not once`,
    );
  const left = objectCount(await auditJob(kc, training));
  if (left > 0)
    problems.push(
      `${training}: ${left} objects still on the hub after its TTL`,
    );
  if (problems.length === 0) result.succeeded++;
  result.problems.push(...problems);
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
