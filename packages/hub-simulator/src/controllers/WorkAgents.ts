import { isDeepStrictEqual } from 'node:util';
import { ResourceService } from '../api/ResourceService';
import { RESOURCE_TYPES } from '../api/resources';
import {
  idKey,
  resourceIdOf,
  ResourceId,
  SimulatedCluster,
} from '../cluster/SimulatedCluster';
import { admit } from '../cluster/apiAdmission';
import {
  aggregateRuleConditions,
  ConditionRule,
  evaluateConditionRules,
  RuleCondition,
} from '../cluster/conditionRules';
import { FeedbackRule, statusFeedback } from '../cluster/statusFeedback';
import { startWorkload, WorkloadTimings } from '../cluster/workloads';
import { KubeObject, StoreEvent } from '../store/types';
import { condition, stamp } from '../store/conditions';

const WORK = RESOURCE_TYPES.find(t => t.kind === 'ManifestWork')!;
const CLEANUP_FINALIZER =
  'cluster.open-cluster-management.io/manifest-work-cleanup';
// What the Kubernetes API answers with 503 (apimachinery errors.NewServiceUnavailable).
const SERVICE_UNAVAILABLE =
  'the server is currently unable to handle the request';
const workId = (namespace: string, name: string) => `${namespace}/${name}`;

interface ManifestConfig {
  resourceIdentifier: {
    group?: string;
    resource: string;
    name: string;
    namespace?: string;
  };
  feedbackRules?: FeedbackRule[];
  conditionRules?: ConditionRule[];
  updateStrategy?: { type?: string };
}

/**
 * One OCM work agent per simulated cluster: applies each ManifestWork in the cluster's
 * namespace to that cluster, reports conditions and status feedback back to the hub, and
 * removes the resources when the work is deleted (honouring orphaning rules, and the API
 * server's namespace deletion).
 */
export class WorkAgents {
  private readonly owned = new Map<string, Set<string>>(); // work id -> resource keys
  private readonly pending = new Set<string>();

  constructor(
    private readonly service: ResourceService,
    private readonly clusters: Map<string, SimulatedCluster>,
    private readonly timings: WorkloadTimings,
    /** Told about each workload the agent applies (the FL runtime watches for Jobs). */
    private readonly onApplied: (
      cluster: SimulatedCluster,
      key: string,
    ) => void,
  ) {}

  onEvent(event: StoreEvent) {
    if (event.key !== `${WORK.group}/${WORK.plural}`) return;
    const ns = event.object.metadata.namespace!;
    if (event.type === 'DELETED') {
      this.owned.delete(workId(ns, event.object.metadata.name));
      return;
    }
    this.schedule(ns, event.object.metadata.name);
  }

  /** Re-syncs every work of a cluster, e.g. when its agent comes back. */
  resyncCluster(name: string) {
    for (const work of this.service.store.list(
      `${WORK.group}/${WORK.plural}`,
      name,
    )) {
      this.schedule(name, work.metadata.name);
    }
  }

  private schedule(namespace: string, name: string) {
    const id = workId(namespace, name);
    if (this.pending.has(id)) return;
    this.pending.add(id);
    setImmediate(() => {
      this.pending.delete(id);
      this.sync(namespace, name);
    });
  }

