import {
  CustomObjectsApi,
  KubeConfig,
  KubernetesObject,
  ListWatch,
} from '@kubernetes/client-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ResumableWatch } from './ResumableWatch';
import { restoreSpec, shrinkWork } from './shrinkWork';
import type { PlacementSnapshot } from '../launcher/PlacementPreview';
import {
  AddOnPlacementScore,
  ManagedCluster,
  ManagedClusterSet,
  ManagedClusterSetBinding,
  OCM_FL_MANAGER,
  ocmFlAnnotations,
  ocmFlLabels,
  Placement,
  PlacementDecision,
  WorkObject,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';

/** Objects per list request: keeps the memory of a first list of a large hub bounded. */
const LIST_PAGE_SIZE = 500;

/** The kinds the cache watches: everything the portal shows and previews is served from these. */
const KINDS = {
  clusters: {
    group: 'cluster.open-cluster-management.io',
    version: 'v1',
    plural: 'managedclusters',
  },
  clusterSets: {
    group: 'cluster.open-cluster-management.io',
    version: 'v1beta2',
    plural: 'managedclustersets',
  },
  bindings: {
    group: 'cluster.open-cluster-management.io',
    version: 'v1beta2',
    plural: 'managedclustersetbindings',
    namespaced: true,
  },
  placements: {
    group: 'cluster.open-cluster-management.io',
    version: 'v1beta1',
    plural: 'placements',
    namespaced: true,
    ours: true,
  },
  // Every namespace's: OCM's Balance prioritizer counts the decisions of all placements.
  decisions: {
    group: 'cluster.open-cluster-management.io',
    version: 'v1beta1',
    plural: 'placementdecisions',
  },
  // In the cluster namespaces; read by placements' AddOn prioritizers and CEL scores().
  scores: {
    group: 'cluster.open-cluster-management.io',
    version: 'v1alpha1',
    plural: 'addonplacementscores',
  },
  works: {
    group: 'work.open-cluster-management.io',
    version: 'v1',
    plural: 'manifestworks',
    ours: true,
  },
} as const;

/** @public */
export type CachedKind = keyof typeof KINDS;

/** A change the cache saw, for live updates. @public */
export interface CacheChange {
  /** Never `scores`: see the informers' handlers. */
  kind: Exclude<CachedKind, 'scores'>;
  type: 'add' | 'update' | 'delete';
  name: string;
  namespace?: string;
  /** The FL job the object belongs to, when it is one of ours. */
  job?: string;
}

// Types, not interfaces, for what the REST API answers: the backend's router checks answers
// against openapi.yaml, whose open objects need the index signature only type aliases have.
/** How current the cache is. @public */
export type CacheState = {
  /**
   * Every kind's state comes from a complete list, followed by its watch: false before the
   * first list and while a kind lists again (after its watch could not resume).
   */
  synced: boolean;
  /** A watch failed and the cache is serving the last known state. */
  stale: boolean;
  /** Why it is stale. */
  error?: string;
  /** When the cache last heard from the hub (event or successful list). */
  lastContactAt?: string;
};

type Watched = {
  informer: ListWatch<KubernetesObject>;
  synced: boolean;
  failing?: string;
};

/**
 * An informer-style cache of one hub: list+watch per kind (client-node's ListWatch:
 * resume from the last resourceVersion; list again, replacing the state, when the hub no
 * longer has that resourceVersion: see ResumableWatch), restarted with backoff after errors,
 * indexed by job. API reads are served from here, never by calling the hub.
 *
 * @public
 */
export class HubCache {
  private readonly watched = new Map<CachedKind, Watched>();
  private readonly listeners = new Set<(change: CacheChange) => void>();
  private readonly worksByJob = new Map<string, Set<string>>();
  /** cluster -> job -> count of that job's works on the cluster. */
  private readonly jobsByCluster = new Map<string, Map<string, number>>();
  /** Bumped on every change; lets readers reuse what they derived from an unchanged cache. */
  private changes = 0;
  /** Bumped when a cluster changes or a job appears on or leaves a cluster. */
  private clusterChanges = 0;
  /** Compressed specs of the cached works, which the cache keeps shrunk (see shrinkWork). */
  private readonly workSpecs = new Map<string, Buffer>();
  /**
   * Per job, its spec annotation (about a kilobyte of JSON), which every work of the job
   * carries: its works share this one copy rather than keep one each.
   */
  private readonly specAnnotations = new Map<string, string>();
  private clusterIndex?: {
    at: number;
    byName: ReadonlyMap<string, ManagedCluster>;
  };
  private readonly retries = new Map<CachedKind, NodeJS.Timeout>();
  private readonly staleListeners = new Set<(stale: boolean) => void>();
  private lastContactAt?: Date;
  private stopped = false;

  constructor(
    private readonly options: {
      kubeConfig: KubeConfig;
      /** Hub namespace of the jobs' Placements and bindings. */
      namespace: string;
      logger?: LoggerService;
      /** First and longest delay before a failed watch is restarted. */
      backoff?: { initialMs: number; maxMs: number };
    },
  ) {}

  /** Starts every informer; resolves when each has listed once (or failed to). */
  async start(): Promise<void> {
    const api = this.options.kubeConfig.makeApiClient(CustomObjectsApi);
    await Promise.all(
      (Object.keys(KINDS) as CachedKind[]).map(kind => {
        const k = KINDS[kind] as {
          group: string;
          version: string;
          plural: string;
          namespaced?: boolean;
          ours?: boolean;
        };
        const namespace = k.namespaced ? this.options.namespace : undefined;
        const labelSelector = k.ours
          ? `${ocmFlLabels.managedBy}=${OCM_FL_MANAGER}`
          : undefined;
        const path = `/apis/${k.group}/${k.version}${
          namespace ? `/namespaces/${namespace}` : ''
        }/${k.plural}`;
        const listPage = (page: {
          limit: number;
          _continue?: string;
          resourceVersion?: string;
          resourceVersionMatch?: string;
        }) => {
          const request = {
            group: k.group,
            version: k.version,
            plural: k.plural,
            labelSelector,
            ...page,
          };
          return namespace
            ? api.listNamespacedCustomObject({ ...request, namespace })
            : api.listClusterCustomObject(request);
        };
        // Its informer follows: the watch and the list below report into it.
        const watched = { synced: false } as Watched;
        this.watched.set(kind, watched);
        const watch = new ResumableWatch(this.options.kubeConfig, {
          // One item "not older than" it (explicitly: with a limit and no match, the API
          // server reads exactly at it, and a compacted one is 410): a hub that has not
          // reached it says so at once.
          checkResourceVersion: resourceVersion =>
            listPage({
              limit: 1,
              resourceVersion,
              resourceVersionMatch: 'NotOlderThan',
            }),
          established: () => {
            this.contact();
            // ListWatch opens the watch right after it applied a list.
            watched.synced = true;
            this.setFailing(watched, undefined);
          },
          stopped: () => this.stopped,
        });
        // Page by page, shrinking works as they come: one list of 20,000 full works would
        // take gigabytes while it is parsed.
        const list = async () => {
          watched.synced = false;
          const items: KubernetesObject[] = [];
          let page: any;
          do {
            page = await listPage({
              limit: LIST_PAGE_SIZE,
              _continue: page?.metadata?.continue,
            });
            this.contact();
            for (const item of page.items as KubernetesObject[]) {
              delete item.metadata?.managedFields;
              if (kind === 'works') this.keepWorkSpec('add', item);
              items.push(item);
            }
          } while (page.metadata?.continue);
          watch.listed();
          return { ...page, items };
        };
        // ListWatch replaces its state with each list: objects that are gone are deleted,
        // with a delete event, as client-go's Reflector.syncWith/Store.Replace does.
        const informer = new ListWatch(path, watch, list, false, labelSelector);
        watched.informer = informer;
        const emit =
          (type: CacheChange['type']) => (object: KubernetesObject) => {
            this.contact();
            // Nothing reads them, and they are often the largest part of an object: dropped
            // as an informer's transform does (client-go tools/cache, SetTransform).
            delete object.metadata?.managedFields;
            // Scores (an add-on updates them every minute or so on every cluster) and other
            // namespaces' decisions change nothing the portal shows: previews read them as
            // they are at each call, so they count as no change and are not reported.
            if (
              kind === 'scores' ||
              (kind === 'decisions' &&
                object.metadata?.namespace !== this.options.namespace)
            )
              return;
            this.changes += 1;
            if (kind === 'clusters') this.clusterChanges += 1;
            if (kind === 'works') {
              this.keepWorkSpec(type, object);
              this.indexWork(type, object);
            }
            const change: CacheChange = {
              kind,
              type,
              name: object.metadata?.name ?? '',
              namespace: object.metadata?.namespace,
              job: object.metadata?.labels?.[ocmFlLabels.job],
            };
            this.listeners.forEach(listener => listener(change));
          };
        informer.on('add', emit('add'));
        informer.on('update', emit('update'));
        informer.on('delete', emit('delete'));
        informer.on('error', error => this.retry(kind, watched, error, 0));
        return informer
          .start()
          .catch(error => this.retry(kind, watched, error, 0));
      }),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retries.forEach(timer => clearTimeout(timer));
    await Promise.all([...this.watched.values()].map(w => w.informer.stop()));
  }

  state(): CacheState {
    const failing = [...this.watched.entries()].filter(([, w]) => w.failing);
    return {
      synced:
        this.watched.size > 0 &&
        [...this.watched.values()].every(w => w.synced),
      stale: failing.length > 0,
      ...(failing.length > 0
        ? {
            error: failing
              .map(([kind, w]) => `${kind}: ${w.failing}`)
              .join('; '),
          }
        : {}),
      ...(this.lastContactAt
        ? { lastContactAt: this.lastContactAt.toISOString() }
        : {}),
    };
  }

  /**
   * Calls `listener` when the cache loses its watches of the hub (`true`) or has them back
   * (`false`), so that the hub's health can be checked at once; returns the unsubscribe function.
   */
  onStaleChange(listener: (stale: boolean) => void): () => void {
    this.staleListeners.add(listener);
    return () => this.staleListeners.delete(listener);
  }

  /** Calls `listener` for every change; returns the unsubscribe function. */
  subscribe(listener: (change: CacheChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clusters(): readonly ManagedCluster[] {
    return this.list('clusters') as unknown as readonly ManagedCluster[];
  }

  cluster(name: string): ManagedCluster | undefined {
    return this.watched.get('clusters')?.informer.get(name) as unknown as
      | ManagedCluster
      | undefined;
  }

  clusterSets(): readonly ManagedClusterSet[] {
    return this.list('clusterSets') as unknown as readonly ManagedClusterSet[];
  }

  bindings(): readonly ManagedClusterSetBinding[] {
    return this.list(
      'bindings',
    ) as unknown as readonly ManagedClusterSetBinding[];
  }

  placements(): readonly Placement[] {
    return this.list('placements') as unknown as readonly Placement[];
  }

  placement(job: string): Placement | undefined {
    return this.watched
      .get('placements')
      ?.informer.get(job, this.options.namespace) as unknown as
      | Placement
      | undefined;
  }

  /** The PlacementDecisions of every namespace. */
  decisions(): readonly PlacementDecision[] {
    return this.list('decisions') as unknown as readonly PlacementDecision[];
  }

  works(): readonly WorkObject[] {
    return this.list('works') as unknown as readonly WorkObject[];
  }

  /** The works of one job, from the job index. */
  worksOfJob(job: string): WorkObject[] {
    const informer = this.watched.get('works')?.informer;
    return [...(this.worksByJob.get(job) ?? [])]
      .map(id => {
        const [namespace, name] = id.split('/');
        return informer?.get(name, namespace) as unknown as
          | WorkObject
          | undefined;
      })
      .filter((w): w is WorkObject => !!w);
  }

  /** The works of one job in full (with their manifests), for people to read. */
  worksOfJobWithManifests(job: string): WorkObject[] {
    return this.worksOfJob(job).map(work => {
      const spec = this.workSpecs.get(
        `${work.metadata.namespace}/${work.metadata.name}`,
      );
      return spec ? { ...work, spec: restoreSpec(spec) } : work;
    });
  }

  /** Names of the jobs that have a work on a cluster. */
  jobsOnCluster(cluster: string): string[] {
    return [...(this.jobsByCluster.get(cluster)?.keys() ?? [])].sort();
  }

  /** A counter that changes whenever the cache does. */
  get version(): number {
    return this.changes;
  }

  /** A counter that changes whenever a cluster or the jobs on a cluster do. */
  get clustersVersion(): number {
    return this.clusterChanges;
  }

  /** The clusters by name, rebuilt only after a change of a cluster. */
  clustersByName(): ReadonlyMap<string, ManagedCluster> {
    if (this.clusterIndex?.at !== this.clusterChanges) {
      this.clusterIndex = {
        at: this.clusterChanges,
        byName: new Map(this.clusters().map(c => [c.metadata.name, c])),
      };
    }
    return this.clusterIndex.byName;
  }

  /** Names of every job the hub holds objects of. */
  jobNames(): string[] {
    return [
      ...new Set([
        ...this.worksByJob.keys(),
        ...this.placements().map(p => p.metadata.name),
      ]),
    ].sort();
  }

  /** What scheduling a placement reads, for previews (see PlacementPreview). */
  placementSnapshot(): PlacementSnapshot {
    return {
      clusters: [...this.clusters()],
      clusterSets: [...this.clusterSets()],
      bindings: [...this.bindings()],
      decisions: [...this.decisions()],
      scores: [...this.list('scores')] as unknown as AddOnPlacementScore[],
    };
  }

  private list(kind: CachedKind): readonly KubernetesObject[] {
    return this.watched.get(kind)?.informer.list() ?? [];
  }

  private keepWorkSpec(type: CacheChange['type'], work: KubernetesObject) {
    const id = `${work.metadata?.namespace}/${work.metadata?.name}`;
    if (type === 'delete') {
      this.workSpecs.delete(id);
      return;
    }
    this.shareSpecAnnotation(work);
    // Listed works were shrunk already; their spec is kept.
    const spec = shrinkWork(work);
    if (spec) this.workSpecs.set(id, spec);
  }

  private shareSpecAnnotation(work: KubernetesObject) {
    const job = work.metadata?.labels?.[ocmFlLabels.job];
    const annotations = work.metadata?.annotations;
    const spec = annotations?.[ocmFlAnnotations.spec];
    if (!job || !annotations || spec === undefined) return;
    const shared = this.specAnnotations.get(job);
    if (shared === spec) annotations[ocmFlAnnotations.spec] = shared;
    else this.specAnnotations.set(job, spec);
  }

  private indexWork(type: CacheChange['type'], work: KubernetesObject) {
    const job = work.metadata?.labels?.[ocmFlLabels.job];
    if (!job) return;
    const cluster = work.metadata?.namespace ?? '';
    const id = `${cluster}/${work.metadata?.name}`;
    const ids = this.worksByJob.get(job) ?? new Set<string>();
    const known = ids.has(id);
    if (type === 'delete') ids.delete(id);
    else ids.add(id);
    if (ids.size === 0) {
      this.worksByJob.delete(job);
      this.specAnnotations.delete(job);
    } else this.worksByJob.set(job, ids);
    // The cluster index counts works, so that a job with two works on a cluster stays.
    const added = type !== 'delete' && !known;
    const removed = type === 'delete' && known;
    if (!added && !removed) return;
    this.clusterChanges += 1;
    const jobs = this.jobsByCluster.get(cluster) ?? new Map<string, number>();
    const count = (jobs.get(job) ?? 0) + (added ? 1 : -1);
    if (count > 0) jobs.set(job, count);
    else jobs.delete(job);
    if (jobs.size === 0) this.jobsByCluster.delete(cluster);
    else this.jobsByCluster.set(cluster, jobs);
  }

  private contact() {
    this.lastContactAt = new Date();
  }

  private setFailing(watched: Watched, failing: string | undefined) {
    const wasStale = this.state().stale;
    watched.failing = failing;
    const stale = this.state().stale;
    if (stale !== wasStale) this.staleListeners.forEach(l => l(stale));
  }

  private retry(
    kind: CachedKind,
    watched: Watched,
    error: unknown,
    attempt: number,
  ) {
    if (this.stopped) return;
    this.setFailing(watched, (error as Error)?.message ?? String(error));
    const { initialMs, maxMs } = this.options.backoff ?? {
      initialMs: 1000,
      maxMs: 30_000,
    };
    const delay = Math.min(maxMs, initialMs * 2 ** attempt);
    this.options.logger?.warn(
      `OCM hub cache: watch of ${kind} failed (${watched.failing}); retrying in ${delay} ms`,
    );
    clearTimeout(this.retries.get(kind));
    this.retries.set(
      kind,
      setTimeout(() => {
        watched.informer
          .start()
          .catch(next => this.retry(kind, watched, next, attempt + 1));
      }, delay),
    );
  }
}
