import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { LineageChange } from './JobLifecycle';

/** The events-service topic that carries lineage and model changes. */
export const LINEAGE_CHANGES_TOPIC = 'ocm-fl.lineage-changes';

/**
 * Lineage and model changes for the live stream of every replica. Only the replica that runs
 * the lifecycle task records them; it publishes each on Backstage's events service, and every
 * replica hands what it receives to the listeners of its own stream. Across replicas this
 * needs the events backend plugin on PostgreSQL (its event bus keeps events in the database
 * and wakes subscribers with LISTEN/NOTIFY); otherwise events stay within the process.
 */
export class LineageChangeEvents {
  private readonly listeners = new Set<(change: LineageChange) => void>();

  private constructor(
    private readonly events: EventsService,
    private readonly logger: LoggerService,
  ) {}

  static async create(options: {
    events: EventsService;
    logger: LoggerService;
  }): Promise<LineageChangeEvents> {
    const changes = new LineageChangeEvents(options.events, options.logger);
    await options.events.subscribe({
      // An id of this replica's own: subscribers that share an id share one read position
      // on the event bus, so each event would reach only one of them.
      id: `lineage-changes-${randomUUID()}`,
      topics: [LINEAGE_CHANGES_TOPIC],
      onEvent: async event =>
        changes.deliver(event.eventPayload as LineageChange),
    });
    return changes;
  }

  /** Sends a change to every replica's listeners, this one's included. */
  async publish(change: LineageChange): Promise<void> {
    try {
      await this.events.publish({
        topic: LINEAGE_CHANGES_TOPIC,
        eventPayload: change,
      });
    } catch (error) {
      // The change is recorded all the same; streams only miss a live update.
      this.logger.warn(
        `Could not publish the ${change.kind} change of ${change.name}: ${
          (error as Error).message
        }`,
      );
    }
  }

  /** Tells about changes recorded by any replica, for live updates. */
  subscribe(listener: (change: LineageChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private deliver(change: LineageChange) {
    this.listeners.forEach(listener => listener(change));
  }
}
