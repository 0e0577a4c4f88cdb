import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  AppliedEntities,
  appliedEntities,
  entityChanges,
} from './entityChanges';

/**
 * Provides one kind of ocm-fl entity (clusters or models). The first refresh, and any asked
 * to be full (the module's periodic safety net), sends a full mutation; every other sends a
 * delta mutation with just the entities added, changed or removed since the last mutation
 * applied, or nothing when none did. With thousands of clusters, one cluster's change then
 * costs the catalog one entity, not thousands.
 */
export class OcmFlEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  /** What the catalog holds from this provider; unknown until a full mutation is applied. */
  private applied?: AppliedEntities;
  private running?: Promise<void>;
  private queued?: { full: boolean };

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

  /**
   * Brings the catalog up to date; calls during a refresh lead to one more refresh after it
   * (a full one when any of them asked for it).
   */
  refresh(options: { full?: boolean } = {}): Promise<void> {
    const full = options.full ?? false;
    if (this.running) {
      this.queued = { full: full || (this.queued?.full ?? false) };
      return this.running;
    }
    this.running = this.refreshOnce(full).finally(() => {
      this.running = undefined;
      const queued = this.queued;
      if (queued) {
        this.queued = undefined;
        void this.refresh(queued);
      }
    });
    return this.running;
  }

  private async refreshOnce(full: boolean) {
    const { connection } = this;
    const { name, logger } = this.options;
    if (!connection) return;
    try {
      const entities = await this.options.entities();
      if (!entities) {
        // Not knowable yet (a hub's cache is still listing): look again shortly.
        setTimeout(() => void this.refresh({ full }), 5000).unref();
        return;
      }
      if (full || !this.applied) {
        await connection.applyMutation({
          type: 'full',
          entities: entities.map(entity => ({ entity, locationKey: name })),
        });
        this.applied = appliedEntities(entities);
        logger.info(`${name}: provided ${entities.length} entities`);
        return;
      }
      const changes = entityChanges(this.applied, entities);
      if (changes.upserted.length === 0 && changes.removed.length === 0) return;
      await connection.applyMutation({
        type: 'delta',
        added: changes.upserted.map(entity => ({ entity, locationKey: name })),
        removed: changes.removed.map(entityRef => ({
          entityRef,
          locationKey: name,
        })),
      });
      this.applied = changes.applied;
      logger.info(
        `${name}: updated ${changes.upserted.length} and removed ${changes.removed.length} entities`,
      );
    } catch (error) {
      logger.warn(`${name}: could not refresh: ${(error as Error).message}`);
    }
  }
}
