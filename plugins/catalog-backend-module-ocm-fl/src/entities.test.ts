import {
  ClusterView,
  ModelVersionView,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { clusterEntity, modelEntity } from './entities';

const cluster = (overrides: Partial<ClusterView> = {}): ClusterView => ({
  hub: 'default',
  name: 'hospital-berlin',
  available: true,
  clusterSet: 'hospitals',
  labels: {
    region: 'eu-central',
    'cluster.open-cluster-management.io/clusterset': 'hospitals',
    note: 'not a valid label value!',
  },
  claims: {},
  capacity: {},
  allocatable: {},
  taints: [],
  jobs: [],
  ...overrides,
});

const version = (
  n: number,
  overrides: Partial<ModelVersionView> = {},
): ModelVersionView => ({
  version: n,
  hub: 'default',
  job: `mnist-${n}`,
  framework: 'flower',
  rounds: 3,
  location: `s3://models/fl/mnist-${n}/`,
  storage: 's3',
  files: ['model/final.bin'],
  metrics: { accuracy: 0.91234567 },
  metricsByRound: [],
  aggregatorCluster: 'gpu-pool-1',
  participants: ['hospital-berlin'],
  createdAt: '2026-11-29T00:00:00Z',
  ...overrides,
});

describe('clusterEntity', () => {
  it('describes a managed cluster as a kubernetes-cluster Resource named like the cluster', () => {
    const entity = clusterEntity(cluster(), {
      provider: 'ocm-fl-clusters',
      owner: 'group:default/platform',
    });
    expect(entity).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: 'hospital-berlin',
        annotations: {
          'ocm-fl.io/hub': 'default',
          'ocm-fl.io/cluster': 'hospital-berlin',
          'backstage.io/managed-by-location': 'ocm-fl-clusters:ocm-fl',
        },
      },
      spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
    });
    // Labels Backstage cannot hold are left out rather than failing the entity.
    expect(entity.metadata.labels).toEqual({
      region: 'eu-central',
      'cluster.open-cluster-management.io/clusterset': 'hospitals',
    });
  });

  it('refuses a cluster whose name cannot be an entity name', () => {
    expect(() =>
      clusterEntity(cluster({ name: `a${'b'.repeat(80)}` }), {
        provider: 'p',
        owner: 'group:default/platform',
      }),
    ).toThrow(/metadata.name/);
  });
});

describe('modelEntity', () => {
  it('is an ai-model that depends on its base model and the clusters that trained it', () => {
    const entity = modelEntity(
      'mnist',
      [
        version(1, { baseModel: 's3://models/pretrained/' }),
        version(2, {
          baseModel: 'resource:default/mnist-base',
          participants: ['hospital-paris', 'hospital-berlin'],
          createdBy: 'user:default/alice',
        }),
      ],
      {
        provider: 'ocm-fl-models',
        owner: 'group:default/platform',
        baseUrl: 'http://portal',
      },
    );
    expect(entity.spec).toEqual({
      type: 'ai-model',
      owner: 'user:default/alice',
      dependsOn: [
        'resource:default/mnist-base',
        'resource:default/gpu-pool-1',
        'resource:default/hospital-berlin',
        'resource:default/hospital-paris',
      ],
    });
    expect(entity.metadata.description).toBe(
      'Model trained by federated learning (flower), 2 versions; latest v2: accuracy 0.9123',
    );
    expect(entity.metadata.links).toEqual([
      {
        url: 'http://portal/federated-learning/models/mnist',
        title: 'Versions & lineage',
      },
    ]);
    expect(entity.metadata.annotations?.['ocm-fl.io/model']).toBe('mnist');
  });
});
