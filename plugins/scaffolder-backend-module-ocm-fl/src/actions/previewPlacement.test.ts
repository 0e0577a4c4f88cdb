import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  OcmFlHubs,
  readOcmFlConfig,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import {
  eventually,
  startTestHub,
  TEST_TOKEN,
} from '@ocm-fl/hub-simulator/testing';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { createPreviewPlacementAction } from './previewPlacement';

describe('ocm-fl:placement:preview', () => {
  let sim: HubSimulator;
  let hubs: OcmFlHubs;
  beforeAll(async () => {
    ({ sim } = await startTestHub());
    const config = readOcmFlConfig(
      new ConfigReader({
        ocmFl: {
          hubs: [
            {
              name: 'sim',
              url: sim.url,
              serviceAccountToken: TEST_TOKEN,
              caData: Buffer.from(sim.caPem!).toString('base64'),
            },
          ],
        },
      }),
    );
    hubs = new OcmFlHubs(config, mockServices.rootLogger());
    hubs.start();
    await eventually(
      async () => hubs.hubs[0].cache.state().synced || undefined,
    );
  });
  afterAll(async () => {
    await hubs.stop();
    await sim.close();
  });

  const permissions = (result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) =>
    mockServices.permissions.mock({
      authorize: async reqs => reqs.map(() => ({ result })),
    });

  it('lists the matching clusters and says why the others are out', async () => {
    const action = createPreviewPlacementAction({
      hubs,
      permissions: permissions(AuthorizeResult.ALLOW),
    });
    const ctx = createMockActionContext({
      input: {
        placement: {
          clusterSets: ['hospitals'],
          predicates: [{ labelSelector: { matchLabels: { gpu: 'true' } } }],
        },
      },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('clusters', [
      'hospital-berlin',
      'hospital-boston',
      'hospital-madrid',
    ]);
    const excluded = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'excluded',
    )[1];
    expect(excluded).toEqual(
      expect.arrayContaining([
        {
          cluster: 'hospital-paris',
          reason:
            'matches none of the placement predicates (labels, claims or CEL)',
        },
        {
          cluster: 'gpu-pool-1',
          reason: 'not a member of an eligible cluster set (hospitals)',
        },
      ]),
    );
    expect(
      await sim.service.store.list(
        'cluster.open-cluster-management.io/placements',
      ),
    ).toEqual([]);
  });

  it('names a bad field of the selection', async () => {
    const action = createPreviewPlacementAction({
      hubs,
      permissions: permissions(AuthorizeResult.ALLOW),
    });
    await expect(
      action.handler(
        createMockActionContext({
          input: { placement: { numberOfClusters: -1 } },
        }),
      ),
    ).rejects.toThrow(/placement\.numberOfClusters: /);
  });

  it('says so when the cache of the hub has not listed it, naming why', async () => {
    const down = new OcmFlHubs(
      readOcmFlConfig(
        new ConfigReader({
          ocmFl: { hubs: [{ name: 'down', url: 'http://127.0.0.1:9' }] },
        }),
      ),
      mockServices.rootLogger(),
    );
    down.start();
    try {
      await eventually(
        async () => down.hubs[0].cache.state().stale || undefined,
      );
      const action = createPreviewPlacementAction({
        hubs: down,
        permissions: permissions(AuthorizeResult.ALLOW),
      });
      await expect(
        action.handler(createMockActionContext({ input: { placement: {} } })),
      ).rejects.toThrow(
        /^hub down: its cache has not listed the hub's objects yet \(.*ECONNREFUSED.*\); try again shortly$/,
      );
    } finally {
      await down.stop();
    }
  });

  it('refuses a user without ocm-fl.cluster.read', async () => {
    const action = createPreviewPlacementAction({
      hubs,
      permissions: permissions(AuthorizeResult.DENY),
    });
    await expect(
      action.handler(createMockActionContext({ input: { placement: {} } })),
    ).rejects.toThrow(/ocm-fl\.cluster\.read is required/);
  });
});
