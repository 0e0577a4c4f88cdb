import { CelPredicate, compileCelExpressions } from './celSelector';
import { matchesLabelSelector } from './labelSelector';
import { parseQuantity } from './quantity';
import {
  AddOnPlacementScore,
  ManagedCluster,
  ManagedClusterSet,
  ManagedClusterSetBinding,
  Placement,
  PlacementDecision,
  Taint,
  Toleration,
} from './types';

/** Label that makes a cluster a member of an exclusive cluster set. @public */
export const CLUSTER_SET_LABEL =
  'cluster.open-cluster-management.io/clusterset';
/** Labels of PlacementDecisions. @public */
export const PLACEMENT_LABEL = 'cluster.open-cluster-management.io/placement';
/** @public */
export const DECISION_GROUP_NAME_LABEL =
  'cluster.open-cluster-management.io/decision-group-name';
/** @public */
export const DECISION_GROUP_INDEX_LABEL =
  'cluster.open-cluster-management.io/decision-group-index';

/** Everything on the hub that a placement's scheduling reads. @public */
export interface SchedulingInput {
  placement: Placement;
  clusters: ManagedCluster[];
  clusterSets: ManagedClusterSet[];
  /** ManagedClusterSetBindings in the placement's namespace. */
  bindings: ManagedClusterSetBinding[];
  /** Every PlacementDecision on the hub (Balance counts other placements' decisions). */
  decisions: PlacementDecision[];
  /** AddOnPlacementScores, looked up by cluster (namespace) and name. */
  scores: AddOnPlacementScore[];
  now: Date;
}

/** Why a cluster is in or out, in the order of OCM's pipeline. @public */
export type ClusterVerdictStage =
  | 'clusterSet'
  | 'deleting'
  | 'predicate'
  | 'taint'
  | 'misconfigured'
  | 'notTopN'
  | 'selected';

// Types, not interfaces, for what the REST API answers: the backend's router checks answers
// against openapi.yaml, whose open objects need the index signature only type aliases have.
/** @public */
export type ClusterVerdict = {
  clusterName: string;
  selected: boolean;
  stage: ClusterVerdictStage;
  /** A sentence a person can act on. */
  reason: string;
  /** Total score (sum of raw score times weight), for clusters that reached prioritizing. */
  score?: number;
  /** Raw score per prioritizer. */
  scores?: Record<string, number>;
};

/** @public */
export type PlacementCondition = {
  type: 'PlacementSatisfied' | 'PlacementMisconfigured';
  status: 'True' | 'False';
  reason: string;
  message: string;
};

/** @public */
export interface DecisionGroupResult {
  groupName: string;
  groupIndex: number;
  clusters: string[];
}

/** @public */
export interface SchedulingResult {
  /** Selected clusters in rank order. */
  selected: string[];
  /** Requested minus selected, when numberOfClusters is set. */
  unscheduled: number;
  conditions: PlacementCondition[];
  groups: DecisionGroupResult[];
  /** One verdict per ManagedCluster on the hub. */
  verdicts: ClusterVerdict[];
  /** When a toleration of a selected cluster expires, scheduling must run again. */
  requeueAt?: Date;
}

class Misconfigured extends Error {
  constructor(readonly plugin: string, message: string) {
    super(message);
  }
}

const DEFAULT_WEIGHTS: Record<string, number> = { Balance: 1, Steady: 1 };
const BUILT_INS = new Set([
  'Balance',
  'Steady',
  'ResourceAllocatableCPU',
  'ResourceAllocatableMemory',
]);

/**
 * Schedules a Placement exactly as OCM's placement controller does (see
 * docs/placement-rules.md): candidate clusters from bound cluster sets, the Predicate and
 * TaintToleration filters, the prioritizers, numberOfClusters and decision groups. Pure: the
 * simulator's controller and the portal's preview both call it.
 *
 * @public
 */
