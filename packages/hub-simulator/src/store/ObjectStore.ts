import { randomUUID } from 'node:crypto';
import { KubeObject, StoreEvent, WatchEventType } from './types';

/** Code-point order, like etcd's keys (and much faster than localeCompare). */
const compareStrings = (a: string, b: string) => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

const objectId = (namespace: string | undefined, name: string) =>
  `${namespace ?? ''}/${name}`;

/**
 * The simulator's etcd: objects per kind, one resourceVersion sequence for all kinds, and a
 * bounded history of changes from which watches resume. Stored objects are never mutated;
 * every change stores a new object, so readers can hand them out without copying.
 */
export class ObjectStore {
  private revision: number;
  private readonly kinds = new Map<string, Map<string, KubeObject>>();
  /** Per kind, its objects in list order until the kind changes (see sortedObjects). */
  private readonly sorted = new Map<string, readonly KubeObject[]>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  /**
   * `initialRevision` starts the resourceVersions after it, with every earlier one counted
   * as compacted: what `etcdutl snapshot restore --bump-revision --mark-compacted` does so
   * that a restored store never hands out a resourceVersion a client saw before the restore.
   */
  constructor(private readonly historyLimit = 10_000, initialRevision = 0) {
    this.revision = initialRevision;
  }

  currentRevision(): number {
    return this.revision;
  }

  get(
    key: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.kinds.get(key)?.get(objectId(namespace, name));
  }

  /** Objects of a kind, in one namespace or all, sorted by namespace and name. */
  list(key: string, namespace?: string): KubeObject[] {
    const all = this.sortedObjects(key);
    return namespace === undefined
      ? [...all]
      : all.filter(o => o.metadata.namespace === namespace);
  }

  /**
   * Every object of a kind in namespace and name order, sorted once per change of the kind:
   * a list in pages of 500 over 20,000 works would otherwise sort them all for every page.
   */
  private sortedObjects(key: string): readonly KubeObject[] {
    let sorted = this.sorted.get(key);
    if (!sorted) {
      sorted = [...(this.kinds.get(key)?.entries() ?? [])]
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([, object]) => object);
      this.sorted.set(key, sorted);
    }
    return sorted;
  }

  /** Stores a new object, filling in uid, resourceVersion, creationTimestamp and generation. */
  create(key: string, object: KubeObject): KubeObject {
    const stored: KubeObject = {
      ...object,
      metadata: {
        ...object.metadata,
        uid: randomUUID(),
        creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        generation: 1,
        resourceVersion: String(++this.revision),
      },
    };
    this.put(key, stored, 'ADDED');
    return stored;
  }

  /** Replaces an object; the caller has checked preconditions. */
  update(key: string, object: KubeObject): KubeObject {
    const stored: KubeObject = {
      ...object,
      metadata: {
        ...object.metadata,
        resourceVersion: String(++this.revision),
      },
    };
    this.put(key, stored, 'MODIFIED');
    return stored;
  }

  remove(
    key: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const existing = this.get(key, namespace, name);
    if (!existing) return undefined;
    this.kinds.get(key)!.delete(objectId(namespace, name));
    const removed: KubeObject = {
      ...existing,
      metadata: {
        ...existing.metadata,
        resourceVersion: String(++this.revision),
      },
    };
    this.emit({
      type: 'DELETED',
      key,
      object: removed,
      resourceVersion: this.revision,
    });
    return removed;
  }

  /**
   * The changes after `resourceVersion`, or `undefined` when the history no longer reaches
   * back that far (the watch must then fail with 410 Gone, as etcd compaction makes it).
   */
  eventsSince(resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion >= this.revision) return [];
    const oldest = this.history[0]?.resourceVersion ?? this.revision + 1;
    if (resourceVersion < oldest - 1) return undefined;
    return this.history.filter(e => e.resourceVersion > resourceVersion);
  }

  /**
   * Resolves true once the store has reached `resourceVersion`, or false after `timeoutMs`:
   * the wait of the API server's watch cache before it answers "too large resource version".
   */
  async untilRevision(
    resourceVersion: number,
    timeoutMs: number,
  ): Promise<boolean> {
    if (this.revision >= resourceVersion) return true;
    if (timeoutMs <= 0) return false;
    return new Promise(resolve => {
      const waiting: { timer?: NodeJS.Timeout; unsubscribe?: () => void } = {};
      const finish = (reached: boolean) => {
        clearTimeout(waiting.timer);
        waiting.unsubscribe?.();
        resolve(reached);
      };
      waiting.timer = setTimeout(() => finish(false), timeoutMs);
      waiting.unsubscribe = this.subscribe(() => {
        if (this.revision >= resourceVersion) finish(true);
      });
    });
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets the history up to now, as an etcd compaction does (for tests of 410). */
  compact(): void {
    this.history.length = 0;
  }

  private put(key: string, object: KubeObject, type: WatchEventType) {
    let objects = this.kinds.get(key);
    if (!objects) {
      objects = new Map();
      this.kinds.set(key, objects);
    }
    const id = objectId(object.metadata.namespace, object.metadata.name);
    const previous = objects.get(id);
    objects.set(id, object);
    this.emit({ type, key, object, previous, resourceVersion: this.revision });
  }

  private emit(event: StoreEvent) {
    this.sorted.delete(event.key);
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      this.history.splice(0, this.history.length - this.historyLimit);
    }
    for (const listener of this.listeners) {
      listener(event);
    }
  }
}
