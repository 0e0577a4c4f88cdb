import { ModelDetail } from '@ocm-fl/backstage-plugin-ocm-fl-common';

/** A model with two versions and a small lineage, as GET /models/:name returns it. */
export const mnist: ModelDetail = {
  name: 'mnist',
  framework: 'flower',
  versionCount: 2,
  latestVersion: 2,
  latestMetrics: { accuracy: 0.91 },
  versions: [1, 2].map(version => ({
    version,
    hub: 'simulator',
    job: `mnist-run-${version}`,
    framework: 'flower',
    rounds: 3,
    location: `s3://models/federated-learning/mnist-run-${version}/`,
    storage: 's3' as const,
    files: ['model/final.npz'],
    metrics: { accuracy: version === 2 ? 0.91 : 0.85 },
    metricsByRound: [
      { round: 1, metrics: { accuracy: 0.6 } },
      { round: 2, metrics: { accuracy: 0.8 } },
    ],
    aggregatorCluster: 'gpu-pool-1',
    participants: ['hospital-berlin', 'hospital-boston'],
    createdAt: '2026-01-01T10:00:00Z',
  })),
  lineage: {
    nodes: [
      { id: 'job:mnist-run-2', kind: 'job', label: 'mnist-run-2' },
      {
        id: 'cluster:hospital-berlin',
        kind: 'cluster',
        label: 'hospital-berlin',
        entityRef: 'resource:default/hospital-berlin',
      },
      {
        id: 'version:mnist:2',
        kind: 'modelVersion',
        label: 'mnist v2',
        entityRef: 'resource:default/mnist',
      },
    ],
    edges: [
      {
        from: 'cluster:hospital-berlin',
        to: 'job:mnist-run-2',
        kind: 'trainedOn',
      },
      { from: 'job:mnist-run-2', to: 'version:mnist:2', kind: 'produced' },
    ],
  },
};