export function schedulePlacement(input: SchedulingInput): SchedulingResult {
  const { placement, clusters } = input;
  const spec = placement.spec ?? {};
  const namespace = placement.metadata.namespace ?? '';
  const verdicts = new Map<string, ClusterVerdict>();
  const out = (name: string, stage: ClusterVerdictStage, reason: string) =>
    verdicts.set(name, { clusterName: name, selected: false, stage, reason });
  const finish = (
    satisfied: Omit<PlacementCondition, 'type'>,
    rest: Partial<SchedulingResult> = {},
    misconfigured?: Misconfigured,
  ): SchedulingResult => ({
    selected: rest.selected ?? [],
    unscheduled: rest.unscheduled ?? 0,
    groups: rest.groups ?? decisionGroups(placement, [], clusters),
    requeueAt: rest.requeueAt,
    conditions: [
      { type: 'PlacementSatisfied', ...satisfied },
      misconfigured
        ? {
            type: 'PlacementMisconfigured',
            status: 'True',
            reason: 'Misconfigured',
            message: `${misconfigured.plugin}:${misconfigured.message}`,
          }
        : {
            type: 'PlacementMisconfigured',
            status: 'False',
            reason: 'Succeedconfigured',
            message: 'Placement configurations check pass',
          },
    ],
    verdicts: clusters.map(
      c =>
        verdicts.get(c.metadata.name) ?? {
          clusterName: c.metadata.name,
          selected: false,
          stage: 'clusterSet',
          reason: 'not considered',
        },
    ),
  });

  // 1. Valid bindings: the bound ManagedClusterSet exists.
  const setsByName = new Map(input.clusterSets.map(s => [s.metadata.name, s]));
  const boundSets = input.bindings
    .filter(
      b =>
        (b.metadata.namespace ?? namespace) === namespace &&
        setsByName.has(b.spec.clusterSet),
    )
    .map(b => b.spec.clusterSet);
  if (boundSets.length === 0) {
    clusters.forEach(c =>
      out(
        c.metadata.name,
        'clusterSet',
        `no ManagedClusterSetBinding in namespace ${namespace} binds an existing cluster set`,
      ),
    );
    return finish({
      status: 'False',
      reason: 'NoManagedClusterSetBindings',
      message: `No valid ManagedClusterSetBindings found in placement namespace`,
    });
  }
  // 2. Eligible sets: bound sets, narrowed to spec.clusterSets when given.
  const requested = spec.clusterSets ?? [];
  const eligible =
    requested.length > 0
      ? boundSets.filter(s => requested.includes(s))
      : boundSets;
  if (eligible.length === 0) {
    clusters.forEach(c =>
      out(
        c.metadata.name,
        'clusterSet',
        `none of the requested cluster sets (${requested.join(
          ', ',
        )}) is bound to namespace ${namespace}`,
      ),
    );
    return finish({
      status: 'False',
      reason: 'NoIntersection',
      message: `None of ManagedClusterSets [${requested.join(
        ',',
      )}] is bound to placement namespace`,
    });
  }
  // 3. Candidates: members of any eligible set, without clusters being deleted.
  const candidates: ManagedCluster[] = [];
  for (const cluster of clusters) {
    const name = cluster.metadata.name;
    const memberOf = eligible.filter(set =>
      isClusterSetMember(cluster, setsByName.get(set)!),
    );
    if (memberOf.length === 0) {
      out(
        name,
        'clusterSet',
        `not a member of an eligible cluster set (${eligible.join(', ')})`,
      );
    } else if (cluster.metadata.deletionTimestamp) {
      out(name, 'deleting', 'the cluster is being deleted');
    } else {
      candidates.push(cluster);
    }
  }
  if (candidates.length === 0) {
    return finish({
      status: 'False',
      reason: 'AllManagedClusterSetsEmpty',
      message: `All ManagedClusterSets [${eligible.join(
        ',',
      )}] have no member ManagedCluster`,
    });
  }

  const own = new Set(
    input.decisions
      .filter(
        d =>
          d.metadata.namespace === namespace &&
          d.metadata.labels?.[PLACEMENT_LABEL] === placement.metadata.name,
      )
      .flatMap(d => (d.status?.decisions ?? []).map(x => x.clusterName)),
  );
  const scoreLookup = (cluster: string, resource: string) =>
    input.scores.find(
      s => s.metadata.namespace === cluster && s.metadata.name === resource,
    );

  // The filters run in OCM's order, each on the previous one's output; a Misconfigured
  // result (bad CEL, tolerations or prioritizers) selects nothing.
  let feasible = candidates;
  let requeueAt: Date | undefined;
  let ranked: Array<{
    cluster: ManagedCluster;
    total: number;
    scores: Record<string, number>;
  }>;
  try {
    feasible = filterByPredicates(
      candidates,
      spec.predicates ?? [],
      scoreLookup,
      out,
    );
    if (feasible.length > 0) {
      const tolerated = filterByTaints(
        feasible,
        spec.tolerations ?? [],
        own,
        input.now,
        out,
      );
      feasible = tolerated.clusters;
      requeueAt = tolerated.requeueAt;
    }
    ranked = prioritize(feasible, spec, own, placement, input, scoreLookup);
  } catch (error) {
    if (!(error instanceof Misconfigured)) throw error;
    feasible.forEach(c =>
      out(
        c.metadata.name,
        'misconfigured',
        `the placement is misconfigured: ${error.message}`,
      ),
    );
    return finish(
      {
        status: 'False',
        reason: 'NoManagedClusterMatched',
        message: 'No valid ManagedCluster found',
      },
      {},
      error,
    );
  }

  const limit = spec.numberOfClusters;
  const chosen =
    limit === undefined || limit === null
      ? ranked
      : ranked.slice(0, Math.max(0, limit));
  const unscheduled =
    limit === undefined || limit === null
      ? 0
      : Math.max(0, limit - chosen.length);
  ranked.forEach((entry, index) => {
    const name = entry.cluster.metadata.name;
    const selected = index < chosen.length;
    verdicts.set(name, {
      clusterName: name,
      selected,
      stage: selected ? 'selected' : 'notTopN',
      reason: selected
        ? `selected, ranked ${index + 1} of ${ranked.length} with score ${
            entry.total
          }`
        : `ranked ${index + 1} of ${ranked.length} with score ${
            entry.total
          }; numberOfClusters is ${limit}`,
      score: entry.total,
      scores: entry.scores,
    });
  });
  const selected = chosen.map(e => e.cluster.metadata.name);
  const groups = decisionGroups(placement, selected, clusters);
  const expiry =
    requeueAt && selected.some(name => own.has(name)) ? requeueAt : undefined;

  if (selected.length === 0) {
    return finish(
      {
        status: 'False',
        reason: 'NoManagedClusterMatched',
        message: 'No valid ManagedCluster found',
      },
      { groups, requeueAt: expiry },
    );
  }
  if (unscheduled === 0) {
    return finish(
      {
        status: 'True',
        reason: 'AllDecisionsScheduled',
        message: 'All cluster decisions scheduled',
      },
      { selected, unscheduled, groups, requeueAt: expiry },
    );
  }
  return finish(
    {
      status: 'False',
      reason: 'NotAllDecisionsScheduled',
      message: `${unscheduled} cluster decisions unscheduled`,
    },
    { selected, unscheduled, groups, requeueAt: expiry },
  );
}

