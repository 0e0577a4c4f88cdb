import { eventually } from '@ocm-fl/hub-simulator/testing';
import { SuiteBackend } from './suiteBackend';
import { AGGREGATOR_CLUSTER } from '../scenarios/fiftyClusterJob';

/** The clients a scaffolder launch asks OCM for: 50 of the clusters that hold data. */
export const SCAFFOLDER_CLIENTS = 50;

/**
 * Starts the Flower template (the scaffolder module's templates/) on a backend, as the
 * portal's Create page does (`POST /api/scaffolder/v2/tasks` as the signed-in user), for a
 * 50-cluster training that OCM places and that waits for every one of them (minClients 50):
 * a client that cannot join the aggregator stops it. Waits for the template to reach the
 * catalog first.
 */
export async function startFlowerTemplate(
  backend: SuiteBackend,
  job: string,
): Promise<{ taskId: string; token: string }> {
  const token = await backend.guestToken();
  const templateRef = 'template:default/federated-learning-flower';
  await eventually(async () => {
    const found = await backend.request(
      'GET',
      '/catalog/entities/by-name/template/default/federated-learning-flower',
      { token },
    );
    return found.status === 200 ? true : undefined;
  }, 120_000);
  const created = await backend.request('POST', '/scaffolder/v2/tasks', {
    token,
    body: {
      templateRef,
      values: {
        name: job,
        image: 'quay.io/ocm-fl/flower-mnist-app:1.26.1',
        rounds: 3,
        minClients: SCAFFOLDER_CLIENTS,
        learningRate: 0.01,
        placement: {
          clusterSets: ['hospitals', 'regional', 'gpu-pool'],
          numberOfClusters: SCAFFOLDER_CLIENTS,
          predicates: [
            {
              claimSelector: {
                matchExpressions: [
                  {
                    key: 'data.fl.open-cluster-management.io',
                    operator: 'Exists',
                  },
                ],
              },
            },
          ],
        },
        dataClaim: 'data.fl.open-cluster-management.io',
        aggregatorCluster: AGGREGATOR_CLUSTER,
        storage: { type: 'pvc' },
      },
    },
  });
  if (created.status !== 201)
    throw new Error(
      `the scaffolder refused the task: ${created.status} ${JSON.stringify(
        created.body,
      )}`,
    );
  return { taskId: created.body.id, token };
}

/** Waits for a task to end; returns its status and, when it failed, its log's last lines. */
export async function taskOutcome(
  backend: SuiteBackend,
  task: { taskId: string; token: string },
  timeoutMs: number,
): Promise<{ status: string; log: string[] }> {
  const status = await eventually(async () => {
    const found = await backend.request(
      'GET',
      `/scaffolder/v2/tasks/${task.taskId}`,
      { token: task.token },
    );
    return ['completed', 'failed', 'cancelled'].includes(found.body?.status)
      ? (found.body.status as string)
      : undefined;
  }, timeoutMs).catch(() => 'still running');
  const events = await backend.request(
    'GET',
    `/scaffolder/v2/tasks/${task.taskId}/events`,
    { token: task.token },
  );
  const log = Array.isArray(events.body)
    ? events.body.map(
        (e: { type: string; body?: { message?: string } }) =>
          `${e.type}: ${e.body?.message ?? ''}`,
      )
    : [];
  return { status, log };
}
