import { KubeConfig } from '@kubernetes/client-node';
import { JobLauncher, RetryPolicy } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { eventually } from '@ocm-fl/hub-simulator/testing';
import { auditJob, duplicatesOf, objectCount } from '../hubAudit';
import { newResult, ScenarioResult } from '../report';
import { EXPECTED_OBJECTS, fiftyClusterJob } from './fiftyClusterJob';

/**
 * Launches 50-cluster jobs while the hub misbehaves, then reads the hub with the faults off.
 * A launch that succeeded must have made exactly its objects, once; one that failed must
 * have taken back everything, or named in its error what it could not delete.
 */
export async function launchUnderFaults(options: {
  sim: HubSimulator;
  kc: KubeConfig;
  scenario: string;
  faults: Partial<HubSimulator['faults']>;
  launches: number;
  mustSucceed: boolean;
  /** How long the launcher keeps trying one call; its default when left out. */
  retry?: RetryPolicy;
  log: (line: string) => void;
}): Promise<ScenarioResult> {
  const { sim, kc } = options;
  const started = Date.now();
  const launcher = new JobLauncher({
    kubeConfig: kc,
    namespace: 'federated-learning',
    storageLocations: [],
    waits: { pollMs: 50 },
    retry: options.retry,
  });
  const result = newResult(options.scenario, {
    launches: options.launches,
    mustSucceed: options.mustSucceed,
  });
  const slug = options.scenario.replace(/[^a-z0-9]+/g, '-').replace(/-$/, '');
  for (let i = 1; i <= options.launches; i++) {
    const job = `${slug}-${i}`;
    Object.assign(sim.faults, options.faults);
    const launchStarted = Date.now();
    const error = await launcher.launch(fiftyClusterJob(job)).then(
      () => undefined,
      (e: Error) => e,
    );
    Object.assign(sim.faults, { errorRate: 0, lostAnswerRate: 0 });
    options.log(
      `  ${job}: ${error ? `failed: ${error.message}` : 'launched'} (${(
        (Date.now() - launchStarted) /
        1000
      ).toFixed(1)} s)`,
    );
    if (!error) {
      result.succeeded++;
      const audit = await auditJob(kc, job);
      result.duplicates += duplicatesOf(audit, EXPECTED_OBJECTS);
      const missing = EXPECTED_OBJECTS.works - audit.works.length;
      if (missing > 0)
        result.problems.push(
          `${job} succeeded but ${missing} works are missing`,
        );
    } else {
      // Deleted works go once their agent removed what they applied.
      const left = await eventually(async () => {
        const audit = await auditJob(kc, job);
        return objectCount(audit) === 0 ? audit : undefined;
      }, 10_000).catch(() => auditJob(kc, job));
      if (error.message.includes('rollback incomplete'))
        result.namedLeftovers += objectCount(left);
      else result.orphans += objectCount(left);
    }
    // The next launch starts on a clean hub; what a named leftover needs is what users run.
    await launcher.delete(job);
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
