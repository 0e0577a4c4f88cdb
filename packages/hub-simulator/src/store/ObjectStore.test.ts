import { ObjectStore } from './ObjectStore';

const configMap = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
});

describe('ObjectStore', () => {
  it('starts after an initial revision, every earlier one compacted', () => {
    const store = new ObjectStore(100, 500);
    const created = store.create('/configmaps', configMap('a'));
    expect(created.metadata.resourceVersion).toBe('501');
    // A client's resourceVersion from before: gone, never mistaken for a valid one.
    expect(store.eventsSince(499)).toBeUndefined();
    expect(store.eventsSince(500)?.map(e => e.resourceVersion)).toEqual([501]);
  });

  it('says when it reaches a revision, or that it did not in time', async () => {
    const store = new ObjectStore();
    const reached = store.untilRevision(2, 1000);
    store.create('/configmaps', configMap('a'));
    store.create('/configmaps', configMap('b'));
    expect(await reached).toBe(true);
    expect(await store.untilRevision(3, 50)).toBe(false);
    expect(await store.untilRevision(3, 0)).toBe(false);
  });

  it('lists in namespace and name order as the objects change', () => {
    const store = new ObjectStore();
    const names = () => store.list('/configmaps').map(o => o.metadata.name);
    store.create('/configmaps', configMap('b'));
    store.create('/configmaps', configMap('d'));
    expect(names()).toEqual(['b', 'd']);
    store.create('/configmaps', configMap('a'));
    store.create('/configmaps', { ...configMap('c'), metadata: { name: 'c' } });
    // Cluster-scoped (no namespace) sorts before every namespace.
    expect(names()).toEqual(['c', 'a', 'b', 'd']);
    store.remove('/configmaps', 'default', 'b');
    expect(names()).toEqual(['c', 'a', 'd']);
    const updated = store.update('/configmaps', {
      ...store.get('/configmaps', 'default', 'd')!,
      data: { x: '1' },
    });
    expect(store.list('/configmaps', 'default')).toEqual([
      store.get('/configmaps', 'default', 'a'),
      updated,
    ]);
    // A caller may change the list it got without changing the store's.
    store.list('/configmaps').pop();
    expect(names()).toEqual(['c', 'a', 'd']);
  });
});
