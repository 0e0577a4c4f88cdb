import http from 'node:http';
import { ObjectStore } from '../store/ObjectStore';
import { KubeObject, StoreEvent } from '../store/types';
import { resourceKey, ResourceType } from './resources';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { errors } from './statusError';

/** What a watch selects: a namespace and label and field selectors. */
export interface WatchSelection {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/**
 * The open watches: each streams newline-delimited events as the real API server does,
 * from the requested resourceVersion on, with bookmarks when asked, until its timeout.
 */
export class WatchStreams {
  private readonly watches = new Set<http.ServerResponse>();

  constructor(
    private readonly limits: {
      /** How often a watch that asked for bookmarks gets one. */
      bookmarkIntervalMs: number;
      /** Upper bound of a watch's life when the client sets no timeoutSeconds. */
      watchTimeoutSeconds: number;
    },
  ) {}

  /** Ends every open watch, as a network blip or an API server restart would. */
  dropAll(): number {
    const count = this.watches.size;
    for (const res of this.watches) res.destroy();
    this.watches.clear();
    return count;
  }

  /** Streams the store's events of `type` that match `options` into `res`. */
  open(
    res: http.ServerResponse,
    store: ObjectStore,
    type: ResourceType,
    options: WatchSelection,
    query: URLSearchParams,
  ) {
    const matchesLabels = parseLabelSelector(options.labelSelector);
    const matchesFields = parseFieldSelector(options.fieldSelector);
    const key = resourceKey(type);
    const matches = (o: KubeObject | undefined) =>
      !!o &&
      (options.namespace === undefined ||
        o.metadata.namespace === options.namespace) &&
      matchesLabels(o.metadata.labels) &&
      matchesFields(o);

    res.writeHead(200, {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
      'cache-control': 'no-cache',
    });
    res.flushHeaders();
    const send = (eventType: string, object: unknown) => {
      res.write(`${JSON.stringify({ type: eventType, object })}\n`);
    };
    const deliver = (event: StoreEvent) => {
      if (event.key !== key) return;
      const now = matches(event.object);
      const before = event.type === 'MODIFIED' && matches(event.previous);
      if (event.type === 'MODIFIED' && before && !now)
        send('DELETED', event.object);
      else if (event.type === 'MODIFIED' && !before && now)
        send('ADDED', event.object);
      else if (now) send(event.type, event.object);
    };

    const rvParam = query.get('resourceVersion');
    // Subscribe first so that nothing written while we replay history is missed.
    const buffered: StoreEvent[] = [];
    let live = false;
    let from: number;
    // Like apiserver's cacheWatcher.process, only events newer than the requested
    // resourceVersion are sent: a watch from a version the store has not reached waits.
    const unsubscribe = store.subscribe(event => {
      if (!live) buffered.push(event);
      else if (event.resourceVersion > from) deliver(event);
    });
    if (!rvParam || rvParam === '0') {
      from = store.currentRevision();
      for (const object of store.list(key, options.namespace))
        if (matches(object)) send('ADDED', object);
    } else {
      from = Number(rvParam);
      const history = Number.isFinite(from)
        ? store.eventsSince(from)
        : undefined;
      if (!history) {
        send(
          'ERROR',
          errors
            .gone(
              `too old resource version: ${rvParam} (${store.currentRevision()})`,
            )
            .toStatus(),
        );
        unsubscribe();
        res.end();
        return;
      }
      history.forEach(deliver);
      from = Math.max(
        from,
        history[history.length - 1]?.resourceVersion ?? from,
      );
    }
    for (const event of buffered)
      if (event.resourceVersion > from) deliver(event);
    live = true;

    this.watches.add(res);
    const bookmarks =
      query.get('allowWatchBookmarks') === 'true'
        ? setInterval(() => {
            // Never a bookmark behind the watch's own resourceVersion.
            if (store.currentRevision() < from) return;
            send('BOOKMARK', {
              kind: type.kind,
              apiVersion: type.group
                ? `${type.group}/${type.version}`
                : type.version,
              metadata: { resourceVersion: String(store.currentRevision()) },
            });
          }, this.limits.bookmarkIntervalMs)
        : undefined;
    const requested = Number(query.get('timeoutSeconds'));
    const timeoutSeconds =
      requested > 0
        ? Math.min(requested, this.limits.watchTimeoutSeconds)
        : this.limits.watchTimeoutSeconds;
    const timeout = setTimeout(() => res.end(), timeoutSeconds * 1000);
    const cleanup = () => {
      unsubscribe();
      clearInterval(bookmarks);
      clearTimeout(timeout);
      this.watches.delete(res);
    };
    res.on('close', cleanup);
  }
}
