import {
  AddOnPlacementScore,
  ManagedCluster,
  ManagedClusterSet,
  ManagedClusterSetBinding,
  Placement,
  PLACEMENT_LABEL,
  PlacementDecision,
  placementDecisionsFor,
  placementStatusFor,
  schedulePlacement,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { isDeepStrictEqual } from 'node:util';
import { ResourceService } from '../api/ResourceService';
import { resourceKey, RESOURCE_TYPES, ResourceType } from '../api/resources';
import { KubeObject, StoreEvent } from '../store/types';

const kind = (k: string) => RESOURCE_TYPES.find(t => t.kind === k)!;
const PLACEMENT = kind('Placement');
const DECISION = kind('PlacementDecision');
const CLUSTER = kind('ManagedCluster');
const SET = kind('ManagedClusterSet');
const BINDING = kind('ManagedClusterSetBinding');
const SCORE = kind('AddOnPlacementScore');
const DISABLE_ANNOTATION =
  'cluster.open-cluster-management.io/experimental-scheduling-disable';

/**
 * OCM's placement controller: schedules each Placement with `schedulePlacement` when the
 * placement, its decisions, clusters, sets, bindings or the scores it uses change (no
 * periodic resync), writes its PlacementDecisions and status, and requeues at toleration
 * expiry.
 */
export class PlacementController {
  private readonly dirty = new Set<string>();
  private scheduled = false;
  private readonly requeues = new Map<string, NodeJS.Timeout>();

  constructor(private readonly service: ResourceService) {}

  onEvent(event: StoreEvent) {
    const { key, object } = event;
    const ns = object.metadata.namespace;
    if (key === resourceKey(PLACEMENT)) {
      if (event.type === 'DELETED') return;
      const before = event.previous;
      if (
        before &&
        isDeepStrictEqual(before.spec, object.spec) &&
        isDeepStrictEqual(
          before.metadata.annotations,
          object.metadata.annotations,
        )
      )
        return;
      this.mark(`${ns}/${object.metadata.name}`);
    } else if (key === resourceKey(DECISION)) {
      const owner = object.metadata.labels?.[PLACEMENT_LABEL];
      if (owner) this.mark(`${ns}/${owner}`);
    } else if (key === resourceKey(CLUSTER) || key === resourceKey(SET)) {
      if (
        key === resourceKey(CLUSTER) &&
        event.type === 'MODIFIED' &&
        !schedulingInputChanged(event.previous, object)
      )
        return;
      this.markAll();
    } else if (key === resourceKey(BINDING)) {
      this.markAll(ns);
    } else if (key === resourceKey(SCORE)) {
      for (const placement of this.list(PLACEMENT) as unknown as Placement[]) {
        const uses = (
          placement.spec.prioritizerPolicy?.configurations ?? []
        ).some(
          c => c.scoreCoordinate?.addOn?.resourceName === object.metadata.name,
        );
        if (uses)
          this.mark(
            `${placement.metadata.namespace}/${placement.metadata.name}`,
          );
      }
    }
  }

  stop() {
    for (const timer of this.requeues.values()) clearTimeout(timer);
  }

  private list(type: ResourceType, namespace?: string) {
    return this.service.store.list(resourceKey(type), namespace);
  }

  private markAll(namespace?: string) {
    for (const p of this.list(PLACEMENT, namespace))
      this.mark(`${p.metadata.namespace}/${p.metadata.name}`);
  }

  private mark(id: string) {
    this.dirty.add(id);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const marked = [...this.dirty];
      this.dirty.clear();
      // Inputs shared by every placement of this round are read once.
      const shared = {
        clusters: this.list(CLUSTER) as unknown as ManagedCluster[],
        clusterSets: this.list(SET) as unknown as ManagedClusterSet[],
        scores: this.list(SCORE) as unknown as AddOnPlacementScore[],
      };
      for (const placement of marked) this.reconcile(placement, shared);
    });
  }

  private reconcile(
    id: string,
    shared: {
      clusters: ManagedCluster[];
      clusterSets: ManagedClusterSet[];
      scores: AddOnPlacementScore[];
    },
  ) {
    const [namespace, name] = id.split('/');
    const placement = this.service.find(PLACEMENT, namespace, name) as
      | (KubeObject & Placement)
      | undefined;
    if (!placement || placement.metadata.deletionTimestamp) return;
    if (placement.metadata.annotations?.[DISABLE_ANNOTATION] === 'true') return;

    const result = schedulePlacement({
      placement,
      ...shared,
      bindings: this.list(
        BINDING,
        namespace,
      ) as unknown as ManagedClusterSetBinding[],
      decisions: this.list(DECISION) as unknown as PlacementDecision[],
      now: new Date(),
    });
    const wanted = placementDecisionsFor(name, result);
    for (const decision of wanted) this.writeDecision(placement, decision);
    const keep = new Set(wanted.map(d => d.name));
    for (const old of this.list(DECISION, namespace)) {
      if (
        old.metadata.labels?.[PLACEMENT_LABEL] === name &&
        !keep.has(old.metadata.name)
      ) {
        this.service.delete(DECISION, namespace, old.metadata.name);
      }
    }
    const previous = (placement.status as any)?.conditions;
    const status = placementStatusFor(
      result,
      wanted,
      placement.metadata.generation,
      previous,
    );
    this.service.setStatus(PLACEMENT, namespace, name, status);

    clearTimeout(this.requeues.get(id));
    this.requeues.delete(id);
    if (result.requeueAt) {
      const timer = setTimeout(
        () => this.mark(id),
        Math.max(0, result.requeueAt.getTime() - Date.now()) + 1,
      );
      timer.unref();
      this.requeues.set(id, timer);
    }
  }

  private writeDecision(
    placement: KubeObject,
    decision: ReturnType<typeof placementDecisionsFor>[number],
  ) {
    const namespace = placement.metadata.namespace!;
    const existing = this.service.find(DECISION, namespace, decision.name);
    if (!existing) {
      this.service.create(
        DECISION,
        namespace,
        {
          apiVersion: 'cluster.open-cluster-management.io/v1beta1',
          kind: 'PlacementDecision',
          metadata: {
            name: decision.name,
            namespace,
            labels: decision.labels,
            ownerReferences: [
              {
                apiVersion: placement.apiVersion,
                kind: 'Placement',
                name: placement.metadata.name,
                uid: placement.metadata.uid!,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
        },
        { fieldManager: 'placement-controller' },
      );
    } else if (!isDeepStrictEqual(existing.metadata.labels, decision.labels)) {
      this.service.update(
        DECISION,
        namespace,
        decision.name,
        {
          ...existing,
          metadata: { ...existing.metadata, labels: decision.labels },
        },
        'main',
        { fieldManager: 'placement-controller' },
      );
    }
    this.service.setStatus(DECISION, namespace, decision.name, {
      decisions: decision.decisions,
    });
  }
}

/** Cluster changes that scheduling reads: labels, taints, claims, capacity, deletion. */
function schedulingInputChanged(
  before: KubeObject | undefined,
  after: KubeObject,
): boolean {
  if (!before) return true;
  const pick = (o: KubeObject) => ({
    labels: o.metadata.labels,
    deletion: o.metadata.deletionTimestamp,
    taints: (o.spec as any)?.taints,
    claims: (o.status as any)?.clusterClaims,
    allocatable: (o.status as any)?.allocatable,
    capacity: (o.status as any)?.capacity,
  });
  return !isDeepStrictEqual(pick(before), pick(after));
}
