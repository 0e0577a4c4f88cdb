import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
        const token = simConfig.getString('token');
        const sim = await startHubSimulator({
          port: simConfig.getNumber('port'),
          tokens: [token],
          scenario,
        });
        logger.warn(
          `OCM hub SIMULATOR (development only, not a real hub) on ${sim.url}: scenario ${scenario}, ${sim.clusters.size} simulated clusters`,
        );
        const kubeconfig = simConfig.getOptionalString('kubeconfig');
        if (kubeconfig) {
          const file = path.resolve(kubeconfig);
          mkdirSync(path.dirname(file), { recursive: true });
          // The simulator makes a new CA at each start: the file is rewritten each time.
          writeFileSync(file, sim.kubeconfig(token), { mode: 0o600 });
          logger.info(
            `kubectl for the simulator: kubectl --kubeconfig ${file} get managedclusters`,
          );
        }
        lifecycle.addShutdownHook(() => sim.close());
      },
    });
  },
});
