/** The simulator scenario the suite runs on: enough clusters for 50 clients and an aggregator. */
export const HUB_SCENARIO = 'scale:60';

const clusterName = (i: number) => `cluster-${String(i).padStart(5, '0')}`;

export const AGGREGATOR_CLUSTER = clusterName(59);
export const CLIENT_CLUSTERS = Array.from({ length: 50 }, (_, i) =>
  clusterName(i),
);

/** What a complete launch of the job leaves on the hub: the aggregator's work and one per client. */
export const EXPECTED_OBJECTS = {
  works: CLIENT_CLUSTERS.length + 1,
  placements: 0,
};

/** A Flower job with 50 named clients: one work per cluster, as the chaos runs had. */
export function fiftyClusterJob(name: string) {
  return {
    name,
    model: 'fault-suite',
    framework: 'flower',
    image: 'registry.example.org/fl/mnist-app:1.0',
    rounds: 3,
    minClients: 2,
    clients: { clusters: CLIENT_CLUSTERS },
    data: { type: 'hostPath', path: '/data' },
    aggregator: { cluster: AGGREGATOR_CLUSTER },
    storage: { type: 'pvc' },
  };
}
