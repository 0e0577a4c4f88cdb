import { ocmFlLabels } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { KubeObject } from '../store/types';
import { CommandCheck, commandProblems } from './frameworks';
import { NamespacedLookup, podTrouble, PodTrouble } from './podStartup';
import { idKey, SimulatedCluster } from './SimulatedCluster';
import { condition, stamp } from '../store/conditions';

export interface WorkloadTimings {
  /** How long a Deployment takes to become available. */
  deploymentReadyMs: number;
  /** How long a plain Job (not an FL workload) runs. */
  jobDurationMs: number;
  /**
   * How long one second of a workload's own clock lasts: its `progressDeadlineSeconds`,
   * `activeDeadlineSeconds` and the crash back-off between restarts.
   */
  deadlineSecondMs: number;
}

/** A Job that belongs to an FL job: its end is decided by the FL runtime, not a timer. */
export function flJobOf(resource: KubeObject): string | undefined {
  return resource.metadata?.labels?.[ocmFlLabels.job];
}

/**
 * The status a workload has right after it is applied, and the transitions a real
 * cluster's controllers would make, scheduled on the cluster's timers. `changed` is called
 * after each transition so that the work agent can report it. A workload whose pods cannot
 * run (see `podTrouble`) does not become available: a Deployment says why in its
 * conditions, a Job stays active until its deadline or back-off limit fails it.
 */
