import { InputError } from '@backstage/errors';
import { liveJob, LiveJob } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { HubCache, JobLauncher } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { DerivedByInputs } from './derivedByInputs';

/** One configured hub as the backend uses it: its cache for reads, its launcher for writes. */
export interface HubAccess {
  name: string;
  cache: HubCache;
  launcher: Pick<JobLauncher, 'stop' | 'delete'>;
}

const derived = new WeakMap<
  HubCache,
  { version: number; jobs: LiveJob[]; byJob: DerivedByInputs<LiveJob> }
>();

/**
 * Every job on a hub, as derived from the cached objects. Derived once per state of the
 * cache, and then only the jobs whose Placement, works or clusters changed: lists are read
 * far more often than a thousand jobs change, and during a first list every event changes
 * the cache.
 */
export function liveJobsOf(hub: HubAccess): LiveJob[] {
  const cached = derived.get(hub.cache);
  if (cached?.version === hub.cache.version) return cached.jobs;
  const version = hub.cache.version;
  const byJob = cached?.byJob ?? new DerivedByInputs<LiveJob>();
  const clusters = hub.cache.clustersByName();
  const names = hub.cache.jobNames();
  const jobs = names.map(name => {
    const placement = hub.cache.placement(name);
    const works = hub.cache.worksOfJob(name);
    // What liveJob reads: the Placement, the works and the clusters they are on.
    const inputs = [
      placement,
      ...works,
      ...works.map(w => clusters.get(w.metadata.namespace ?? '')),
    ];
    return byJob.get(name, inputs, () =>
      liveJob({ hub: hub.name, name, placement, works, clusters }),
    );
  });
  byJob.keepOnly(new Set(names));
  derived.set(hub.cache, { version, jobs, byJob });
  return jobs;
}

/** One job on a hub, or undefined when the hub has no objects of it. */
export function liveJobOf(hub: HubAccess, name: string): LiveJob | undefined {
  const placement = hub.cache.placement(name);
  const works = hub.cache.worksOfJob(name);
  if (!placement && works.length === 0) return undefined;
  return liveJob({
    hub: hub.name,
    name,
    placement,
    works,
    clusters: hub.cache.clustersByName(),
  });
}

/** A job by name on the first hub that has objects of it (job names are unique per hub). */
export function findLiveJob(
  hubs: HubAccess[],
  name: string,
): { hub: HubAccess; detail: LiveJob } | undefined {
  for (const hub of hubs) {
    const detail = liveJobOf(hub, name);
    if (detail) return { hub, detail };
  }
  return undefined;
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
