import {
  availableCluster,
  runningClientWork,
  unsatisfiedPlacement,
} from '../__fixtures__';
import { ManagedCluster } from '../placement/types';
import { deriveJobStatus, JobStatusInput, WorkObject } from './deriveJobStatus';

const LABEL = 'federated-learning.open-cluster-management.io';
const cluster = (name: string, available = 'True'): ManagedCluster => ({
  metadata: { name },
  status: {
    conditions: [
      { type: 'ManagedClusterConditionAvailable', status: available as any },
    ],
  },
});
const cond = (type: string, status: 'True' | 'False', message = '') => ({
  type,
  status,
  message,
});

function work(
  ns: string,
  role: 'aggregator' | 'client',
  state: {
    conditions?: any[];
    job?: Record<string, number | string>;
    deployment?: number;
    /** More feedback of the Deployment than its AvailableReplicas. */
    deploymentFeedback?: Record<string, string>;
  },
): WorkObject {
  const values = (feedback: Record<string, number | string>) =>
    Object.entries(feedback).map(([name, value]) => ({
      name,
      fieldValue:
        typeof value === 'number' ? { integer: value } : { string: value },
    }));
  const manifests = [
    ...(state.job
      ? [
          {
            resourceMeta: {
              kind: 'Job',
              name: role === 'aggregator' ? 'aggregator' : 'collaborator',
            },
            statusFeedback: { values: values(state.job) },
          },
        ]
      : []),
    ...(state.deployment !== undefined
      ? [
          {
            resourceMeta: { kind: 'Deployment', name: 'supernode' },
            statusFeedback: {
              values: values({
                AvailableReplicas: state.deployment,
                ...state.deploymentFeedback,
              }),
            },
          },
        ]
      : []),
  ];
  return {
    metadata: {
      name: `job-${role}`,
      namespace: ns,
      labels: { [`${LABEL}/job`]: 'job', [`${LABEL}/role`]: role },
    },
    status: state.conditions
      ? { conditions: state.conditions, resourceStatus: { manifests } }
      : undefined,
  };
}
// What the OCM work agent sets on a work with no condition rules: nothing says "running".
const ok = [cond('Applied', 'True'), cond('Available', 'True')];
const input = (over: Partial<JobStatusInput>): JobStatusInput => ({
  job: 'job',
  minClients: 2,
  decisions: [],
  works: [],
  clusters: ['agg', 'a', 'b', 'c'].map(n => cluster(n)),
  ...over,
});