/** Whether a cluster belongs to a set, by its exclusive set label or the set's label selector. @public */
export function isClusterSetMember(
  cluster: ManagedCluster,
  set: ManagedClusterSet,
): boolean {
  const selector = set.spec?.clusterSelector;
  if (selector?.selectorType === 'LabelSelector') {
    return matchesLabelSelector(
      selector.labelSelector,
      cluster.metadata.labels,
    );
  }
  return cluster.metadata.labels?.[CLUSTER_SET_LABEL] === set.metadata.name;
}

function claimsOf(cluster: ManagedCluster): Record<string, string> {
  return Object.fromEntries(
    (cluster.status?.clusterClaims ?? []).map(c => [c.name, c.value]),
  );
}

function filterByPredicates(
  candidates: ManagedCluster[],
  predicates: NonNullable<Placement['spec']['predicates']>,
  scores: Parameters<typeof compileCelExpressions>[1],
  out: (name: string, stage: ClusterVerdictStage, reason: string) => void,
): ManagedCluster[] {
  if (predicates.length === 0) return candidates;
  const compiled = predicates.map(predicate => {
    const selector = predicate.requiredClusterSelector ?? {};
    let cel: CelPredicate | undefined;
    const expressions = selector.celSelector?.celExpressions ?? [];
    if (expressions.length > 0) {
      try {
        cel = compileCelExpressions(expressions, scores);
      } catch (error) {
        throw new Misconfigured('Predicate', (error as Error).message);
      }
    }
    return (cluster: ManagedCluster) =>
      matchesLabelSelector(selector.labelSelector, cluster.metadata.labels) &&
      matchesLabelSelector(
        { matchExpressions: selector.claimSelector?.matchExpressions },
        claimsOf(cluster),
      ) &&
      (cel ? cel(cluster) : true);
  });
  return candidates.filter(cluster => {
    const ok = compiled.some(matches => matches(cluster));
    if (!ok)
      out(
        cluster.metadata.name,
        'predicate',
        'matches none of the placement predicates (labels, claims or CEL)',
      );
    return ok;
  });
}

