import {
  clusterView,
  ManagedCluster,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  ClusterSource,
  clusterViewsOf,
  listedClustersOf,
} from './clusterViews';

const cluster = (name: string, labels: Record<string, string>) =>
  ({
    apiVersion: 'cluster.open-cluster-management.io/v1',
    kind: 'ManagedCluster',
    metadata: { name, labels },
    spec: {},
    status: {
      conditions: [
        { type: 'ManagedClusterConditionAvailable', status: 'True' },
      ],
    },
  } as unknown as ManagedCluster);

/** A cache's clusters as the derivation reads them: the objects, the jobs, a version. */
function source(clusters: ManagedCluster[]) {
  const state = {
    clusters,
    jobs: new Map<string, string[]>(),
    version: 1,
  };
  const cache: ClusterSource = {
    get clustersVersion() {
      return state.version;
    },
    clusters: () => state.clusters,
    jobsOnCluster: name => state.jobs.get(name) ?? [],
  };
  return { state, hub: { name: 'hub-a', cache } };
}

describe('listedClustersOf', () => {
  it('keeps each cluster view with its JSON and search text, and the whole list as JSON', () => {
    const berlin = cluster('berlin', { Region: 'EU-Central' });
    const { hub } = source([berlin, cluster('paris', {})]);
    const list = listedClustersOf(hub);
    expect(list.clusters.map(c => c.view)).toEqual([
      clusterView('hub-a', berlin, []),
      expect.objectContaining({ name: 'paris' }),
    ]);
    expect(list.clusters[0].labelTexts).toEqual(['region=eu-central']);
    expect(JSON.parse(list.clusters[0].json)).toEqual(list.clusters[0].view);
    expect(JSON.parse(list.json())).toEqual(clusterViewsOf(hub));
    // Unchanged: the same list, not derived again.
    expect(listedClustersOf(hub)).toBe(list);
  });

  it('derives again only the clusters whose object or jobs changed', () => {
    const berlin = cluster('berlin', {});
    const paris = cluster('paris', {});
    const rome = cluster('rome', {});
    const { state, hub } = source([berlin, paris, rome]);
    const [berlinBefore, parisBefore, romeBefore] =
      listedClustersOf(hub).clusters;

    // paris is replaced by the cache (a changed object); a job comes to rome.
    const parisNow = cluster('paris', { tier: 'gold' });
    state.clusters = [berlin, parisNow, rome];
    state.jobs.set('rome', ['mnist']);
    state.version += 1;
    const after = listedClustersOf(hub);
    expect(after.clusters[0]).toBe(berlinBefore);
    expect(after.clusters[1]).not.toBe(parisBefore);
    expect(after.clusters[1].view.labels).toEqual({ tier: 'gold' });
    expect(after.clusters[2]).not.toBe(romeBefore);
    expect(after.clusters[2].view.jobs).toEqual(['mnist']);
    expect(JSON.parse(after.json()).map((c: any) => c.jobs)).toEqual([
      [],
      [],
      ['mnist'],
    ]);

    // A cluster that left is gone from the list.
    state.clusters = [berlin, rome];
    state.version += 1;
    expect(listedClustersOf(hub).clusters.map(c => c.view.name)).toEqual([
      'berlin',
      'rome',
    ]);
  });
});
