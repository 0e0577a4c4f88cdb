import {
  ClusterView,
  clusterView,
  ManagedCluster,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { HubCache } from './HubCache';

/** A cluster's view with what lists need ready: its JSON and the text a search matches. @public */
export interface ListedCluster {
  view: ClusterView;
  /** The view as JSON, as answers list it. */
  json: string;
  /** `key=value` of each label, lower-cased: a search matches these and the name. */
  labelTexts: string[];
}

/** Every cluster of a hub, listed, for one state of its clusters. @public */
export interface ClusterList {
  clusters: readonly ListedCluster[];
  /** The JSON array of every cluster's view, made at the first call. */
  json(): string;
}

/** What deriving cluster views reads of a hub's cache. @public */
export type ClusterSource = Pick<
  HubCache,
  'clustersVersion' | 'clusters' | 'jobsOnCluster'
>;

interface Derived {
  version: number;
  list: ClusterList;
  /** Per cached cluster object (replaced by the cache on each change): its entry. */
  entries: WeakMap<ManagedCluster, { jobs: string; listed: ListedCluster }>;
}

const derived = new WeakMap<ClusterSource, Derived>();

function listedCluster(view: ClusterView): ListedCluster {
  return {
    view,
    json: JSON.stringify(view),
    labelTexts: Object.entries(view.labels).map(([k, v]) =>
      `${k}=${v}`.toLowerCase(),
    ),
  };
}

/**
 * Every managed cluster of a hub as lists show it, derived once per state of the clusters;
 * a cluster whose object and jobs did not change keeps its entry (view, JSON, search text),
 * so a change of one cluster re-derives one, and a list request derives none.
 *
 * @public
 */
export function listedClustersOf(hub: {
  name: string;
  cache: ClusterSource;
}): ClusterList {
  const previous = derived.get(hub.cache);
  if (previous?.version === hub.cache.clustersVersion) return previous.list;
  const version = hub.cache.clustersVersion;
  const entries: Derived['entries'] = previous?.entries ?? new WeakMap();
  const clusters = hub.cache.clusters().map(cluster => {
    const jobsOn = hub.cache.jobsOnCluster(cluster.metadata.name);
    const jobs = jobsOn.join('\n');
    const known = entries.get(cluster);
    if (known?.jobs === jobs) return known.listed;
    const listed = listedCluster(clusterView(hub.name, cluster, jobsOn));
    entries.set(cluster, { jobs, listed });
    return listed;
  });
  let json: string | undefined;
  const list: ClusterList = {
    clusters,
    json: () => (json ??= `[${clusters.map(c => c.json).join(',')}]`),
  };
  derived.set(hub.cache, { version, list, entries });
  return list;
}

/**
 * Every managed cluster of a hub as the portal and the catalog show it, derived once per
 * state of the clusters.
 *
 * @public
 */
export function clusterViewsOf(hub: {
  name: string;
  cache: ClusterSource;
}): ClusterView[] {
  return listedClustersOf(hub).clusters.map(c => c.view);
}
