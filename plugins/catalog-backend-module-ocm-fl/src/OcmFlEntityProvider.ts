import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { fingerprint } from './entities';

/**
 * Provides one kind of ocm-fl entity (clusters or models) as a full set. Refreshed on change
 * by the module; a refresh that would change nothing is not sent to the catalog.
 */
export class OcmFlEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private lastApplied?: string;
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly options: {
      name: string;
      /** The entities as they are now; undefined when they cannot be known yet. */
      entities: () => Promise<Entity[] | undefined>;
      logger: LoggerService;
    },
  ) {}

  getProviderName(): string {
    return this.options.name;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  /** Brings the catalog up to date; calls during a refresh lead to one more refresh after it. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.refreshOnce().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.running;
  }

  private async refreshOnce() {
    if (!this.connection) return;
    try {
      const entities = await this.options.entities();
      if (!entities) {
        // Not knowable yet (a hub's cache is still listing): look again shortly.
        setTimeout(() => void this.refresh(), 5000).unref();
        return;
      }
      const print = fingerprint(entities);
      if (print === this.lastApplied) return;
      await this.connection.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({
          entity,
          locationKey: this.options.name,
        })),
      });
      this.lastApplied = print;
      this.options.logger.info(
        `${this.options.name}: provided ${entities.length} entities`,
      );
    } catch (error) {
      this.options.logger.warn(
        `${this.options.name}: could not refresh: ${(error as Error).message}`,
      );
    }
  }
}
