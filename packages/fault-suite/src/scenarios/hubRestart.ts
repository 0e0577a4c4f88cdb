import { KubeConfig } from '@kubernetes/client-node';
import { HubCache, JobLauncher } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { eventually } from '@ocm-fl/hub-simulator/testing';
import { auditJob, duplicatesOf } from '../hubAudit';
import { newResult, ScenarioResult } from '../report';
import { EXPECTED_OBJECTS, fiftyClusterJob } from './fiftyClusterJob';

/** How soon the portal's cache must agree with a hub that came back (issue: within 5 s). */
const CACHE_AGREES_WITHIN_MS = 5_000;

/**
 * The hub's API server restarts twice while the portal's cache follows it: once in the
 * middle of a launch, over intact storage (the launch rides it out with retries and makes
 * its job once), and once from an empty state (the cache drops every job the hub no longer
 * has, within 5 s, instead of serving them on).
 */
export async function hubRestart(options: {
  sim: HubSimulator;
  kc: KubeConfig;
}): Promise<ScenarioResult> {
  const { sim, kc } = options;
  const started = Date.now();
  const result = newResult('hub restarts', { launches: 1 });
  const namespace = 'federated-learning';
  const cache = new HubCache({ kubeConfig: kc, namespace });
  await cache.start();
  try {
    const launcher = new JobLauncher({
      kubeConfig: kc,
      namespace,
      storageLocations: [],
      waits: { pollMs: 50 },
    });
    const job = 'hub-restart';
    const launch = launcher.launch(fiftyClusterJob(job)).then(
      () => undefined,
      (e: Error) => e,
    );
    await eventually(
      async () =>
        (await auditJob(kc, job)).works.length > 0 ? true : undefined,
      60_000,
    );
    await sim.restart({ state: 'keep', downMs: 2_000 });
    const error = await launch;
    if (error) {
      result.problems.push(
        `the launch across a restart failed: ${error.message}`,
      );
    } else {
      result.succeeded++;
      const audit = await auditJob(kc, job);
      result.duplicates += duplicatesOf(audit, EXPECTED_OBJECTS);
      if (audit.works.length < EXPECTED_OBJECTS.works)
        result.problems.push('the launch across a restart is missing works');
    }
    await eventually(
      () => (cache.jobNames().includes(job) ? true : undefined),
      CACHE_AGREES_WITHIN_MS,
    ).catch(() =>
      result.problems.push(`the cache did not show ${job} after the restart`),
    );

    const restarted = Date.now();
    await sim.restart({ state: 'fresh', downMs: 1_000 });
    const agreed = await eventually(() => {
      const state = cache.state();
      return cache.jobNames().length === 0 && state.synced && !state.stale
        ? Date.now()
        : undefined;
    }, 1_000 + CACHE_AGREES_WITHIN_MS).catch(() => undefined);
    if (!agreed)
      result.problems.push(
        `the cache still showed ${cache.jobNames().join(', ')} more than ${
          CACHE_AGREES_WITHIN_MS / 1000
        } s after the hub came back empty`,
      );
    else
      process.stderr.write(
        `  the cache agreed with the emptied hub ${
          agreed - restarted
        } ms after the restart began\n`,
      );
  } finally {
    await cache.stop();
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
