import { ManagedCluster, Taint } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { ResourceService } from '../api/ResourceService';
import { RESOURCE_TYPES } from '../api/resources';
import { ClusterHealth, SimulatedCluster } from '../cluster/SimulatedCluster';
import { KubeObject, StoreEvent } from '../store/types';
import { stamp } from '../store/conditions';

const CLUSTER = RESOURCE_TYPES.find(t => t.kind === 'ManagedCluster')!;
const NAMESPACE = RESOURCE_TYPES.find(t => t.kind === 'Namespace')!;
const UNAVAILABLE = 'cluster.open-cluster-management.io/unavailable';
const UNREACHABLE = 'cluster.open-cluster-management.io/unreachable';
// The reasons and messages of ocm's klusterlet health check
// (pkg/registration/spoke/managedcluster/available_reconcile.go, checkKubeAPIServerStatus)
// and of the hub's lease controller (pkg/registration/hub/lease/controller.go).
const AVAILABLE_CONDITIONS = {
  available: {
    type: 'ManagedClusterConditionAvailable',
    status: 'True',
    reason: 'ManagedClusterAvailable',
    message: 'Managed cluster is available',
  },
  unavailable: {
    type: 'ManagedClusterConditionAvailable',
    status: 'False',
    reason: 'ManagedClusterKubeAPIServerUnavailable',
    message:
      'The kube-apiserver is not ok, status code: 500, [-]etcd failed: reason withheld\nlivez check failed',
  },
  unreachable: {
    type: 'ManagedClusterConditionAvailable',
    status: 'Unknown',
    reason: 'ManagedClusterLeaseUpdateStopped',
    message: 'Registration agent stopped updating its lease.',
  },
} as const;

/**
 * The hub's registration controller and each accepted cluster's klusterlet: creates the
 * cluster namespace, reports the cluster's conditions, and sets the `unavailable` /
 * `unreachable` NoSelect taints from its availability, as OCM's registration hub does.
 */
export class Registration {
  private nextIp = 1;

  constructor(
    private readonly service: ResourceService,
    private readonly clusters: Map<string, SimulatedCluster>,
    /** The cluster's work agent syncs again (its works are re-synced). */
    private readonly resyncWorks: (cluster: string) => void,
  ) {}

  onEvent(event: StoreEvent) {
    if (event.key !== `${CLUSTER.group}/${CLUSTER.plural}`) return;
    const name = event.object.metadata.name;
    if (event.type === 'DELETED') {
      this.clusters.get(name)?.stop();
      this.clusters.delete(name);
      if (this.service.find(NAMESPACE, undefined, name))
        this.service.delete(NAMESPACE, undefined, name);
      return;
    }
    this.reconcile(event.object as KubeObject & ManagedCluster);
  }

  /** Fault knob: the cluster becomes available, unavailable or unreachable (see ClusterHealth). */
  setHealth(name: string, health: ClusterHealth): boolean {
    const cluster = this.clusters.get(name);
    if (!cluster) return false;
    cluster.health = health;
    const object = this.service.find(CLUSTER, undefined, name);
    if (object) this.reconcile(object as KubeObject & ManagedCluster);
    if (health !== 'unreachable') this.resyncWorks(name);
    return true;
  }

  private reconcile(object: KubeObject & ManagedCluster) {
    const name = object.metadata.name;
    if (!this.service.find(NAMESPACE, undefined, name)) {
      this.service.create(
        NAMESPACE,
        undefined,
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
        { fieldManager: 'registration-controller' },
      );
    }
    if (!object.spec?.hubAcceptsClient) return;
    let cluster = this.clusters.get(name);
    if (!cluster) {
      const n = this.nextIp++;
      cluster = new SimulatedCluster(
        name,
        `198.51.${100 + Math.floor(n / 250)}.${(n % 250) + 1}`,
      );
      this.clusters.set(name, cluster);
    }
    const status = (object.status ?? {}) as NonNullable<
      ManagedCluster['status']
    >;
    cluster.platform = status.clusterClaims?.find(
      c => c.name === 'platform.open-cluster-management.io',
    )?.value;
    const version = status.version ?? { kubernetes: 'v1.31.0' };
    cluster.kubernetesVersion = version.kubernetes;
    const conditions = upsertConditions(status.conditions ?? [], [
      {
        type: 'HubAcceptedManagedCluster',
        status: 'True',
        reason: 'HubClusterAdminAccepted',
        message: 'Accepted by hub cluster admin',
      },
      {
        type: 'ManagedClusterJoined',
        status: 'True',
        reason: 'ManagedClusterJoined',
        message: 'Managed cluster joined',
      },
      AVAILABLE_CONDITIONS[cluster.health],
    ]);
    this.service.setStatus(CLUSTER, undefined, name, {
      ...status,
      version,
      conditions,
    });
    this.syncTaints(name);
  }

  private syncTaints(name: string) {
    const object = this.service.find(CLUSTER, undefined, name) as
      | (KubeObject & ManagedCluster)
      | undefined;
    if (!object) return;
    const available = object.status?.conditions?.find(
      c => c.type === 'ManagedClusterConditionAvailable',
    );
    // Available=False is "unavailable"; Unknown or no condition is "unreachable".
    let wanted: Taint | undefined;
    if (available?.status === 'False') {
      wanted = { key: UNAVAILABLE, effect: 'NoSelect', timeAdded: stamp() };
    } else if (available?.status !== 'True') {
      wanted = { key: UNREACHABLE, effect: 'NoSelect', timeAdded: stamp() };
    }
    const taints = object.spec?.taints ?? [];
    const others = taints.filter(
      t => t.key !== UNAVAILABLE && t.key !== UNREACHABLE,
    );
    const existing = taints.find(t => t.key === wanted?.key);
    const next = wanted ? [...others, existing ?? wanted] : others;
    if (next.length === taints.length && next.every((t, i) => t === taints[i]))
      return;
    this.service.update(
      CLUSTER,
      undefined,
      name,
      { ...object, spec: { ...object.spec, taints: next } },
      'main',
      { fieldManager: 'registration-controller' },
    );
  }
}

function upsertConditions(
  current: NonNullable<NonNullable<ManagedCluster['status']>['conditions']>,
  next: Array<{
    type: string;
    status: 'True' | 'False' | 'Unknown';
    reason: string;
    message: string;
  }>,
) {
  const out = current.filter(c => !next.some(n => n.type === c.type));
  for (const condition of next) {
    const before = current.find(c => c.type === condition.type);
    out.push({
      ...condition,
      lastTransitionTime:
        before &&
        before.status === condition.status &&
        before.lastTransitionTime
          ? before.lastTransitionTime
          : stamp(),
    });
  }
  return out;
}