export function startWorkload(
  cluster: SimulatedCluster,
  key: string,
  timings: WorkloadTimings,
  changed: () => void,
  checkCommand: CommandCheck = commandProblems,
) {
  const resource = cluster.resources.get(key)!;
  // New pods start for a changed workload; until they run, nothing reads files.
  cluster.readAtStart.delete(key);
  // Timers of an earlier version of the object must not touch a re-applied one.
  const current = () => {
    const found = cluster.resources.get(key);
    return found?.spec === resource.spec ? found : undefined;
  };
  const update = (status: Record<string, unknown>) => {
    const found = current();
    if (!found) return;
    cluster.resources.set(key, {
      ...found,
      status: { ...(found.status as object), ...status },
    });
    changed();
  };
  const spec = (resource.spec ?? {}) as Record<string, any>;
  const namespace = resource.metadata?.namespace ?? '';
  const trouble = () =>
    podTrouble(
      spec.template,
      namespace,
      lookupIn(cluster, namespace),
      checkCommand,
      cluster.kubernetesVersion,
    );
  const failing =
    flJobOf(resource) !== undefined &&
    cluster.failingJobs.has(flJobOf(resource)!);
  switch (`${resource.apiVersion}/${resource.kind}`) {
    case 'apps/v1/Deployment': {
      const replicas = spec.replicas ?? 1;
      cluster.resources.set(key, {
        ...resource,
        status: {
          replicas,
          readyReplicas: 0,
          availableReplicas: 0,
          updatedReplicas: replicas,
          observedGeneration: 1,
        },
      });
      if (failing) {
        cluster.later(timings.deploymentReadyMs, () =>
          update({
            conditions: [
              {
                type: 'Available',
                status: 'False',
                reason: 'MinimumReplicasUnavailable',
                lastTransitionTime: stamp(),
              },
              // What the Deployment controller says once progressDeadlineSeconds pass.
              {
                type: 'Progressing',
                status: 'False',
                reason: 'ProgressDeadlineExceeded',
                lastTransitionTime: stamp(),
              },
            ],
          }),
        );
        return;
      }
      const deadlineMs =
        (spec.progressDeadlineSeconds ?? 600) * timings.deadlineSecondMs;
      const startedAt = Date.now();
      const settle = () => {
        const found = current();
        if (!found) return;
        const problem = trouble();
        if (!problem) {
          recordReadAtStart(cluster, key, namespace);
          update({
            readyReplicas: replicas,
            availableReplicas: replicas,
            unavailableReplicas: 0,
            conditions: [
              condition('Available', true, 'MinimumReplicasAvailable', ''),
            ],
          });
          return;
        }
        // The Deployment controller's conditions (pkg/controller/deployment/util), with
        // the pods' reason added, which a real cluster shows only on the pods.
        const conditions = [
          condition(
            'Available',
            false,
            'MinimumReplicasUnavailable',
            `Deployment does not have minimum availability. ${podSays(
              problem,
            )}`,
          ),
          Date.now() - startedAt >= deadlineMs
            ? condition(
                'Progressing',
                false,
                'ProgressDeadlineExceeded',
                `ReplicaSet of Deployment "${
                  resource.metadata.name
                }" has timed out progressing. ${podSays(problem)}`,
              )
            : condition(
                'Progressing',
                true,
                'ReplicaSetUpdated',
                `ReplicaSet of Deployment "${resource.metadata.name}" is progressing.`,
              ),
        ];
        if (!sameConditions((found.status as any)?.conditions, conditions))
          update({ unavailableReplicas: replicas, conditions });
        // The kubelet and the scheduler retry: a missing object created later lets it start.
        cluster.later(timings.deploymentReadyMs, settle);
      };
      cluster.later(timings.deploymentReadyMs, settle);
      return;
    }
    case 'batch/v1/Job': {
      const startedAt = Date.now();
      cluster.resources.set(key, {
        ...resource,
        status: { active: 1, ready: 0, startTime: stamp() },
      });
      if (failing) {
        cluster.later(timings.deploymentReadyMs, () =>
          failJob(cluster, key, 'BackoffLimitExceeded', changed),
        );
        return;
      }
      const activeDeadlineMs =
        spec.activeDeadlineSeconds === undefined
          ? Infinity
          : spec.activeDeadlineSeconds * timings.deadlineSecondMs;
      const active = () => {
        const found = current();
        return found && !jobEnded(found) ? found : undefined;
      };
      const failIfCurrent = (reason: string, message: string) => {
        if (active()) failJob(cluster, key, reason, changed, message);
      };
      const settle = () => {
        if (!active()) return;
        const problem = trouble();
        if (!problem) {
          recordReadAtStart(cluster, key, namespace);
          update({ ready: 1 });
          if (flJobOf(resource) === undefined)
            cluster.later(timings.jobDurationMs, () => {
              if (active()) completeJob(cluster, key, changed);
            });
          return;
        }
        // The Job controller's reasons and messages (pkg/controller/job/job_controller.go).
        const deadlineExceeded = () =>
          failIfCurrent(
            'DeadlineExceeded',
            `Job was active longer than specified deadline. ${podSays(
              problem,
            )}`,
          );
        const elapsedMs = Date.now() - startedAt;
        if (problem.state === 'crashing') {
          const backoffMs =
            crashBackOffSeconds(spec.backoffLimit ?? 6) *
            timings.deadlineSecondMs;
          if (backoffMs <= activeDeadlineMs - elapsedMs)
            cluster.later(backoffMs, () =>
              failIfCurrent(
                'BackoffLimitExceeded',
                `Job has reached the specified backoff limit. ${podSays(
                  problem,
                )}`,
              ),
            );
          else cluster.later(activeDeadlineMs - elapsedMs, deadlineExceeded);
          return;
        }
        if (elapsedMs >= activeDeadlineMs) {
          deadlineExceeded();
          return;
        }
        cluster.later(
          Math.min(timings.deploymentReadyMs, activeDeadlineMs - elapsedMs),
          settle,
        );
      };
      cluster.later(timings.deploymentReadyMs, settle);
      return;
    }
    case 'v1/Service': {
      if (spec.type === 'LoadBalancer') {
        cluster.resources.set(key, {
          ...resource,
          status: { loadBalancer: {} },
        });
        cluster.later(timings.deploymentReadyMs / 2, () =>
          update({
            loadBalancer: { ingress: [cluster.loadBalancerIngress()] },
          }),
        );
      }
      return;
    }
    case 'v1/PersistentVolumeClaim':
      cluster.resources.set(key, {
        ...resource,
        status: { phase: 'Bound', capacity: spec.resources?.requests ?? {} },
      });
      return;
    default:
      return;
  }
}

