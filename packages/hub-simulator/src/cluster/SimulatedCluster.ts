import { KubeObject } from '../store/types';

/** Identity of a resource inside a managed cluster. */
export interface ResourceId {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespace: string;
  name: string;
}

export function resourceIdOf(manifest: KubeObject): ResourceId {
  const [group, version] = manifest.apiVersion.includes('/')
    ? manifest.apiVersion.split('/')
    : ['', manifest.apiVersion];
  return {
    group,
    version,
    kind: manifest.kind,
    resource: pluralOf(manifest.kind),
    namespace: manifest.metadata?.namespace ?? '',
    name: manifest.metadata?.name ?? '',
  };
}

export const idKey = (
  id: Pick<ResourceId, 'group' | 'resource' | 'namespace' | 'name'>,
) => `${id.group}/${id.resource}/${id.namespace}/${id.name}`;

/**
 * Whose lifetime a pod volume's files share: the PVC it claims (in the workload's namespace),
 * or, for an emptyDir, the workload itself.
 */
export function volumeKey(
  workloadKey: string,
  namespace: string,
  volume: { name: string; persistentVolumeClaim?: { claimName?: string } },
): string {
  const claim = volume.persistentVolumeClaim?.claimName;
  return claim
    ? idKey({
        group: '',
        resource: 'persistentvolumeclaims',
        namespace,
        name: claim,
      })
    : `${workloadKey}#${volume.name}`;
}

/** Lower-case plural of a kind, as the REST mapper would derive it for our workload kinds. */
function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** The key of a Namespace among a cluster's resources. */
export const namespaceKey = (name: string) =>
  idKey({ group: '', resource: 'namespaces', namespace: '', name });

/**
 * How the hub hears from a managed cluster (its `ManagedClusterConditionAvailable`):
 * - `available`: True.
 * - `unavailable`: False. The klusterlet still renews its lease on the hub, but the cluster's
 *   kube-apiserver fails its `/livez` check (ocm `pkg/registration/spoke/managedcluster/
 *   available_reconcile.go`); the work agent, still connected to the hub, keeps syncing and
 *   every apply fails against that API server.
 * - `unreachable`: Unknown. The agent stopped renewing its lease (ocm
 *   `pkg/registration/hub/lease/controller.go`); nothing it reports reaches the hub.
 */
export type ClusterHealth = 'available' | 'unavailable' | 'unreachable';

/**
 * What the simulator knows of one managed cluster's own API: the resources its work agent
 * applied, with the status the simulated controllers give them, the files on its volumes,
 * and its fault state.
 */
export class SimulatedCluster {
  readonly resources = new Map<string, KubeObject>();
  health: ClusterHealth = 'available';
  /**
   * Files on the cluster's volumes, by the key of what holds them (see `volumeKey`): a PVC's
   * files live as long as the PVC, an emptyDir's as long as its workload.
   */
  readonly files = new Map<string, Map<string, Buffer>>();
  /**
   * The ConfigMaps and Secrets of a started workload's namespace as its pods read them at
   * their start, by the workload's key: a process reads its certificates and keys once, and a
   * Secret changed later neither restarts the pod nor reaches the running process.
   */
  readonly readAtStart = new Map<string, KubeObject[]>();
  /** What its klusterlet reports (`status.version.kubernetes`), e.g. `v1.31.0`. */
  kubernetesVersion?: string;
  /** Jobs' FL job names whose client workloads fail on this cluster (fault injection). */
  readonly failingJobs = new Set<string>();
  readonly timers = new Set<NodeJS.Timeout>();
  /** Set when the cluster is gone (deleted, or the simulator closed): no timer starts. */
  private stopped = false;
  /** Its `platform.open-cluster-management.io` ClusterClaim (e.g. `AWS`), if it reports one. */
  platform?: string;

  /** Its agents reach the hub and its API server answers: the hub sees it as it is. */
  get available(): boolean {
    return this.health === 'available';
  }

  constructor(
    readonly name: string,
    /** A unique address in TEST-NET-2 (documentation range; never contacted) for LoadBalancers. */
    readonly loadBalancerIp: string,
  ) {}

  /**
   * What a LoadBalancer Service's `status.loadBalancer.ingress[0]` holds here: AWS's load
   * balancers have a DNS name and no IP; elsewhere an IP.
   */
  loadBalancerIngress(): { ip: string } | { hostname: string } {
    return this.platform === 'AWS'
      ? { hostname: `${this.name}.elb.example.com` }
      : { ip: this.loadBalancerIp };
  }

  /**
   * Deletes a resource as the API server would: with the files its volumes held, and for a
   * Namespace everything in it, whatever orphaning rule a work had for its members
   * (Kubernetes' namespace controller deletes every namespaced object of a deleted
   * namespace: pkg/controller/namespace/deletion/namespaced_resources_deleter.go).
   */
  remove(key: string) {
    const resource = this.resources.get(key);
    if (!resource) return;
    this.resources.delete(key);
    this.readAtStart.delete(key);
    for (const filesKey of this.files.keys())
      if (filesKey === key || filesKey.startsWith(`${key}#`))
        this.files.delete(filesKey);
    if (key !== namespaceKey(resource.metadata.name)) return;
    for (const [memberKey, member] of [...this.resources])
      if (member.metadata.namespace === resource.metadata.name)
        this.remove(memberKey);
  }

  later(ms: number, fn: () => void) {
    // A workload whose pods cannot run polls for what it misses until the cluster stops.
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  stop() {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
