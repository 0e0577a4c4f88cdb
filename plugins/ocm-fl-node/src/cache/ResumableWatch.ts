import { KubeConfig, Watch } from '@kubernetes/client-node';

/** Network failures that mean the hub was not there, rather than a stream that ended. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
]);

/**
 * Whether a watch's ERROR event says its resourceVersion is not in the hub's history:
 * 410 Expired/Gone ("too old", after a compaction or an API server restart), or 504 with
 * cause ResourceVersionTooLarge (a hub whose storage is behind it, e.g. restored). client-go's
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

/** Whether a request failed because the hub could not be reached at all. */
export function isHubUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && UNREACHABLE_CODES.has(code);
}

/** What client-node's ListWatch takes as "list again": it resets its resourceVersion on 410. */
const relistRequest = () =>
  Object.assign(new Error('the watch cannot resume: listing again'), {
    statusCode: 410,
  });

/**
 * client-node's Watch, for a ListWatch, made to list again (and so replace its state)
 * whenever resuming cannot be trusted: when the hub answers that the resourceVersion is not
 * in its history (client-node's ListWatch only relists on 410 and drops other ERROR events),
 * and after the hub could not be reached at all, since a hub that went away may come back
 * with other contents and resourceVersions that do not say so (storage restored or replaced
 * without a revision bump).
 */
export class ResumableWatch extends Watch {
  private mustRelist = false;

  constructor(
    config: KubeConfig,
    private readonly events: {
      /** The watch is open: the hub answered. */
      established: () => void;
    },
  ) {
    super(config);
  }

  /** Called once a list has replaced the state: watches may resume from it again. */
  listed() {
    this.mustRelist = false;
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
    if (this.mustRelist && queryParams?.resourceVersion) {
      // Deferred: ListWatch stores what this returns before it handles the relist.
      setImmediate(() => finish(relistRequest()));
      return new AbortController();
    }
    let opened = false;
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
      err => {
        if (!opened && isHubUnreachable(err)) this.mustRelist = true;
        finish(err);
      },
    );
    opened = true;
    if (!finished) this.events.established();
    return controller;
  }
}