/**
 * What the workload's pods read as they start: the namespace's ConfigMaps and Secrets now.
 * The kubelet refreshes mounted files later, but a running process keeps what it read:
 * Flower 1.26's SuperNode reads its root certificates and authentication key once as it
 * starts (flwr/supernode/cli/flower_supernode.py `flower_supernode`, calling
 * flwr/common/args.py `try_obtain_root_certificates` and `_try_setup_client_authentication`;
 * the SuperLink likewise `try_obtain_server_certificates`; adap/flower v1.26.1). OpenFL's
 * parties are taken alike.
 */
function recordReadAtStart(
  cluster: SimulatedCluster,
  key: string,
  namespace: string,
) {
  cluster.readAtStart.set(
    key,
    [...cluster.resources.values()].filter(
      r =>
        r.metadata.namespace === namespace &&
        (r.kind === 'Secret' || r.kind === 'ConfigMap'),
    ),
  );
}

/** Whether the workload's pods run: a Deployment available, a Job with a ready pod. */
export function workloadRuns(resource: KubeObject): boolean {
  const status = (resource.status ?? {}) as Record<string, any>;
  if (resource.kind === 'Job') return (status.ready ?? 0) > 0;
  if (resource.kind === 'Deployment')
    return (status.availableReplicas ?? 0) > 0;
  return false;
}

/** Whether a Job has ended: Complete or Failed. */
export function jobEnded(job: KubeObject): boolean {
  return ((job.status as any)?.conditions ?? []).some(
    (c: any) =>
      (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

function lookupIn(
  cluster: SimulatedCluster,
  namespace: string,
): NamespacedLookup {
  return (resource, name) =>
    cluster.resources.get(idKey({ group: '', resource, namespace, name }));
}

function podSays(problem: PodTrouble): string {
  return `Its pods are ${problem.reason}: ${problem.message}`;
}

/**
 * Seconds until a Job whose container exits at start has failed `backoffLimit + 1` times:
 * the retries wait 10 s, doubling up to 6 minutes (DefaultJobPodFailureBackOff and
 * MaxJobPodFailureBackOff in pkg/controller/job/job_controller.go).
 */
function crashBackOffSeconds(backoffLimit: number): number {
  let total = 0;
  for (let retry = 0; retry < backoffLimit; retry += 1)
    total += Math.min(10 * 2 ** retry, 360);
  return total;
}

function sameConditions(
  before: Array<Record<string, unknown>> | undefined,
  after: Array<Record<string, unknown>>,
): boolean {
  const strip = (c: Record<string, unknown>) => ({
    ...c,
    lastTransitionTime: undefined,
  });
  return (
    before?.length === after.length &&
    before.every(
      (c, i) => JSON.stringify(strip(c)) === JSON.stringify(strip(after[i])),
    )
  );
}

/** Ends a simulated Job as the Job controller would: Complete, or Failed with a reason. */
function endJob(
  cluster: SimulatedCluster,
  key: string,
  outcome:
    | { succeeded: true }
    | { failed: true; reason: string; message?: string },
  changed: () => void,
) {
  const job = cluster.resources.get(key);
  if (!job) return;
  const now = stamp();
  const conditions =
    'succeeded' in outcome
      ? [
          {
            type: 'SuccessCriteriaMet',
            status: 'True',
            lastTransitionTime: now,
          },
          { type: 'Complete', status: 'True', lastTransitionTime: now },
        ]
      : [
          {
            type: 'FailureTarget',
            status: 'True',
            reason: outcome.reason,
            message: outcome.message ?? '',
            lastTransitionTime: now,
          },
          {
            type: 'Failed',
            status: 'True',
            reason: outcome.reason,
            message: outcome.message ?? '',
            lastTransitionTime: now,
          },
        ];
  cluster.resources.set(key, {
    ...job,
    status: {
      ...(job.status as object),
      active: 0,
      ready: 0,
      ...('succeeded' in outcome
        ? { succeeded: 1, completionTime: now }
        : { failed: 1 }),
      conditions,
    },
  });
  changed();
}

export function completeJob(
  cluster: SimulatedCluster,
  key: string,
  changed: () => void,
) {
  endJob(cluster, key, { succeeded: true }, changed);
}

export function failJob(
  cluster: SimulatedCluster,
  key: string,
  reason: string,
  changed: () => void,
  message?: string,
) {
  endJob(cluster, key, { failed: true, reason, message }, changed);
}
