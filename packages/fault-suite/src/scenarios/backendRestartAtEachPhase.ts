import { KubeConfig } from '@kubernetes/client-node';
import { JobLauncher } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { eventually } from '@ocm-fl/hub-simulator/testing';
import { Knex } from 'knex';
import { SuiteBackend } from '../backend/suiteBackend';
import {
  lifecyclePassRunning,
  lineageOf,
  lineageProblems,
} from '../backend/lineageAudit';
import { auditJob, duplicatesOf } from '../hubAudit';
import { newResult, ScenarioResult } from '../report';
import { apiAgreesWithLineage } from './apiAgreement';

/**
 * A small Flower job with named clients, quick to launch, as many rounds as asked. Its
 * aggregator is reached on a NodePort: the launch need not hear from the aggregator's
 * cluster (a LoadBalancer's address comes back through it).
 */
function smallJob(name: string, aggregator: string, rounds: number) {
  return {
    name,
    framework: 'flower',
    image: 'registry.example.org/fl/mnist-app:1.0',
    rounds,
    minClients: 2,
    clients: { clusters: ['cluster-00000', 'cluster-00001'] },
    data: { type: 'hostPath', path: '/data' },
    aggregator: {
      cluster: aggregator,
      exposure: {
        type: 'NodePort',
        address: `${aggregator}.nodes.example.org`,
        nodePort: 30092,
      },
    },
    storage: { type: 'pvc' },
  };
}

/**
 * The backend stopped (TERM or KILL) and started again on the same database while it follows
 * one job in each phase: one Deploying (its aggregator's cluster stops reporting until the
 * backend is back), one Running (long enough to finish while the backend is down or after),
 * one Succeeded (its version recorded before the stop), one Failed (a client's workload
 * fails) and one Stopped (stopped by a person). (Pending, before the aggregator's work
 * exists, is the mid-launch kill's.) Afterwards every job has one record that reached its
 * terminal phase, no change recorded twice, one model version per succeeded training, and
 * the API agrees with the lineage.
 */
export async function backendRestartAtEachPhase(options: {
  scenario: string;
  signal: 'SIGTERM' | 'SIGKILL';
  sim: HubSimulator;
  kc: KubeConfig;
  backend: SuiteBackend;
  lineage: Knex;
  /** Prefix of the job names, unique per run. */
  prefix: string;
  log: (line: string) => void;
}): Promise<ScenarioResult> {
  const { sim, kc, backend, log, prefix } = options;
  const started = Date.now();
  const result = newResult(options.scenario, { launches: 5 });
  const launcher = new JobLauncher({
    kubeConfig: kc,
    namespace: 'federated-learning',
    storageLocations: [],
    waits: { pollMs: 50 },
  });
  const jobs = {
    Deploying: `${prefix}-deploying`,
    Running: `${prefix}-running`,
    Succeeded: `${prefix}-succeeded`,
    Failed: `${prefix}-failed`,
    Stopped: `${prefix}-stopped`,
  };
  /** The phase each job's record must end in, after the restart. */
  const finalPhase: Record<keyof typeof jobs, string> = {
    Deploying: 'Succeeded',
    Running: 'Succeeded',
    Succeeded: 'Succeeded',
    Failed: 'Failed',
    Stopped: 'Stopped',
  };
  // An aggregator cluster of its own that stops reporting once its job is launched (a
  // launch refuses an unavailable one): the hub hears nothing more of its aggregator.
  const silentCluster = 'cluster-00058';
  await launcher.launch(smallJob(jobs.Succeeded, 'cluster-00059', 2));
  await launcher.launch(smallJob(jobs.Deploying, silentCluster, 2));
  sim.setClusterHealth(silentCluster, 'unreachable');
  // Rounds of the simulator's pace (roundDurationMs): a few seconds of training.
  await launcher.launch(smallJob(jobs.Running, 'cluster-00057', 60));
  // One of its two clients cannot run: with minClients 2, the job fails.
  sim.failClientWorkloads('cluster-00000', jobs.Failed);
  await launcher.launch(smallJob(jobs.Failed, 'cluster-00056', 2));
  await launcher.launch(smallJob(jobs.Stopped, 'cluster-00055', 600));
  // Stopped once it is recorded running, as a person stops a job they watch.
  await eventually(async () =>
    (await lineageOf(options.lineage, jobs.Stopped)).records[0]?.phase ===
    'Running'
      ? true
      : undefined,
  ).catch(() => undefined);
  await launcher.stop(jobs.Stopped);

  const seen = await eventually(async () => {
    const phases = await Promise.all(
      Object.entries(jobs).map(
        async ([phase, job]) =>
          (await lineageOf(options.lineage, job)).records[0]?.phase === phase,
      ),
    );
    return phases.every(Boolean) ? phases : undefined;
  }, 60_000).catch(() => undefined);
  if (!seen)
    result.problems.push(
      'the backend did not record a job in each phase before the stop',
    );
  if (options.signal === 'SIGKILL') {
    // In the middle of a pass of the lifecycle task, which a kill cuts short: the hardest
    // moment, as the dead process still holds the task's claim.
    const caught = await eventually(
      async () =>
        (await lifecyclePassRunning(options.lineage)) ? true : undefined,
      30_000,
    ).catch(() => false);
    log(
      caught
        ? '  killing it in the middle of a lifecycle pass'
        : '  no lifecycle pass caught running within 30 s; killing it between passes',
    );
  }
  const stopMs = await backend.stop(options.signal);
  log(`  ${options.signal} stopped ${backend.name} in ${stopMs} ms`);
  sim.setClusterHealth(silentCluster, 'available');
  const startMs = await backend.start();
  log(`  ${backend.name} started again in ${(startMs / 1000).toFixed(1)} s`);

  for (const [phaseAtStop, job] of Object.entries(jobs)) {
    const expected = finalPhase[phaseAtStop as keyof typeof jobs];
    const lineage = await eventually(async () => {
      const found = await lineageOf(options.lineage, job);
      return found.records.length > 0 &&
        found.records.every(r => r.phase === expected) &&
        (expected !== 'Succeeded' || found.modelVersions > 0)
        ? found
        : undefined;
    }, 90_000).catch(() => lineageOf(options.lineage, job));
    const problems = lineageProblems(job, lineage, expected);
    if (problems.length === 0) result.succeeded++;
    result.problems.push(...problems);
    result.duplicates += duplicatesOf(await auditJob(kc, job), {
      works: 3,
      placements: 0,
    });
  }
  result.problems.push(
    ...(await apiAgreesWithLineage(
      backend,
      Object.values(jobs),
      options.lineage,
    )),
  );
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
