/**
 * The parts of OCM's objects that scheduling reads, as they appear in the hub's JSON
 * (cluster.open-cluster-management.io). Unknown fields are allowed and ignored.
 */

/** @public */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
  creationTimestamp?: string;
  resourceVersion?: string;
  uid?: string;
}

/** @public */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** @public */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** @public */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** @public */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSelect' | 'PreferNoSelect' | 'NoSelectIfNew';
  timeAdded?: string;
}

/** @public */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSelect' | 'PreferNoSelect' | 'NoSelectIfNew';
  tolerationSeconds?: number;
}

/** @public */
export interface ManagedCluster {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: {
    hubAcceptsClient?: boolean;
    taints?: Taint[];
    [key: string]: unknown;
  };
  status?: {
    conditions?: Condition[];
    capacity?: Record<string, string | number>;
    allocatable?: Record<string, string | number>;
    clusterClaims?: Array<{ name: string; value: string }>;
    version?: { kubernetes?: string };
    [key: string]: unknown;
  };
}

/** @public */
export interface ManagedClusterSet {
  metadata: ObjectMeta;
  spec?: {
    clusterSelector?: {
      selectorType?: 'ExclusiveClusterSetLabel' | 'LabelSelector';
      labelSelector?: LabelSelector;
    };
  };
}

/** @public */
export interface ManagedClusterSetBinding {
  metadata: ObjectMeta;
  spec: { clusterSet: string };
}

/** @public */
export interface ClusterPredicate {
  requiredClusterSelector?: {
    labelSelector?: LabelSelector;
    claimSelector?: { matchExpressions?: LabelSelectorRequirement[] };
    celSelector?: { celExpressions?: string[] };
  };
}

/** @public */
export interface PrioritizerConfig {
  scoreCoordinate?: {
    type?: 'BuiltIn' | 'AddOn';
    builtIn?: string;
    addOn?: { resourceName: string; scoreName: string };
  };
  weight?: number;
}

/** @public */
export interface DecisionGroup {
  groupName: string;
  groupClusterSelector?: {
    labelSelector?: LabelSelector;
    claimSelector?: { matchExpressions?: LabelSelectorRequirement[] };
  };
}

/** @public */
export interface PlacementSpec {
  clusterSets?: string[];
  numberOfClusters?: number;
  predicates?: ClusterPredicate[];
  prioritizerPolicy?: {
    mode?: 'Additive' | 'Exact' | '';
    configurations?: PrioritizerConfig[];
  };
  tolerations?: Toleration[];
  decisionStrategy?: {
    groupStrategy?: {
      decisionGroups?: DecisionGroup[];
      clustersPerDecisionGroup?: number | string;
    };
  };
}

/** @public */
export interface Placement {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: PlacementSpec;
  status?: {
    numberOfSelectedClusters?: number;
    conditions?: Condition[];
    [key: string]: unknown;
  };
}

/** @public */
export interface PlacementDecision {
  metadata: ObjectMeta;
  status?: { decisions?: Array<{ clusterName: string; reason?: string }> };
}

/** @public */
export interface AddOnPlacementScore {
  metadata: ObjectMeta;
  status?: {
    scores?: Array<{ name: string; value: number }>;
    validUntil?: string;
  };
}
