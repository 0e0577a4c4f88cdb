import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { readOcmFlConfig } from '../config/ocmFlConfig';
import { OcmFlHubs, OcmFlHubsService } from './OcmFlHubs';

/**
 * The configured OCM hubs (kube config, watch cache, launcher, health), as one service that
 * the ocm-fl backend plugin, its scaffolder module and its catalog module depend on. Its
 * default factory builds `OcmFlHubs` from the `ocmFl` configuration; replace it with
 * `backend.add(createServiceFactory({ service: ocmFlHubsServiceRef, ... }))`.
 *
 * Root scope: one instance per backend process, so that one watch per hub feeds every
 * plugin of it. A plugin-scoped service is built once for each plugin that depends on it,
 * which would watch each hub once per plugin.
 *
 * @public
 */
export const ocmFlHubsServiceRef = createServiceRef<OcmFlHubsService>({
  id: 'ocm-fl.hubs',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      // Built when something depends on it: a backend without ocm-fl plugins watches no hub.
      initialization: 'lazy',
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
        lifecycle: coreServices.rootLifecycle,
      },
      factory({ config, logger, lifecycle }) {
        // Throws with the offending key, which stops the backend at start.
        const hubs = new OcmFlHubs(
          readOcmFlConfig(config),
          logger.child({ service: service.id }),
        );
        // Once every plugin has started: a hub that a module of this backend serves (the
        // development simulator) is up by then.
        lifecycle.addStartupHook(() => hubs.start());
        lifecycle.addShutdownHook(() => hubs.stop());
        return hubs;
      },
    }),
});
