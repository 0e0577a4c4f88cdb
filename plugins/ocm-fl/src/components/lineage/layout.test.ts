import { layoutLineage } from './layout';

describe('layoutLineage', () => {
  it('places each step of the lineage to the right of the one that fed it', () => {
    const { nodes, edges } = layoutLineage({
      nodes: [
        { id: 'version', kind: 'modelVersion', label: 'mnist v1' },
        { id: 'base', kind: 'baseModel', label: 'base' },
        { id: 'job', kind: 'job', label: 'mnist-run-1' },
        { id: 'a', kind: 'cluster', label: 'hospital-a' },
        { id: 'b', kind: 'cluster', label: 'hospital-b' },
      ],
      edges: [
        { from: 'base', to: 'job', kind: 'startedFrom' },
        { from: 'job', to: 'a', kind: 'trainedOn' },
        { from: 'job', to: 'b', kind: 'trainedOn' },
        { from: 'a', to: 'version', kind: 'produced' },
        { from: 'b', to: 'version', kind: 'produced' },
        { from: 'job', to: 'nowhere', kind: 'produced' },
      ],
    });
    const x = Object.fromEntries(nodes.map(n => [n.node.id, n.x]));
    const y = Object.fromEntries(nodes.map(n => [n.node.id, n.y]));
    expect(x.base).toBeLessThan(x.job);
    expect(x.job).toBeLessThan(x.a);
    expect(x.a).toBe(x.b);
    expect(y.a).not.toBe(y.b);
    expect(x.b).toBeLessThan(x.version);
    // An edge to a node the graph does not have is dropped, not drawn to nowhere.
    expect(edges).toHaveLength(5);
  });
});