  private sync(namespace: string, name: string) {
    const cluster = this.clusters.get(namespace);
    const work = this.service.find(WORK, namespace, name);
    if (!cluster || cluster.health === 'unreachable' || !work) return;
    const id = workId(namespace, name);
    const finalizers = work.metadata.finalizers ?? [];
    const apiServerDown = cluster.health === 'unavailable';

    if (work.metadata.deletionTimestamp) {
      if (apiServerDown) return; // it cannot delete what it applied: the finalizer stays
      this.removeResources(cluster, work, this.owned.get(id) ?? new Set());
      this.owned.delete(id);
      this.writeMeta(work, {
        finalizers: finalizers.filter(f => f !== CLEANUP_FINALIZER),
      });
      return;
    }
    if (!finalizers.includes(CLEANUP_FINALIZER)) {
      this.writeMeta(work, { finalizers: [...finalizers, CLEANUP_FINALIZER] });
      return; // the update brings us back here
    }

    const manifests = ((work.spec as any)?.workload?.manifests ??
      []) as KubeObject[];
    if (apiServerDown) {
      // Connected to the hub, the agent still syncs; every apply fails with the cluster's
      // 503, and it cannot read the status of what runs there.
      const failed = new Map(manifests.map((_, i) => [i, SERVICE_UNAVAILABLE]));
      this.service.setStatus(
        WORK,
        namespace,
        name,
        this.statusOf(work, cluster, manifests, failed),
      );
      return;
    }
    const previous = this.owned.get(id) ?? new Set<string>();
    const current = new Set<string>();
    const applyErrors = new Map<number, string>();
    const configs = ((work.spec as any)?.manifestConfigs ??
      []) as ManifestConfig[];
    manifests.forEach((manifest, ordinal) => {
      const problem = invalidManifest(manifest);
      if (problem) {
        applyErrors.set(ordinal, problem);
        return;
      }
      const resourceId = resourceIdOf(manifest);
      const strategy = configs.find(c =>
        matchesIdentifier(c.resourceIdentifier, resourceId),
      )?.updateStrategy?.type;
      const admission = admit(manifest, strategy === 'ServerSideApply');
      const key = idKey(resourceId);
      // A refused update leaves what the cluster has; the work still owns it.
      current.add(key);
      if ('refusal' in admission) {
        applyErrors.set(ordinal, admission.refusal);
        return;
      }
      const existing = cluster.resources.get(key);
      if (
        existing &&
        isDeepStrictEqual(strip(existing), strip(admission.object))
      )
        return;
      cluster.resources.set(key, admission.object);
      startWorkload(cluster, key, this.timings, () =>
        this.schedule(namespace, name),
      );
      this.onApplied(cluster, key);
    });
    const gone = new Set([...previous].filter(k => !current.has(k)));
    this.removeResources(cluster, work, gone);
    this.owned.set(id, current);
    this.service.setStatus(
      WORK,
      namespace,
      name,
      this.statusOf(work, cluster, manifests, applyErrors),
    );
  }

  private statusOf(
    work: KubeObject,
    cluster: SimulatedCluster,
    manifests: KubeObject[],
    applyErrors: Map<number, string>,
  ) {
    const previous = (work.status ?? {}) as { conditions?: any[] };
    const configs = ((work.spec as any)?.manifestConfigs ??
      []) as ManifestConfig[];
    let available = true;
    const ruleConditions = new Map<string, RuleCondition[]>();
    const manifestStatuses = manifests.map((manifest, ordinal) => {
      const error = applyErrors.get(ordinal);
      const id: Partial<ResourceId> = error ? {} : resourceIdOf(manifest);
      const resource = error
        ? undefined
        : cluster.resources.get(idKey(id as ResourceId));
      const config = configs.find(c =>
        matchesIdentifier(c.resourceIdentifier, id),
      );
      if (!resource) available = false;
      // The agent reads feedback and condition rules only from a resource it could get.
      const feedback = resource
        ? statusFeedback(resource, config?.feedbackRules ?? [])
        : { values: [], errors: [] };
      const fromRules = resource
        ? evaluateConditionRules(resource, config?.conditionRules ?? [])
        : [];
      for (const c of fromRules)
        ruleConditions.set(c.type, [...(ruleConditions.get(c.type) ?? []), c]);
      const conditions = [
        condition(
          'Applied',
          !error,
          error ? 'AppliedManifestFailed' : 'AppliedManifestComplete',
          // The agent's words (manifestwork_reconciler.go buildAppliedStatusCondition).
          error
            ? `Failed to apply manifest: ${error}`
            : 'Apply manifest complete',
        ),
        condition(
          'Available',
          !!resource,
          resource ? 'ResourceAvailable' : 'ResourceNotAvailable',
          resource ? 'Resource is available' : 'Resource is not available',
        ),
        ...(resource
          ? [feedbackCondition(config?.feedbackRules ?? [], feedback.errors)]
          : []),
        ...fromRules.map(c => ({
          ...c,
          lastTransitionTime: stamp(),
          observedGeneration: work.metadata.generation,
        })),
      ];
      return {
        resourceMeta: { ordinal, ...id },
        conditions: keepTransitionTimes(
          conditions,
          (work.status as any)?.resourceStatus?.manifests?.[ordinal]
            ?.conditions,
        ),
        statusFeedback: feedback.values.length
          ? { values: feedback.values }
          : {},
      };
    });
    const applied = applyErrors.size === 0;
    const conditions = [
      condition(
        'Applied',
        applied,
        applied ? 'AppliedManifestWorkComplete' : 'AppliedManifestWorkFailed',
        applied
          ? 'Apply manifest work complete'
          : `Failed to apply manifest work: ${[...applyErrors.values()].join(
              '; ',
            )}`,
      ),
      condition(
        'Available',
        available && applied,
        available ? 'ResourcesAvailable' : 'ResourcesNotAvailable',
        available
          ? 'All resources are available'
          : 'Not all resources are available',
      ),
      // Beyond Applied and Available, the agent sets only what condition rules give.
      ...[...ruleConditions].map(([type, fromManifests]) => ({
        ...aggregateRuleConditions(type, fromManifests),
        lastTransitionTime: stamp(),
      })),
    ].map(c => ({ ...c, observedGeneration: work.metadata.generation }));
    return {
      conditions: keepTransitionTimes(conditions, previous.conditions),
      resourceStatus: { manifests: manifestStatuses },
    };
  }

