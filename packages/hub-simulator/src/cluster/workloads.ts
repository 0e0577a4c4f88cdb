import { ocmFlLabels } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { KubeObject } from '../store/types';
import { SimulatedCluster } from './SimulatedCluster';

export interface WorkloadTimings {
  /** How long a Deployment takes to become available. */
  deploymentReadyMs: number;
  /** How long a plain Job (not an FL workload) runs. */
  jobDurationMs: number;
}

const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** A Job that belongs to an FL job: its end is decided by the FL runtime, not a timer. */
export function flJobOf(resource: KubeObject): string | undefined {
  return resource.metadata?.labels?.[ocmFlLabels.job];
}

/**
 * The status a workload has right after it is applied, and the transitions a real
 * cluster's controllers would make, scheduled on the cluster's timers. `changed` is called
 * after each transition so that the work agent can report it.
 */
export function startWorkload(
  cluster: SimulatedCluster,
  key: string,
  timings: WorkloadTimings,
  changed: () => void,
) {
  const resource = cluster.resources.get(key)!;
  const update = (status: Record<string, unknown>) => {
    const current = cluster.resources.get(key);
    if (!current) return;
    cluster.resources.set(key, {
      ...current,
      status: { ...(current.status as object), ...status },
    });
    changed();
  };
  const spec = (resource.spec ?? {}) as Record<string, any>;
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
      cluster.later(timings.deploymentReadyMs, () =>
        update({
          readyReplicas: replicas,
          availableReplicas: replicas,
          conditions: [
            {
              type: 'Available',
              status: 'True',
              reason: 'MinimumReplicasAvailable',
              lastTransitionTime: stamp(),
            },
          ],
        }),
      );
      return;
    }
    case 'batch/v1/Job': {
      cluster.resources.set(key, {
        ...resource,
        status: { active: 1, startTime: stamp() },
      });
      if (failing) {
        cluster.later(timings.deploymentReadyMs, () =>
          failJob(cluster, key, 'BackoffLimitExceeded', changed),
        );
      } else if (flJobOf(resource) === undefined) {
        cluster.later(timings.jobDurationMs, () =>
          completeJob(cluster, key, changed),
        );
      }
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

/** Ends a simulated Job as the Job controller would: Complete, or Failed with a reason. */
function endJob(
  cluster: SimulatedCluster,
  key: string,
  outcome: { succeeded: true } | { failed: true; reason: string },
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
            lastTransitionTime: now,
          },
          {
            type: 'Failed',
            status: 'True',
            reason: outcome.reason,
            lastTransitionTime: now,
          },
        ];
  cluster.resources.set(key, {
    ...job,
    status: {
      ...(job.status as object),
      active: 0,
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
) {
  endJob(cluster, key, { failed: true, reason }, changed);
}
