import { CLUSTER_SET_LABEL } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { ResourceService } from '../api/ResourceService';
import { RESOURCE_TYPES } from '../api/resources';

const kind = (k: string) => RESOURCE_TYPES.find(t => t.kind === k)!;

/** The ClusterClaim that names where a cluster keeps its training data. */
export const DATA_PATH_CLAIM = 'data.fl.open-cluster-management.io';
/** The hub namespace that holds jobs' Placements in every scenario. */
export const JOB_NAMESPACE = 'federated-learning';

export interface ClusterSeed {
  name: string;
  set: string;
  labels: Record<string, string>;
  claims: Record<string, string>;
  cpu: number;
  memoryGi: number;
  gpus: number;
  /** What its klusterlet reports as `status.version.kubernetes`; default v1.31.0. */
  kubernetesVersion?: string;
}

const DEFAULT_KUBERNETES_VERSION = 'v1.31.0';

/** About eight clusters in three sets, with region, gpu and environment labels and data claims. */
export function demoClusters(): ClusterSeed[] {
  const hospital = (
    name: string,
    region: string,
    gpus: number,
    data: string,
  ): ClusterSeed => ({
    name,
    set: 'hospitals',
    labels: {
      region,
      gpu: String(gpus > 0),
      environment: 'production',
      'fl.sector': 'health',
    },
    claims: { [DATA_PATH_CLAIM]: data },
    cpu: 16,
    memoryGi: 64,
    gpus,
  });
  return [
    hospital('hospital-berlin', 'eu-central', 2, '/data/radiology'),
    hospital('hospital-paris', 'eu-west', 0, '/data/radiology'),
    hospital('hospital-madrid', 'eu-west', 1, '/data/radiology'),
    hospital('hospital-boston', 'us-east', 4, '/data/radiology'),
    {
      name: 'edge-frankfurt',
      set: 'regional',
      labels: { region: 'eu-central', gpu: 'false', environment: 'staging' },
      claims: { [DATA_PATH_CLAIM]: '/mnt/telemetry' },
      cpu: 8,
      memoryGi: 32,
      gpus: 0,
    },
    {
      name: 'edge-virginia',
      set: 'regional',
      labels: { region: 'us-east', gpu: 'false', environment: 'staging' },
      // Its load balancers get a DNS name and no IP, as AWS's do.
      claims: {
        [DATA_PATH_CLAIM]: '/mnt/telemetry',
        'platform.open-cluster-management.io': 'AWS',
      },
      cpu: 8,
      memoryGi: 16,
      gpus: 0,
    },
    {
      name: 'gpu-pool-1',
      set: 'gpu-pool',
      labels: { region: 'eu-central', gpu: 'true', environment: 'production' },
      claims: { [DATA_PATH_CLAIM]: '/datasets/shared' },
      cpu: 64,
      memoryGi: 256,
      gpus: 8,
    },
    {
      name: 'gpu-pool-2',
      set: 'gpu-pool',
      labels: { region: 'us-east', gpu: 'true', environment: 'production' },
      claims: {},
      cpu: 64,
      memoryGi: 256,
      gpus: 8,
      // Older than 1.29: no native sidecars, so it cannot run an S3 job's aggregator.
      kubernetesVersion: 'v1.28.15',
    },
  ];
}

/** N clusters over three sets and five regions, for benchmarks. */
export function scaleClusters(count: number): ClusterSeed[] {
  const regions = ['eu-central', 'eu-west', 'us-east', 'us-west', 'ap-south'];
  const sets = ['hospitals', 'regional', 'gpu-pool'];
  return Array.from({ length: count }, (_, i) => ({
    name: `cluster-${String(i).padStart(5, '0')}`,
    set: sets[i % sets.length],
    labels: {
      region: regions[i % regions.length],
      gpu: String(i % 5 === 0),
      environment: i % 7 === 0 ? 'staging' : 'production',
    },
    claims: (i % 10 === 9
      ? {}
      : { [DATA_PATH_CLAIM]: `/data/shard-${i % 16}` }) as Record<
      string,
      string
    >,
    cpu: 8 + (i % 8) * 8,
    memoryGi: 32 + (i % 4) * 32,
    gpus: i % 5 === 0 ? 2 : 0,
  }));
}

