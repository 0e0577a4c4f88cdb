import { LoggerService } from '@backstage/backend-plugin-api';
import { HubHealth } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import type { HubCache } from '../cache/HubCache';
import { HubConfig } from '../config/ocmFlConfig';
import { connectionWarnings } from './connectionWarnings';
import { probeHub } from './probeHub';

/**
 * How often each hub is probed, and how long a probe may take: with the probes that a
 * broken or recovered watch of the cache triggers, an outage shows within about 5 s.
 *
 * @public
 */
export const HUB_PROBE_DEFAULTS = { intervalMs: 5_000, timeoutMs: 5_000 };

/**
 * Keeps the last known health of every configured hub, probing them on an interval, so
 * that a health request never waits on a hub (a hub that hangs cannot hang the API).
 *
 * @public
 */
export class HubHealthMonitor {
  private readonly health = new Map<string, HubHealth>();
  /** Fixed by configuration, so computed once. */
  private readonly warnings = new Map<string, string[]>();
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private queued?: Promise<void>;
  private readonly unfollow: Array<() => void> = [];

  constructor(
    private readonly hubs: HubConfig[],
    private readonly logger: LoggerService,
    private readonly options: {
      intervalMs: number;
      timeoutMs: number;
    } = HUB_PROBE_DEFAULTS,
  ) {
    for (const hub of hubs) {
      const warnings = connectionWarnings(hub);
      this.warnings.set(hub.name, warnings);
      this.health.set(hub.name, {
        name: hub.name,
        url: hub.url,
        state: 'unknown',
        ...(warnings.length ? { warnings } : {}),
      });
    }
  }

  /** Says what is insecure about each hub's connection, then probes now and every `intervalMs` until `stop`. */
  start(): Promise<void> {
    for (const [hub, warnings] of this.warnings) {
      for (const warning of warnings)
        this.logger.warn(`OCM hub ${hub}: ${warning}`);
    }
    this.timer = setInterval(() => void this.check(), this.options.intervalMs);
    this.timer.unref();
    return this.check();
  }

  stop(): void {
    clearInterval(this.timer);
    this.unfollow.forEach(unsubscribe => unsubscribe());
  }

  /**
   * Probes at once whenever the cache of a hub loses or regains its watches: the watches
   * notice a hub that stops long before the next probe would.
   */
  follow(cache: Pick<HubCache, 'onStaleChange'>): void {
    this.unfollow.push(cache.onStaleChange(() => void this.recheck()));
  }

  /** Probes every hub concurrently; concurrent callers share one round of probes. */
  check(): Promise<void> {
    this.inFlight ??= Promise.all(
      this.hubs.map(async hub => {
        const next = await probeHub(hub, { timeoutMs: this.options.timeoutMs });
        this.record(next);
      }),
    )
      .then(() => undefined)
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** A round of probes that starts after the one in flight, so that it sees what happened since. */
  private recheck(): Promise<void> {
    this.queued ??= (this.inFlight ?? Promise.resolve()).then(() => {
      this.queued = undefined;
      return this.check();
    });
    return this.queued;
  }

  /** The last known health of each hub, in configuration order. */
  current(): HubHealth[] {
    return this.hubs.map(hub => this.health.get(hub.name)!);
  }

  private record(next: HubHealth) {
    const previous = this.health.get(next.name);
    if (previous?.state !== next.state) {
      const log = next.state === 'ok' ? this.logger.info : this.logger.warn;
      log.call(
        this.logger,
        `OCM hub ${next.name} (${next.url}) is ${next.state}${
          next.message ? `: ${next.message}` : ''
        }`,
      );
    }
    const warnings = this.warnings.get(next.name)!;
    this.health.set(next.name, warnings.length ? { ...next, warnings } : next);
  }
}
