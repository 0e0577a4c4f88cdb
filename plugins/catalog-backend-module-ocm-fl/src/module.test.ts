import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
// The module is tested against the real ocm-fl backend it reads from.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import ocmFlPlugin from '@ocm-fl/backstage-plugin-ocm-fl-backend';
import {
  eventually,
  rawRequest,
  startTestHub,
  ocmFlTestConfig,
} from '@ocm-fl/hub-simulator/testing';
import { catalogModuleOcmFl } from './module';

/** The module against the real ocm-fl backend plugin (models, over HTTP) and the hub simulator. */
describe('catalogModuleOcmFl', () => {
  const start = async (catalog: { clusters?: { enabled: boolean } } = {}) => {
    const { sim } = await startTestHub({});
    const providers: EntityProvider[] = [];
    const mutations = new Map<string, EntityProviderMutation[]>();
    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (
              ...added: Array<EntityProvider | EntityProvider[]>
            ) => providers.push(...added.flat()),
          },
        ],
      ],
      features: [
        ocmFlPlugin,
        catalogModuleOcmFl,
        mockServices.rootConfig.factory({
          data: {
            ocmFl: ocmFlTestConfig(sim, { catalog }),
          },
        }),
      ],
    });
    for (const provider of providers) {
      const name = provider.getProviderName();
      mutations.set(name, []);
      await provider.connect({
        applyMutation: async mutation => {
          mutations.get(name)!.push(mutation);
        },
        refresh: async () => {},
      });
    }
    return { sim, providers, mutations };
  };

  const names = (mutation?: EntityProviderMutation) =>
    mutation?.type === 'full'
      ? mutation.entities.map(e => e.entity.metadata.name).sort()
      : [];

  it("provides the hub's clusters and follows a change within 2 s", async () => {
    const { sim, mutations } = await start();
    try {
      const clusters = () => mutations.get('ocm-fl-clusters')!;
      await eventually(async () => (clusters().length > 0 ? true : undefined));
      expect(clusters()[0].type).toBe('full');
      expect(names(clusters()[0])).toHaveLength(8);
      expect(names(clusters()[0])).toContain('hospital-berlin');

      const started = Date.now();
      const patched = await rawRequest(
        sim,
        '/apis/cluster.open-cluster-management.io/v1/managedclusters/hospital-berlin',
        {
          method: 'PATCH',
          contentType: 'application/merge-patch+json',
          body: { metadata: { labels: { tier: 'gold' } } },
        },
      );
      expect(patched.status).toBe(200);
      // One cluster's change arrives as a delta that holds just its entity.
      const delta = await eventually(async () => {
        const last = clusters()[clusters().length - 1];
        return last.type === 'delta' ? last : undefined;
      }, 2000);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(delta.added.map(e => e.entity.metadata.name)).toEqual([
        'hospital-berlin',
      ]);
      expect(delta.added[0].entity.metadata.labels?.tier).toBe('gold');
      expect(delta.removed).toEqual([]);
      expect(clusters().map(m => m.type)).toEqual(['full', 'delta']);
      // A change that does not alter any entity (availability) sends nothing.
      const count = clusters().length;
      sim.setClusterAvailable('hospital-paris', false);
      await new Promise(resolve => setTimeout(resolve, 1500));
      expect(clusters()).toHaveLength(count);
      // A cluster that leaves the hub leaves the catalog in a delta too.
      const deleted = await rawRequest(
        sim,
        '/apis/cluster.open-cluster-management.io/v1/managedclusters/hospital-paris',
        { method: 'DELETE' },
      );
      expect(deleted.status).toBe(200);
      const removal = await eventually(async () => {
        const last = clusters()[clusters().length - 1];
        return clusters().length > count && last.type === 'delta'
          ? last
          : undefined;
      }, 2000);
      expect(removal).toEqual({
        type: 'delta',
        added: [],
        removed: [
          {
            entityRef: 'resource:default/hospital-paris',
            locationKey: 'ocm-fl-clusters',
          },
        ],
      });
      // The backend plugin and this module share the hubs service: one watch per kind
      // (clusters, sets, bindings, placements, decisions, scores, works) feeds both.
      expect(sim.dropWatches()).toBe(7);
    } finally {
      await sim.close();
    }
  });

  it('leaves out a provider that is switched off', async () => {
    const { sim, providers } = await start({ clusters: { enabled: false } });
    try {
      expect(providers.map(p => p.getProviderName())).toEqual([
        'ocm-fl-models',
      ]);
    } finally {
      await sim.close();
    }
  });
});
