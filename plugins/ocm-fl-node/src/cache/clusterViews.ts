import {
  ClusterView,
  clusterView,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { HubCache } from './HubCache';

const derived = new WeakMap<
  HubCache,
  { version: number; clusters: ClusterView[] }
>();

/**
 * Every managed cluster of a hub as the portal and the catalog show it, derived once per
 * state of the clusters.
 *
 * @public
 */
export function clusterViewsOf(hub: {
  name: string;
  cache: HubCache;
}): ClusterView[] {
  const cached = derived.get(hub.cache);
  if (cached?.version === hub.cache.clustersVersion) return cached.clusters;
  const version = hub.cache.clustersVersion;
  const clusters = hub.cache
    .clusters()
    .map(c =>
      clusterView(hub.name, c, hub.cache.jobsOnCluster(c.metadata.name)),
    );
  derived.set(hub.cache, { version, clusters });
  return clusters;
}
