/** One kind the simulator serves, as an API server's discovery would describe it. */
export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Whether `status` is a subresource (then the main endpoint ignores status). */
  statusSubresource: boolean;
}

const CLUSTER = 'cluster.open-cluster-management.io';
const WORK = 'work.open-cluster-management.io';

/** The kinds a hub serves for our jobs (docs/architecture.md), as our code, kubectl and OCM tooling use them. */
export const RESOURCE_TYPES: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    statusSubresource: true,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    singular: 'secret',
    namespaced: true,
    statusSubresource: false,
  },
  {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
    statusSubresource: false,
  },
  {
    group: CLUSTER,
    version: 'v1',
    kind: 'ManagedCluster',
    plural: 'managedclusters',
    singular: 'managedcluster',
    namespaced: false,
    shortNames: ['mcl', 'mcls'],
    statusSubresource: true,
  },
  {
    group: CLUSTER,
    version: 'v1beta2',
    kind: 'ManagedClusterSet',
    plural: 'managedclustersets',
    singular: 'managedclusterset',
    namespaced: false,
    shortNames: ['mclset', 'mclsets'],
    statusSubresource: true,
  },
  {
    group: CLUSTER,
    version: 'v1beta2',
    kind: 'ManagedClusterSetBinding',
    plural: 'managedclustersetbindings',
    singular: 'managedclustersetbinding',
    namespaced: true,
    shortNames: ['mclsetbinding', 'mclsetbindings'],
    statusSubresource: true,
  },
  {
    group: CLUSTER,
    version: 'v1beta1',
    kind: 'Placement',
    plural: 'placements',
    singular: 'placement',
    namespaced: true,
    statusSubresource: true,
  },
  {
    group: CLUSTER,
    version: 'v1beta1',
    kind: 'PlacementDecision',
    plural: 'placementdecisions',
    singular: 'placementdecision',
    namespaced: true,
    statusSubresource: true,
  },
  {
    group: CLUSTER,
    version: 'v1alpha1',
    kind: 'ClusterClaim',
    plural: 'clusterclaims',
    singular: 'clusterclaim',
    namespaced: false,
    statusSubresource: false,
  },
  {
    group: CLUSTER,
    version: 'v1alpha1',
    kind: 'AddOnPlacementScore',
    plural: 'addonplacementscores',
    singular: 'addonplacementscore',
    namespaced: true,
    statusSubresource: true,
  },
  {
    group: WORK,
    version: 'v1',
    kind: 'ManifestWork',
    plural: 'manifestworks',
    singular: 'manifestwork',
    namespaced: true,
    shortNames: ['mw'],
    statusSubresource: true,
  },
  {
    group: WORK,
    version: 'v1alpha1',
    kind: 'ManifestWorkReplicaSet',
    plural: 'manifestworkreplicasets',
    singular: 'manifestworkreplicaset',
    namespaced: true,
    shortNames: ['mwrs'],
    statusSubresource: true,
  },
];

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** Key of a kind in the store: one namespace of objects per group and plural. */
export function resourceKey(
  type: Pick<ResourceType, 'group' | 'plural'>,
): string {
  return `${type.group}/${type.plural}`;
}

export function findResourceType(
  group: string,
  version: string,
  plural: string,
) {
  return RESOURCE_TYPES.find(
    t => t.group === group && t.version === version && t.plural === plural,
  );
}
