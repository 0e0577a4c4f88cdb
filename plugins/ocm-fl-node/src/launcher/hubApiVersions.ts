/** The OCM API versions the launcher reads and writes. */
export const CLUSTER_API = 'cluster.open-cluster-management.io/v1';
export const PLACEMENT_API = 'cluster.open-cluster-management.io/v1beta1';
export const BINDING_API = 'cluster.open-cluster-management.io/v1beta2';
export const WORK_API = 'work.open-cluster-management.io/v1';
