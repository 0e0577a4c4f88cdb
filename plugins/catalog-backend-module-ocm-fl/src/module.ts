import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  clusterViewsOf,
  ocmFlHubsServiceRef,
  readOcmFlConfig,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { clusterEntity, modelEntity } from './entities';
import { OcmFlBackendClient } from './OcmFlBackendClient';
import { OcmFlEntityProvider } from './OcmFlEntityProvider';

/**
 * Catalog entities for OCM managed clusters (`kind: Resource`, `spec.type:
 * kubernetes-cluster`), read from the hubs' caches (the `ocmFlHubsServiceRef` service, whose
 * watches feed the ocm-fl backend too), and trained models (`spec.type: ai-model`), read from
 * the ocm-fl backend; each refreshed when its source reports a change. Each can be switched
 * off with `ocmFl.catalog.clusters.enabled` / `ocmFl.catalog.models.enabled`.
 *
 * @public
 */
export const catalogModuleOcmFl = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ocm-fl',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.rootLifecycle,
        hubs: ocmFlHubsServiceRef,
      },
      async init({
        catalog,
        config,
        discovery,
        auth,
        logger,
        scheduler,
        lifecycle,
        hubs,
      }) {
        const { catalog: settings } = readOcmFlConfig(config);
        const client = new OcmFlBackendClient({ discovery, auth, logger });
        const baseUrl = config.getOptionalString('app.baseUrl') ?? '';
        const providers = {
          clusters: settings.clusters.enabled
            ? new OcmFlEntityProvider({
                name: 'ocm-fl-clusters',
                logger,
                entities: async () => {
                  // Not knowable while a hub's cache is still listing.
                  if (hubs.hubs.some(hub => !hub.cache.state().synced))
                    return undefined;
                  return hubs.hubs.flatMap(clusterViewsOf).flatMap(cluster => {
                    try {
                      return [
                        clusterEntity(cluster, {
                          provider: 'ocm-fl-clusters',
                          owner: settings.owner,
                        }),
                      ];
                    } catch (error) {
                      logger.warn(
                        `Skipped cluster ${
                          cluster.name
                        }: it cannot be a catalog entity: ${
                          (error as Error).message
                        }`,
                      );
                      return [];
                    }
                  });
                },
              })
            : undefined,
          models: settings.models.enabled
            ? new OcmFlEntityProvider({
                name: 'ocm-fl-models',
                logger,
                entities: async () =>
                  (await client.models()).flatMap(model => {
                    try {
                      return [
                        modelEntity(model.name, model.versions, {
                          provider: 'ocm-fl-models',
                          owner: settings.owner,
                          baseUrl,
                        }),
                      ];
                    } catch (error) {
                      logger.warn(
                        `Skipped model ${
                          model.name
                        }: it cannot be a catalog entity: ${
                          (error as Error).message
                        }`,
                      );
                      return [];
                    }
                  }),
              })
            : undefined,
        };
        const enabled = Object.values(providers).filter(
          (p): p is OcmFlEntityProvider => !!p,
        );
        if (enabled.length === 0) return;
        catalog.addEntityProvider(enabled);

        const refreshAll = (options?: { full: boolean }) =>
          Promise.all(enabled.map(p => p.refresh(options)));
        const pending = new Map<OcmFlEntityProvider, NodeJS.Timeout>();
        const refreshSoon = (provider?: OcmFlEntityProvider) => {
          if (!provider || pending.has(provider)) return;
          // Changes come in bursts (a cluster's heartbeat, a job's works): one refresh per burst.
          pending.set(
            provider,
            setTimeout(() => {
              pending.delete(provider);
              void provider.refresh();
            }, 500),
          );
        };
        // Other kinds (works, placements, ...) change no cluster entity.
        const unsubscribe = hubs.hubs.map(hub =>
          hub.cache.subscribe(change => {
            if (change.kind === 'clusters') refreshSoon(providers.clusters);
          }),
        );
        const stop = new AbortController();
        lifecycle.addStartupHook(() => {
          // A full mutation once the caches have listed (until then the provider looks again).
          void providers.clusters?.refresh();
          if (!providers.models) return;
          // The ocm-fl routes answer once the whole backend has started.
          void client.follow(stop.signal, {
            // A full mutation the first time; after a reconnection, what changed meanwhile.
            onConnect: () => void providers.models?.refresh(),
            onChange: event => {
              if (event.kind === 'models') refreshSoon(providers.models);
            },
          });
        });
        lifecycle.addShutdownHook(() => {
          stop.abort();
          unsubscribe.forEach(stopListening => stopListening());
          pending.forEach(timer => clearTimeout(timer));
        });
        // A safety net: a full mutation puts right whatever the catalog holds from us.
        await scheduler.scheduleTask({
          id: 'ocm-fl-catalog-refresh',
          frequency: { minutes: 30 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 30 },
          fn: async () => {
            await refreshAll({ full: true });
          },
        });
      },
    });
  },
});
