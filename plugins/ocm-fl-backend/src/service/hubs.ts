import { InputError } from '@backstage/errors';
import { jobDetail, JobDetail } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { HubCache, JobLauncher } from '@ocm-fl/backstage-plugin-ocm-fl-node';

/** One configured hub as the backend uses it: its cache for reads, its launcher for writes. */
export interface HubAccess {
  name: string;
  cache: HubCache;
  launcher: Pick<JobLauncher, 'stop' | 'delete'>;
}

/** Every job on a hub, as derived from the cached objects. */
export function jobDetailsOf(hub: HubAccess): JobDetail[] {
  const clusters = hub.cache.clusters();
  return hub.cache.jobNames().map(name =>
    jobDetail({
      hub: hub.name,
      name,
      placement: hub.cache.placement(name) as any,
      works: hub.cache.worksOfJob(name),
      clusters,
    }),
  );
}

/** One job on a hub, or undefined when the hub has no objects of it. */
export function jobDetailOf(
  hub: HubAccess,
  name: string,
): JobDetail | undefined {
  const placement = hub.cache.placement(name);
  const works = hub.cache.worksOfJob(name);
  if (!placement && works.length === 0) return undefined;
  return jobDetail({
    hub: hub.name,
    name,
    placement: placement as any,
    works,
    clusters: hub.cache.clusters(),
  });
}

/** The hubs a request is about: all, or the one named in `query.hub`. */
export function selectHubs(hubs: HubAccess[], name?: string): HubAccess[] {
  if (!name) return hubs;
  const found = hubs.filter(h => h.name === name);
  if (found.length === 0) {
    throw new InputError(
      `query.hub: no hub named "${name}"; configured: ${hubs
        .map(h => h.name)
        .join(', ')}`,
    );
  }
  return found;
}
