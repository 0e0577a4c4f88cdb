import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { HubCache } from '../cache/HubCache';
import { OcmFlConfig } from '../config/ocmFlConfig';
import { HubHealthMonitor } from '../hub/HubHealthMonitor';
import { kubeConfigForHub } from '../hub/kubeConfigForHub';
import { JobLauncher } from '../launcher/JobLauncher';
import { LauncherOptions } from '../launcher/launchOptions';

/**
 * One configured hub: how to reach it, its watch-fed cache for reads, its launcher for
 * writes.
 *
 * @public
 */
export interface OcmFlHub {
  /** Its name in `ocmFl.hubs`. */
  readonly name: string;
  readonly kubeConfig: KubeConfig;
  readonly cache: HubCache;
  readonly launcher: JobLauncher;
}

/**
 * Access to every configured OCM hub, shared by the ocm-fl plugins of a backend: the
 * `ocmFlHubsServiceRef` service.
 *
 * @public
 */
export interface OcmFlHubsService {
  /** Hub namespace of the jobs' Placements (`ocmFl.namespace`). */
  readonly namespace: string;
  /** Every configured hub, in configuration order. */
  readonly hubs: readonly OcmFlHub[];
  /** The last known health of every hub, probed on an interval, never waiting on a hub. */
  readonly health: Pick<HubHealthMonitor, 'current'>;
  /**
   * The hub of that name, or the first configured (there is always one) when `name` is
   * left out; an InputError that names `field` when no hub has the name.
   */
  hub(name: string | undefined, field: string): OcmFlHub;
}

/**
 * The default `OcmFlHubsService`: per configured hub a KubeConfig with its service account
 * token, a HubCache, a JobLauncher, and one HubHealthMonitor for them all, which probes a hub
 * at once when its cache's watches break or recover.
 *
 * @public
 */
export class OcmFlHubs implements OcmFlHubsService {
  readonly namespace: string;
  readonly hubs: readonly OcmFlHub[];
  readonly health: HubHealthMonitor;

  constructor(
    config: Pick<OcmFlConfig, 'hubs' | 'namespace' | 'storage'>,
    logger: LoggerService,
    options: {
      /** For tests: how the launchers wait on the hub. */
      launcher?: Pick<LauncherOptions, 'waits'>;
    } = {},
  ) {
    this.namespace = config.namespace;
    this.health = new HubHealthMonitor(config.hubs, logger);
    this.hubs = config.hubs.map(hub => {
      const kubeConfig = kubeConfigForHub(hub);
      const cache = new HubCache({
        kubeConfig,
        namespace: config.namespace,
        logger: logger.child({ hub: hub.name }),
      });
      this.health.follow(cache);
      return {
        name: hub.name,
        kubeConfig,
        cache,
        launcher: new JobLauncher({
          kubeConfig,
          namespace: config.namespace,
          hubName: hub.name,
          storageLocations: config.storage.locations,
          ...options.launcher,
        }),
      };
    });
  }

  hub(name: string | undefined, field: string): OcmFlHub {
    const found = name ? this.hubs.find(h => h.name === name) : this.hubs[0];
    if (!found) {
      throw new InputError(
        `${field}: no hub named "${name}"; configured: ${this.hubs
          .map(h => h.name)
          .join(', ')}`,
      );
    }
    return found;
  }

  /**
   * Starts the watches of every hub and the health probes. Not awaited by the factory: a
   * hub that is down must not hold up the backend's start.
   */
  start(): void {
    void this.health.start();
    this.hubs.forEach(hub => void hub.cache.start());
  }

  async stop(): Promise<void> {
    this.health.stop();
    await Promise.all(this.hubs.map(hub => hub.cache.stop()));
  }
}