describe('deriveJobStatus', () => {
  it('is Pending with the placement reason while nothing is deployed', () => {
    const status = deriveJobStatus(input({ placement: unsatisfiedPlacement }));
    expect(status).toMatchObject({
      phase: 'Pending',
      reason: 'the placement is not satisfied: 1 cluster decisions unscheduled',
    });
  });

  it('is Deploying until the aggregator and minClients clients run, then Running', () => {
    const deploying = deriveJobStatus(
      input({
        works: [
          work('agg', 'aggregator', { conditions: ok, job: { active: 1 } }),
          work('a', 'client', { conditions: ok, job: { active: 1 } }),
          work('b', 'client', {}),
        ],
      }),
    );
    expect(deploying).toMatchObject({
      phase: 'Deploying',
      reason: '1 of 2 required clients running',
    });
    expect(deploying.clusters.map(c => [c.cluster, c.state])).toEqual([
      ['agg', 'Running'],
      ['a', 'Running'],
      ['b', 'Pending'],
    ]);
    const running = deriveJobStatus(
      input({
        works: [
          work('agg', 'aggregator', { conditions: ok, job: { active: 1 } }),
          work('a', 'client', { conditions: ok, deployment: 1 }),
          work('b', 'client', { conditions: ok, deployment: 1 }),
        ],
      }),
    );
    expect(running).toMatchObject({
      phase: 'Running',
      reason: 'aggregator and 2 clients running',
    });
  });

  it('is Succeeded when the aggregator Job succeeded, Failed when it failed', () => {
    expect(
      deriveJobStatus(
        input({
          works: [
            work('agg', 'aggregator', {
              conditions: ok,
              job: { succeeded: 1 },
            }),
          ],
        }),
      ).phase,
    ).toBe('Succeeded');
    const failed = deriveJobStatus(
      input({
        works: [
          work('agg', 'aggregator', {
            // The agent's Job rule says Complete for a failed Job too.
            conditions: [...ok, cond('Complete', 'True')],
            job: {
              failed: 1,
              JobFailed: 'True',
              JobFailedReason: 'DeadlineExceeded',
            },
          }),
        ],
      }),
    );
    expect(failed).toMatchObject({
      phase: 'Failed',
      reason:
        'the aggregator failed: the aggregator Job failed on agg (DeadlineExceeded)',
    });
  });

  it('keeps a Job whose pod failed running while its backoffLimit allows a retry', () => {
    const status = deriveJobStatus(
      input({
        works: [
          work('agg', 'aggregator', {
            conditions: ok,
            job: { active: 1, failed: 1 },
          }),
        ],
      }),
    );
    expect(status.clusters[0]).toMatchObject({ state: 'Running' });
  });

  it('fails a client whose Deployment exceeded its progress deadline', () => {
    const status = deriveJobStatus(
      input({
        minClients: 1,
        works: [
          work('agg', 'aggregator', { conditions: ok, job: { active: 1 } }),
          work('a', 'client', {
            conditions: ok,
            deployment: 0,
            deploymentFeedback: {
              ProgressingReason: 'ProgressDeadlineExceeded',
            },
          }),
        ],
      }),
    );
    expect(status).toMatchObject({
      phase: 'Failed',
      reason: '0 of 1 required clients remain: a is failed',
    });
    expect(status.clusters[1].reason).toBe(
      "the client's Deployment supernode did not become available on a (ProgressDeadlineExceeded)",
    );
  });

  it('waits for the Deployments to be available, not just the work', () => {
    const status = deriveJobStatus(
      input({
        minClients: 1,
        works: [
          work('agg', 'aggregator', { conditions: ok, job: { active: 1 } }),
          work('a', 'client', { conditions: ok, deployment: 0 }),
        ],
      }),
    );
    expect(status.clusters[1]).toMatchObject({
      state: 'Applied',
      reason: 'applied on a, workloads starting',
    });
    expect(status.phase).toBe('Deploying');
  });

  it('ends the clients that still run when the job succeeds, and only those', () => {
    const status = deriveJobStatus(
      input({
        works: [
          work('agg', 'aggregator', { conditions: ok, job: { succeeded: 1 } }),
          work('a', 'client', { conditions: ok, deployment: 1 }),
          work('b', 'client', { conditions: ok, job: { succeeded: 1 } }),
          work('c', 'client', { conditions: ok, deployment: 0 }),
        ],
      }),
    );
    expect(status.clusters.map(c => [c.cluster, c.state, c.reason])).toEqual([
      ['agg', 'Succeeded', 'the aggregator finished on agg'],
      ['a', 'Succeeded', 'took part until training finished on a'],
      ['b', 'Succeeded', 'the client finished on b'],
      // It never ran: the job's end does not make it a participant.
      ['c', 'Applied', 'applied on c, workloads starting'],
    ]);
  });

  it('fails when too few clients remain, naming the lost clusters', () => {
    const status = deriveJobStatus(
      input({
        clusters: [cluster('agg'), cluster('a'), cluster('b', 'Unknown')],
        works: [
          work('agg', 'aggregator', { conditions: ok, job: { active: 1 } }),
          work('a', 'client', { conditions: ok, job: { active: 1 } }),
          work('b', 'client', { conditions: ok, job: { active: 1 } }),
        ],
      }),
    );
    expect(status).toMatchObject({
      phase: 'Failed',
      reason: '1 of 2 required clients remain: b is unreachable',
    });
    expect(status.clusters.find(c => c.cluster === 'b')).toMatchObject({
      state: 'Unreachable',
    });
  });

  it('reports a work that could not be applied', () => {
    const status = deriveJobStatus(
      input({
        works: [
          work('agg', 'aggregator', {
            conditions: [
              cond('Applied', 'False', 'ConfigMap has no metadata.name'),
            ],
          }),
        ],
      }),
    );
    expect(status).toMatchObject({
      phase: 'Failed',
      reason: 'the aggregator failed: ConfigMap has no metadata.name',
    });
  });

  it('is Stopped when stopped on purpose', () => {
    expect(deriveJobStatus(input({ stopped: true })).phase).toBe('Stopped');
  });

  it('is Stopped, not Pending, while its works are being deleted and its aggregator is gone', () => {
    const deleting = (w: WorkObject): WorkObject => ({
      ...w,
      metadata: { ...w.metadata, deletionTimestamp: '2026-12-03T12:00:00Z' },
    });
    const running = { conditions: ok, deployment: 1 };
    const status = deriveJobStatus(
      input({
        works: [
          deleting(
            work('agg', 'aggregator', { conditions: ok, job: { active: 1 } }),
          ),
          work('a', 'client', running),
          work('b', 'client', running),
        ],
      }),
    );
    expect(status).toMatchObject({
      phase: 'Stopped',
      reason: 'the job was stopped: its workloads were removed',
    });
  });
});

describe('deriveJobStatus over objects as the hub serves them', () => {
  it('reads a client whose Deployments the work agent reports available as Running', () => {
    const status = deriveJobStatus({
      job: 'mnist',
      minClients: 2,
      decisions: [],
      works: [runningClientWork],
      clusters: [availableCluster],
    });
    expect(status.clusters).toEqual([
      {
        cluster: 'hospital-berlin',
        role: 'client',
        state: 'Running',
        reason: 'running on hospital-berlin',
      },
    ]);
  });
});
