import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  eventually,
  ocmFlTestConfig,
  startTestHub,
} from '@ocm-fl/hub-simulator/testing';
import { readOcmFlConfig } from '../config/ocmFlConfig';
import { OcmFlHubs, OcmFlHubsService } from './OcmFlHubs';
import { ocmFlHubsServiceRef } from './ocmFlHubsServiceRef';

/** A plugin that keeps the hubs service it is given. */
const pluginUsingHubs = (
  pluginId: string,
  seen: Map<string, OcmFlHubsService>,
) =>
  createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: { hubs: ocmFlHubsServiceRef },
        async init({ hubs }) {
          seen.set(pluginId, hubs);
        },
      });
    },
  });

describe('ocmFlHubsServiceRef', () => {
  it('is one instance per backend: one watch per hub feeds every plugin, from the start until the stop', async () => {
    const { sim } = await startTestHub();
    try {
      const seen = new Map<string, OcmFlHubsService>();
      const backend = await startTestBackend({
        features: [
          pluginUsingHubs('first', seen),
          pluginUsingHubs('second', seen),
          mockServices.rootConfig.factory({
            data: { ocmFl: ocmFlTestConfig(sim) },
          }),
        ],
      });
      const hubs = seen.get('first')!;
      expect(seen.get('second')).toBe(hubs);
      const [hub] = hubs.hubs;
      expect(hub.name).toBe('sim');
      await eventually(async () => hub.cache.state().synced || undefined);
      expect(hub.cache.clusters().length).toBeGreaterThan(0);
      await eventually(async () =>
        hubs.health.current()[0].state === 'ok' ? true : undefined,
      );

      await backend.stop();
      // Stopped with the backend: the cache hears of no change any more.
      const name = hub.cache.clusters()[0].metadata.name;
      const before = JSON.stringify(hub.cache.cluster(name));
      expect(sim.setClusterAvailable(name, false)).toBe(true);
      await new Promise(resolve => setTimeout(resolve, 500));
      expect(JSON.stringify(hub.cache.cluster(name))).toBe(before);
    } finally {
      await sim.close();
    }
  });

  it('is replaced for every plugin by a factory added to the backend', async () => {
    const { sim } = await startTestHub();
    try {
      const seen = new Map<string, OcmFlHubsService>();
      const built: OcmFlHubs[] = [];
      await startTestBackend({
        features: [
          pluginUsingHubs('first', seen),
          pluginUsingHubs('second', seen),
          mockServices.rootConfig.factory({
            data: { ocmFl: ocmFlTestConfig(sim) },
          }),
          createServiceFactory({
            service: ocmFlHubsServiceRef,
            deps: {
              config: coreServices.rootConfig,
              logger: coreServices.rootLogger,
              lifecycle: coreServices.rootLifecycle,
            },
            factory({ config, logger, lifecycle }) {
              const hubs = new OcmFlHubs(readOcmFlConfig(config), logger);
              lifecycle.addStartupHook(() => hubs.start());
              lifecycle.addShutdownHook(() => hubs.stop());
              built.push(hubs);
              return hubs;
            },
          }),
        ],
      });
      expect(built).toHaveLength(1);
      expect(seen.get('first')).toBe(built[0]);
      expect(seen.get('second')).toBe(built[0]);
    } finally {
      await sim.close();
    }
  });

  it('names the field of an unknown hub', () => {
    const hubs = new OcmFlHubs(
      readOcmFlConfig(
        mockServices.rootConfig({
          data: {
            ocmFl: {
              hubs: [
                { name: 'east', url: 'https://east.example:6443' },
                { name: 'west', url: 'https://west.example:6443' },
              ],
            },
          },
        }),
      ),
      mockServices.rootLogger(),
    );
    expect(hubs.hub(undefined, 'hub').name).toBe('east');
    expect(hubs.hub('west', 'hub').name).toBe('west');
    expect(() => hubs.hub('north', 'body.hub')).toThrow(
      'body.hub: no hub named "north"; configured: east, west',
    );
  });
});
