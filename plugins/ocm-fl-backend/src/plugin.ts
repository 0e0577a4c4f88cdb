import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ocmFlPermissions } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  HubCache,
  HubHealthMonitor,
  JobLauncher,
  kubeConfigForHub,
  readOcmFlConfig,
  S3ModelStore,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { createRouter } from './router';

/**
 * The ocm-fl backend plugin: the portal's view of OCM hubs and federated learning jobs,
 * served from a watch-fed cache of each hub.
 *
 * @public
 */
export const ocmFlPlugin = createBackendPlugin({
  pluginId: 'ocm-fl',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        logger,
        lifecycle,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
      }) {
        // Throws with the offending key, which stops the backend at start.
        const ocmFlConfig = readOcmFlConfig(config);
        permissionsRegistry.addPermissions(ocmFlPermissions);

        const hubHealth = new HubHealthMonitor(ocmFlConfig.hubs, logger, {
          intervalMs: 30_000,
          timeoutMs: 5_000,
        });
        const hubs = ocmFlConfig.hubs.map(hub => {
          const kubeConfig = kubeConfigForHub(hub);
          return {
            name: hub.name,
            cache: new HubCache({
              kubeConfig,
              namespace: ocmFlConfig.namespace,
              logger: logger.child({ hub: hub.name }),
            }),
            launcher: new JobLauncher({
              kubeConfig,
              namespace: ocmFlConfig.namespace,
            }),
          };
        });
        // Not awaited: a hub that is down must not hold up the backend's start.
        void hubHealth.start();
        hubs.forEach(hub => void hub.cache.start());
        lifecycle.addShutdownHook(async () => {
          hubHealth.stop();
          await Promise.all(hubs.map(hub => hub.cache.stop()));
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            hubHealth,
            hubs,
            namespace: ocmFlConfig.namespace,
            modelStore: ocmFlConfig.storage.s3
              ? new S3ModelStore(ocmFlConfig.storage.s3)
              : undefined,
          }),
        );
      },
    });
  },
});