  private removeResources(
    cluster: SimulatedCluster,
    work: KubeObject,
    keys: Set<string>,
  ) {
    const option = (work.spec as any)?.deleteOption ?? {};
    const policy = option.propagationPolicy ?? 'Foreground';
    if (policy === 'Orphan') return;
    const orphans = new Set<string>(
      policy === 'SelectivelyOrphan'
        ? (option.selectivelyOrphans?.orphaningRules ?? []).map((r: any) =>
            idKey({
              group: r.group ?? '',
              resource: r.resource,
              namespace: r.namespace ?? '',
              name: r.name,
            }),
          )
        : [],
    );
    // The agent deletes each resource it owns; a deleted Namespace takes its members along,
    // orphaned or not, while an orphaned Namespace keeps what is orphaned in it.
    for (const key of keys) if (!orphans.has(key)) cluster.remove(key);
  }

  private writeMeta(
    work: KubeObject,
    metadata: Partial<KubeObject['metadata']>,
  ) {
    try {
      this.service.update(
        WORK,
        work.metadata.namespace,
        work.metadata.name,
        { ...work, metadata: { ...work.metadata, ...metadata } },
        'main',
        { fieldManager: 'work-agent' },
      );
    } catch {
      // A newer version arrived meanwhile; its event schedules another sync.
    }
  }
}

function strip(o: KubeObject) {
  const { status: _status, ...rest } = o;
  return rest;
}

function invalidManifest(manifest: KubeObject): string | undefined {
  if (!manifest || typeof manifest !== 'object')
    return 'a manifest is not an object';
  if (!manifest.apiVersion || !manifest.kind)
    return 'a manifest has no apiVersion or kind';
  if (!manifest.metadata?.name) return `${manifest.kind} has no metadata.name`;
  return undefined;
}

function matchesIdentifier(
  identifier: ManifestConfig['resourceIdentifier'],
  id: Partial<ResourceId>,
) {
  return (
    (identifier.group ?? '') === (id.group ?? '') &&
    identifier.resource === id.resource &&
    identifier.name === id.name &&
    (identifier.namespace ?? '') === (id.namespace ?? '')
  );
}

/**
 * `StatusFeedbackSynced` as the agent sets it (open-cluster-management-io/ocm v1.3.0
 * `pkg/work/spoke/controllers/statuscontroller/availablestatus_controller.go`
 * `getFeedbackValues`); errors are joined as Kubernetes' error aggregates print them.
 */
function feedbackCondition(rules: FeedbackRule[], errors: string[]) {
  if (rules.length === 0)
    return condition(
      'StatusFeedbackSynced',
      true,
      'NoStatusFeedbackSynced',
      '',
    );
  if (errors.length === 0)
    return condition('StatusFeedbackSynced', true, 'StatusFeedbackSynced', '');
  const unique = [...new Set(errors)];
  return condition(
    'StatusFeedbackSynced',
    false,
    'StatusFeedbackSyncFailed',
    `Sync status feedback failed with error ${
      unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`
    }`,
  );
}

function keepTransitionTimes(
  next: Array<ReturnType<typeof condition> & Record<string, unknown>>,
  previous: any[] | undefined,
) {
  return next.map(c => {
    const before = previous?.find(p => p.type === c.type);
    return before && before.status === c.status
      ? { ...c, lastTransitionTime: before.lastTransitionTime }
      : c;
  });
}