function validateTolerations(tolerations: Toleration[]) {
  for (const t of tolerations) {
    const operator = t.operator ?? 'Equal';
    if (!t.key && operator !== 'Exists') {
      throw new Misconfigured(
        'TaintToleration',
        'If the key is empty, operator must be Exists.',
      );
    }
    if (operator === 'Exists' && t.value) {
      throw new Misconfigured(
        'TaintToleration',
        'If the operator is Exists, the value should be empty.',
      );
    }
  }
}

function tolerationMatches(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if ((t.operator ?? 'Equal') === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

function filterByTaints(
  clusters: ManagedCluster[],
  tolerations: Toleration[],
  own: Set<string>,
  now: Date,
  out: (name: string, stage: ClusterVerdictStage, reason: string) => void,
): { clusters: ManagedCluster[]; requeueAt?: Date } {
  validateTolerations(tolerations);
  let requeueAt: Date | undefined;
  const kept = clusters.filter(cluster => {
    const name = cluster.metadata.name;
    for (const taint of cluster.spec?.taints ?? []) {
      if (taint.effect === 'PreferNoSelect') continue;
      if (taint.effect === 'NoSelectIfNew' && own.has(name)) continue;
      let tolerated = false;
      for (const t of tolerations.filter(tol =>
        tolerationMatches(tol, taint),
      )) {
        if (
          t.tolerationSeconds === undefined ||
          t.tolerationSeconds === null ||
          !taint.timeAdded
        ) {
          tolerated = true;
          break;
        }
        const expires = new Date(
          Date.parse(taint.timeAdded) + t.tolerationSeconds * 1000,
        );
        if (now < expires) {
          tolerated = true;
          if (own.has(name) && (!requeueAt || expires < requeueAt))
            requeueAt = expires;
          break;
        }
      }
      if (!tolerated) {
        out(
          name,
          'taint',
          `taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${
            taint.effect
          } is not tolerated`,
        );
        return false;
      }
    }
    return true;
  });
  return { clusters: kept, requeueAt };
}

function weightsOf(spec: Placement['spec']): Map<string, number> {
  const policy = spec.prioritizerPolicy ?? {};
  const mode = policy.mode ?? '';
  if (mode !== '' && mode !== 'Additive' && mode !== 'Exact') {
    throw new Misconfigured(
      'Prioritizer',
      `incorrect prioritizer policy mode: ${mode}`,
    );
  }
  const weights = new Map<string, number>(
    mode === 'Exact' ? [] : Object.entries(DEFAULT_WEIGHTS),
  );
  for (const config of policy.configurations ?? []) {
    const coordinate = config.scoreCoordinate ?? {};
    const weight = config.weight ?? 1;
    if ((coordinate.type ?? 'BuiltIn') === 'AddOn') {
      const addOn = coordinate.addOn;
      if (addOn)
        weights.set(`${addOn.resourceName}/${addOn.scoreName}`, weight);
      continue;
    }
    const builtIn = coordinate.builtIn ?? '';
    if (!BUILT_INS.has(builtIn) && weight !== 0) {
      throw new Misconfigured(
        'Prioritizer',
        `incorrect builtin prioritizer: ${builtIn}`,
      );
    }
    weights.set(builtIn, weight);
  }
  for (const [name, weight] of weights) if (weight === 0) weights.delete(name);
  return weights;
}

function prioritize(
  feasible: ManagedCluster[],
  spec: Placement['spec'],
  own: Set<string>,
  placement: Placement,
  input: SchedulingInput,
  scoreLookup: (
    cluster: string,
    resource: string,
  ) => AddOnPlacementScore | undefined,
) {
  const weights = weightsOf(spec);
  const raw = new Map<string, Map<string, number>>();
  for (const name of weights.keys()) {
    raw.set(
      name,
      scoresFor(name, feasible, own, placement, input, scoreLookup),
    );
  }
  return feasible
    .map(cluster => {
      const name = cluster.metadata.name;
      const scores: Record<string, number> = {};
      let total = 0;
      for (const [prioritizer, weight] of weights) {
        const score = raw.get(prioritizer)!.get(name);
        if (score !== undefined) {
          scores[prioritizer] = score;
          total += score * weight;
        }
      }
      return { cluster, total, scores };
    })
    .sort(
      (a, b) =>
        b.total - a.total ||
        (a.cluster.metadata.name < b.cluster.metadata.name ? -1 : 1),
    );
}

function scoresFor(
  prioritizer: string,
  feasible: ManagedCluster[],
  own: Set<string>,
  placement: Placement,
  input: SchedulingInput,
  scoreLookup: (
    cluster: string,
    resource: string,
  ) => AddOnPlacementScore | undefined,
): Map<string, number> {
  const scores = new Map<string, number>();
  switch (prioritizer) {
    case 'Steady':
      feasible.forEach(c =>
        scores.set(c.metadata.name, own.has(c.metadata.name) ? 100 : 0),
      );
      return scores;
    case 'Balance': {
      const counts = new Map<string, number>();
      for (const decision of input.decisions) {
        const isOwn =
          decision.metadata.namespace === placement.metadata.namespace &&
          decision.metadata.labels?.[PLACEMENT_LABEL] ===
            placement.metadata.name;
        if (isOwn) continue;
        for (const d of decision.status?.decisions ?? []) {
          counts.set(d.clusterName, (counts.get(d.clusterName) ?? 0) + 1);
        }
      }
      const max = Math.max(0, ...counts.values());
      feasible.forEach(c => {
        const count = counts.get(c.metadata.name) ?? 0;
        scores.set(
          c.metadata.name,
          count === 0 ? 100 : 2 * Math.trunc(100 * (0.5 - count / max)),
        );
      });
      return scores;
    }
    case 'ResourceAllocatableCPU':
    case 'ResourceAllocatableMemory': {
      const resource =
        prioritizer === 'ResourceAllocatableCPU' ? 'cpu' : 'memory';
      const reported = feasible
        .map(c => ({
          name: c.metadata.name,
          allocatable: parseQuantity(c.status?.allocatable?.[resource]),
          capacity: parseQuantity(c.status?.capacity?.[resource]),
        }))
        .filter(
          c => c.allocatable !== undefined && c.capacity !== undefined,
        ) as Array<{ name: string; allocatable: number }>;
      if (reported.length === 0) return scores;
      const min = Math.min(...reported.map(c => c.allocatable));
      const max = Math.max(...reported.map(c => c.allocatable));
      reported.forEach(c =>
        scores.set(
          c.name,
          max === min
            ? 100
            : Math.trunc(((c.allocatable - min) / (max - min) - 0.5) * 200),
        ),
      );
      return scores;
    }
    default: {
      const [resourceName, scoreName] = prioritizer.split('/');
      feasible.forEach(c => {
        const score = scoreLookup(c.metadata.name, resourceName);
        const validUntil = score?.status?.validUntil
          ? Date.parse(score.status.validUntil)
          : undefined;
        const expired =
          validUntil !== undefined && input.now.getTime() > validUntil;
        const item = score?.status?.scores?.find(s => s.name === scoreName);
        scores.set(c.metadata.name, !item || expired ? 0 : item.value);
      });
      return scores;
    }
  }
}

function groupSize(value: number | string | undefined, total: number): number {
  let size: number;
  if (typeof value === 'string' && value.endsWith('%')) {
    size = Math.ceil((total * Number(value.slice(0, -1))) / 100);
  } else {
    size = Number(value ?? 0);
  }
  return !Number.isFinite(size) || size <= 0 || size > total ? total : size;
}

function chunk(names: string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < names.length; i += Math.max(size, 1))
    out.push(names.slice(i, i + Math.max(size, 1)));
  return out;
}

/** Splits the selected clusters into decision groups (OCM's decisionStrategy). */
function decisionGroups(
  placement: Placement,
  selected: string[],
  clusters: ManagedCluster[],
): DecisionGroupResult[] {
  const strategy = placement.spec?.decisionStrategy?.groupStrategy;
  const size = groupSize(strategy?.clustersPerDecisionGroup, selected.length);
  const byName = new Map(clusters.map(c => [c.metadata.name, c]));
  const unassigned = new Set(selected);
  const groups: DecisionGroupResult[] = [];
  const add = (groupName: string, names: string[]) => {
    for (const part of chunk([...names].sort(), size)) {
      groups.push({ groupName, groupIndex: groups.length, clusters: part });
    }
  };
  for (const group of strategy?.decisionGroups ?? []) {
    const selector = group.groupClusterSelector ?? {};
    const members = [...unassigned].filter(name => {
      const cluster = byName.get(name);
      if (!cluster) return false;
      return (
        matchesLabelSelector(selector.labelSelector, cluster.metadata.labels) &&
        matchesLabelSelector(
          { matchExpressions: selector.claimSelector?.matchExpressions },
          claimsOf(cluster),
        )
      );
    });
    members.forEach(name => unassigned.delete(name));
    add(group.groupName, members);
  }
  add('', [...unassigned]);
  if (groups.length === 0)
    groups.push({ groupName: '', groupIndex: 0, clusters: [] });
  return groups;
}
