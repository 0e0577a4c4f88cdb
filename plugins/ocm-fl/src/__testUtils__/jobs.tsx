import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JobView } from '../api/types';
import { JobPage } from '../components/jobs/JobPage';
import { PermissionAnswer, renderWithOcmFl } from './ocmFl';

/** A running Flower job in round 3 of 5, as GET /jobs/:name returns it. */
export const job: JobView = {
  hub: 'simulator',
  name: 'mnist-fedavg',
  framework: 'flower',
  rounds: 5,
  minClients: 2,
  phase: 'Running',
  reason: 'aggregator and 2 of 2 clients are running',
  aggregatorCluster: 'gpu-pool-1',
  clients: ['hospital-berlin', 'hospital-boston'],
  createdBy: 'user:default/ada',
  createdAt: new Date().toISOString(),
  spec: {
    name: 'mnist-fedavg',
    framework: 'flower',
    image: 'quay.io/ocm-fl/flower-mnist-app:1.26.1',
    rounds: 5,
    minClients: 2,
    runConfig: { 'learning-rate': 0.01 },
    clients: { placement: { clusterSets: ['hospitals'] } },
    data: { type: 'clusterClaim', claim: 'data.fl.open-cluster-management.io' },
    aggregator: { cluster: 'gpu-pool-1' },
    storage: { type: 's3', location: 'models' },
  },
  vanishedClusters: [],
  clusters: [
    {
      cluster: 'gpu-pool-1',
      role: 'aggregator',
      state: 'Running',
      reason: 'superlink available',
    },
    {
      cluster: 'hospital-berlin',
      role: 'client',
      state: 'Running',
      reason: 'supernode available',
    },
  ],
  progress: { round: 3, of: 5 },
  metrics: [
    { round: 1, metrics: { loss: 0.9, accuracy: 0.6 } },
    { round: 2, metrics: { loss: 0.5, accuracy: 0.8 } },
  ],
  model: { location: 's3://models/federated-learning/mnist-fedavg/' },
  timeline: [
    {
      phase: 'Pending',
      reason: 'waiting for placement decisions',
      at: '2026-01-01T10:00:00Z',
    },
    {
      phase: 'Running',
      reason: 'aggregator and 2 of 2 clients are running',
      at: '2026-01-01T10:01:00Z',
    },
  ],
  objects: [
    {
      apiVersion: 'cluster.open-cluster-management.io/v1beta1',
      kind: 'Placement',
      metadata: { name: 'mnist-fedavg', namespace: 'federated-learning' },
    },
  ],
};

export function renderJobPage(
  permission: PermissionAnswer = AuthorizeResult.ALLOW,
) {
  return renderWithOcmFl(<JobPage />, {
    permission,
    mountPath: '/federated-learning/jobs/:name',
    initialRouteEntries: ['/federated-learning/jobs/mnist-fedavg'],
  });
}
