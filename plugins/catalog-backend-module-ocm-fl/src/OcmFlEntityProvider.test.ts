import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { OcmFlEntityProvider } from './OcmFlEntityProvider';

const entity = (name: string, labels: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, labels },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
});

describe('OcmFlEntityProvider', () => {
  const setup = async () => {
    let current: Entity[] | undefined = [entity('a'), entity('b')];
    const mutations: EntityProviderMutation[] = [];
    let failNext = false;
    const provider = new OcmFlEntityProvider({
      name: 'test-provider',
      entities: async () => current,
      logger: mockServices.logger.mock(),
    });
    await provider.connect({
      applyMutation: async mutation => {
        if (failNext) {
          failNext = false;
          throw new Error('the catalog is down');
        }
        mutations.push(mutation);
      },
      refresh: async () => {},
    });
    return {
      provider,
      mutations,
      set: (entities: Entity[] | undefined) => (current = entities),
      failOnce: () => (failNext = true),
    };
  };

  const summary = (mutation: EntityProviderMutation) =>
    mutation.type === 'full'
      ? { full: mutation.entities.map(e => e.entity.metadata.name) }
      : {
          added: mutation.added.map(e => e.entity.metadata.name),
          removed: mutation.removed.map(e =>
            'entityRef' in e ? e.entityRef : e.entity.metadata.name,
          ),
        };

  it('sends everything first, then only what changed, and nothing when nothing did', async () => {
    const { provider, mutations, set } = await setup();
    await provider.refresh();
    set([entity('a'), entity('b', { tier: 'gold' }), entity('c')]);
    await provider.refresh();
    await provider.refresh();
    set([entity('b', { tier: 'gold' }), entity('c')]);
    await provider.refresh();
    expect(mutations.map(summary)).toEqual([
      { full: ['a', 'b'] },
      { added: ['b', 'c'], removed: [] },
      { added: [], removed: ['resource:default/a'] },
    ]);
    // Delta mutations name this provider's location key, so the catalog attributes them.
    expect(mutations[2]).toMatchObject({
      removed: [{ locationKey: 'test-provider' }],
    });
  });

  it('sends everything when asked for a full refresh, even when nothing changed', async () => {
    const { provider, mutations } = await setup();
    await provider.refresh();
    await provider.refresh({ full: true });
    expect(mutations.map(m => m.type)).toEqual(['full', 'full']);
  });

  it('sends a change again after the catalog failed to take it', async () => {
    const { provider, mutations, set, failOnce } = await setup();
    await provider.refresh();
    set([entity('a', { tier: 'gold' }), entity('b')]);
    failOnce();
    await provider.refresh();
    await provider.refresh();
    expect(mutations.map(summary)).toEqual([
      { full: ['a', 'b'] },
      { added: ['a'], removed: [] },
    ]);
  });

  it('sends a full mutation first even when the first attempt failed', async () => {
    const { provider, mutations, failOnce } = await setup();
    failOnce();
    await provider.refresh();
    await provider.refresh();
    expect(mutations.map(m => m.type)).toEqual(['full']);
  });

  it('runs one more refresh after a running one, full when any call asked for it', async () => {
    const { provider, mutations, set } = await setup();
    await provider.refresh();
    set([entity('a'), entity('b'), entity('c')]);
    const running = provider.refresh();
    void provider.refresh({ full: true });
    void provider.refresh();
    await running;
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(mutations.map(m => m.type)).toEqual(['full', 'delta', 'full']);
  });

  it('sends nothing while the entities cannot be known', async () => {
    jest.useFakeTimers();
    try {
      const { provider, mutations, set } = await setup();
      set(undefined);
      await provider.refresh();
      expect(mutations).toEqual([]);
      // It looks again by itself.
      set([entity('a')]);
      await jest.advanceTimersByTimeAsync(5000);
      expect(mutations.map(summary)).toEqual([{ full: ['a'] }]);
    } finally {
      jest.useRealTimers();
    }
  });
});
