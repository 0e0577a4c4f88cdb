import { KubeConfig, Watch } from '@kubernetes/client-node';

/**
 * Whether a Kubernetes Status says a resourceVersion is not in the hub's history: 410
 * Expired/Gone ("too old", after a compaction or an API server restart), or 504 with cause
 * ResourceVersionTooLarge (a hub whose storage is behind it: replaced or restored). client-go's
 * reflector then lists again from scratch (tools/cache/reflector.go: isExpiredError ||
 * isTooLargeResourceVersionError -> setIsLastSyncResourceVersionUnavailable).
 */
export function isResourceVersionUnavailable(status: unknown): boolean {
  const s = status as {
    code?: number;
    reason?: string;
    details?: { causes?: Array<{ reason?: string }> };
  };
  if (s?.code === 410 || s?.reason === 'Expired' || s?.reason === 'Gone')
    return true;
  return (
    s?.code === 504 &&
    !!s.details?.causes?.some(c => c.reason === 'ResourceVersionTooLarge')
  );
}

/** What client-node's ListWatch takes as "list again": it resets its resourceVersion on 410. */
const relistRequest = () =>
  Object.assign(new Error('the watch cannot resume: listing again'), {
    statusCode: 410,
  });

/**
 * client-node's Watch, for a ListWatch, made to list again (and so replace its state)
 * whenever resuming cannot be trusted.
 *
 * - An ERROR event saying the resourceVersion is not in the hub's history (client-node's
 *   ListWatch relists on 410 only and drops every other ERROR event).
 * - Before it resumes a watch that ended, it asks the hub whether it has reached the
 *   resourceVersion (`checkResourceVersion`, a list of one item "not older than" it): a hub
 *   that came back with replaced storage and resourceVersions that went back answers
 *   "too large resource version", where a watch from it would just wait, silently.
 */
export class ResumableWatch extends Watch {
  /** The resourceVersion of the next watch comes from a list, not from a watch that ended. */
  private fromList = false;

  constructor(
    config: KubeConfig,
    private readonly hooks: {
      /** Rejects with the hub's error when it cannot list at `resourceVersion`. */
      checkResourceVersion: (resourceVersion: string) => Promise<unknown>;
      /** The watch is open: the hub answered. */
      established: () => void;
      /** The cache was stopped: no watch may open any more. */
      stopped: () => boolean;
    },
  ) {
    super(config);
  }

  /** Called once a list has replaced the state: the next watch starts from it. */
  listed() {
    this.fromList = true;
  }

  override async watch(
    path: string,
    queryParams: Record<string, any>,
    callback: (phase: string, apiObj: any, watchObj?: any) => void,
    done: (err: any) => void,
  ): Promise<AbortController> {
    let finished = false;
    const finish = (err: unknown) => {
      if (finished) return;
      finished = true;
      done(err);
    };
    const resuming = !this.fromList && !!queryParams?.resourceVersion;
    this.fromList = false;
    if (resuming) {
      const problem = await this.hooks
        .checkResourceVersion(queryParams.resourceVersion)
        .then(
          () => undefined,
          error => error,
        );
      // Stopped while it asked: ListWatch no longer holds anything to abort.
      if (this.hooks.stopped()) return new AbortController();
      if (problem) {
        // Deferred: ListWatch stores what this returns before it handles the outcome.
        setImmediate(() =>
          finish(
            isResourceVersionUnavailable(statusOf(problem))
              ? relistRequest()
              : problem,
          ),
        );
        return new AbortController();
      }
    }
    const controller = await super.watch(
      path,
      queryParams,
      (phase, object, raw) => {
        if (phase === 'ERROR' && isResourceVersionUnavailable(object)) {
          finish(relistRequest());
          return;
        }
        callback(phase, object, raw);
      },
      finish,
    );
    if (!finished) this.hooks.established();
    return controller;
  }
}

/** The Kubernetes Status of a failed client-node request (its body, parsed if need be). */
function statusOf(error: unknown): unknown {
  const body = (error as { body?: unknown })?.body;
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
