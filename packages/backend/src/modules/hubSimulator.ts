import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { startHubSimulator } from '@ocm-fl/hub-simulator';

/**
 * Development only: starts the OCM hub simulator inside the backend when
 * `ocmFlDev.hubSimulator` is configured, so that the portal has a hub on a fresh machine.
 * It is not a real hub: health and logs say so.
 */
export const hubSimulatorModule = createBackendModule({
  pluginId: 'ocm-fl',
  moduleId: 'hub-simulator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const simConfig = config.getOptionalConfig('ocmFlDev.hubSimulator');
        if (!simConfig) {
          return;
        }
        const scenario = simConfig.getOptionalString('scenario') ?? 'demo';
        const sim = await startHubSimulator({
          port: simConfig.getNumber('port'),
          tokens: [simConfig.getString('token')],
          scenario,
        });
        logger.warn(
          `OCM hub SIMULATOR (development only, not a real hub) on ${sim.url}: scenario ${scenario}, ${sim.clusters.size} simulated clusters`,
        );
        lifecycle.addShutdownHook(() => sim.close());
      },
    });
  },
});