/**
 * The hub Secret that the demo's platform team prepared for model uploads: the development
 * credentials of the S3 server (s3rver) that scripts/start.sh starts.
 */
export const DEMO_S3_SECRET = 'fl-s3-credentials';

/** Writes a scenario through the API semantics (schema admission applies). */
export function seed(
  service: ResourceService,
  clusters: ClusterSeed[],
  options: { demoS3Secret?: boolean } = {},
) {
  const manager = { fieldManager: 'simulator-seed' };
  service.create(
    kind('Namespace'),
    undefined,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: JOB_NAMESPACE } },
    manager,
  );
  for (const set of [...new Set(clusters.map(c => c.set))]) {
    service.create(
      kind('ManagedClusterSet'),
      undefined,
      {
        apiVersion: 'cluster.open-cluster-management.io/v1beta2',
        kind: 'ManagedClusterSet',
        metadata: { name: set },
        spec: {},
      },
      manager,
    );
    service.create(
      kind('ManagedClusterSetBinding'),
      JOB_NAMESPACE,
      {
        apiVersion: 'cluster.open-cluster-management.io/v1beta2',
        kind: 'ManagedClusterSetBinding',
        metadata: { name: set, namespace: JOB_NAMESPACE },
        spec: { clusterSet: set },
      },
      manager,
    );
  }
  if (options.demoS3Secret) {
    service.create(
      kind('Secret'),
      JOB_NAMESPACE,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: DEMO_S3_SECRET,
          namespace: JOB_NAMESPACE,
          labels: { 'app.kubernetes.io/part-of': 'ocm-hub-simulator-demo' },
        },
        stringData: {
          AWS_ACCESS_KEY_ID: 'S3RVER',
          AWS_SECRET_ACCESS_KEY: 'S3RVER',
        },
      },
      manager,
    );
  }
  for (const c of clusters) {
    service.create(
      kind('ManagedCluster'),
      undefined,
      {
        apiVersion: 'cluster.open-cluster-management.io/v1',
        kind: 'ManagedCluster',
        metadata: {
          name: c.name,
          labels: { [CLUSTER_SET_LABEL]: c.set, name: c.name, ...c.labels },
        },
        spec: { hubAcceptsClient: true, leaseDurationSeconds: 60 },
      },
      manager,
    );
    const capacity = {
      cpu: String(c.cpu),
      memory: `${c.memoryGi}Gi`,
      ...(c.gpus ? { 'nvidia.com/gpu': String(c.gpus) } : {}),
    };
    const allocatable = {
      cpu: `${c.cpu * 900}m`,
      memory: `${Math.floor(c.memoryGi * 0.9)}Gi`,
      ...(c.gpus ? { 'nvidia.com/gpu': String(c.gpus) } : {}),
    };
    service.setStatus(kind('ManagedCluster'), undefined, c.name, {
      capacity,
      allocatable,
      version: {
        kubernetes: c.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
      },
      clusterClaims: [
        { name: 'id.k8s.io', value: c.name },
        { name: 'region.open-cluster-management.io', value: c.labels.region },
        ...Object.entries(c.claims).map(([name, value]) => ({ name, value })),
      ],
    });
  }
}

export function clustersForScenario(scenario: string): ClusterSeed[] {
  if (scenario === 'demo') return demoClusters();
  if (scenario === 'empty') return [];
  const match = /^scale:(\d+)$/.exec(scenario);
  if (match && Number(match[1]) > 0 && Number(match[1]) <= 100_000)
    return scaleClusters(Number(match[1]));
  throw new Error(
    `unknown scenario "${scenario}": use demo, empty or scale:N (1 to 100000)`,
  );
}
