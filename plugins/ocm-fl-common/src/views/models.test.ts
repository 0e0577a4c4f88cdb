import { modelLineage, modelSummary, ModelVersionView } from './models';

const version = (
  number: number,
  overrides: Partial<ModelVersionView> = {},
): ModelVersionView => ({
  version: number,
  hub: 'hub',
  job: `mnist-${number}`,
  framework: 'flower',
  rounds: 3,
  location: `s3://models/fl/mnist-${number}/`,
  storage: 's3',
  files: [],
  metrics: { accuracy: number / 10 },
  metricsByRound: [],
  aggregatorCluster: 'gpu-pool-1',
  participants: ['hospital-berlin', 'hospital-paris'],
  createdAt: `2026-11-0${number}T00:00:00Z`,
  ...overrides,
});

describe('modelSummary', () => {
  it('describes the latest version', () => {
    expect(
      modelSummary('mnist', [
        version(1),
        version(2, { baseModel: 'resource:default/mnist-base' }),
      ]),
    ).toEqual({
      name: 'mnist',
      framework: 'flower',
      versionCount: 2,
      latestVersion: 2,
      latestMetrics: { accuracy: 0.2 },
      baseModel: 'resource:default/mnist-base',
      updatedAt: '2026-11-02T00:00:00Z',
    });
  });
});

describe('modelLineage', () => {
  it('links base model, participants and aggregator to each job and each job to its version', () => {
    const graph = modelLineage([
      version(1, { baseModel: 's3://models/pretrained/mnist/' }),
      version(2, {
        baseModel: 'resource:default/mnist',
        participants: ['hospital-berlin'],
      }),
    ]);
    const node = (id: string) => graph.nodes.find(n => n.id === id);
    // Shared clusters appear once.
    expect(
      graph.nodes.filter(n => n.kind === 'cluster').map(n => n.id),
    ).toEqual([
      'cluster:hospital-berlin',
      'cluster:hospital-paris',
      'cluster:gpu-pool-1',
    ]);
    expect(node('cluster:hospital-berlin')?.entityRef).toBe(
      'resource:default/hospital-berlin',
    );
    // A URI is not an entity; an entity ref is linked.
    expect(
      node('base:s3://models/pretrained/mnist/')?.entityRef,
    ).toBeUndefined();
    expect(node('base:resource:default/mnist')?.entityRef).toBe(
      'resource:default/mnist',
    );
    expect(graph.edges).toContainEqual({
      from: 'job:hub/mnist-2',
      to: 'version:2',
      kind: 'produced',
    });
    expect(
      graph.edges.filter(e => e.to === 'job:hub/mnist-2').map(e => e.kind),
    ).toEqual(['startedFrom', 'trainedOn', 'aggregatedBy']);
    // Every edge joins nodes of the graph.
    for (const edge of graph.edges) {
      expect(node(edge.from)).toBeDefined();
      expect(node(edge.to)).toBeDefined();
    }
  });
});
