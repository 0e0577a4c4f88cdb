import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
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
// The models come from the backend's lineage store, seeded here.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { LineageStore } from '../../ocm-fl-backend/src/lineage/LineageStore';
import { catalogModuleOcmFl } from './module';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const realFetch = global.fetch;

/** The module against the real ocm-fl backend plugin (models, over HTTP) and the hub simulator. */
describe('catalogModuleOcmFl', () => {
  const start = async (
    catalog: { clusters?: { enabled: boolean } } = {},
    database = mockServices.database.factory(),
  ) => {
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
        database,
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

  it('reads every model with its versions in one request, not one per model', async () => {
    const knex = await databases.init('SQLITE_3');
    const lineage = await LineageStore.create(mockServices.database({ knex }));
    const models = ['mnist', 'cifar', 'resnet'];
    for (const [i, model] of models.entries()) {
      const createdAt = `2026-11-29T1${i}:00:00Z`;
      await lineage.addModelVersion(
        { hub: 'sim', name: `${model}-job`, createdAt },
        {
          hub: 'sim',
          job: `${model}-job`,
          framework: 'flower',
          rounds: 3,
          location: `s3://models/fl/${model}-job/`,
          storage: 's3',
          files: [],
          metrics: {},
          metricsByRound: [],
          aggregatorCluster: 'gpu-pool-1',
          participants: ['hospital-berlin'],
          createdAt,
        },
        model,
      );
    }
    const requested: string[] = [];
    const fetchSpy = jest.spyOn(global, 'fetch');
    fetchSpy.mockImplementation((url, init) => {
      requested.push(new URL(String(url)).pathname);
      return realFetch(url, init);
    });
    const { sim, mutations } = await start(
      {},
      mockServices.database.factory({ knex }),
    );
    try {
      const provided = await eventually(
        async () => mutations.get('ocm-fl-models')![0],
      );
      expect(names(provided)).toEqual(['cifar', 'mnist', 'resnet']);
      expect(
        requested.filter(path => path.startsWith('/api/ocm-fl/models')),
      ).toEqual(['/api/ocm-fl/models']);
    } finally {
      fetchSpy.mockRestore();
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
