/**
 * What each job spec field means, for the generated reference. The zod schema in
 * ocm-fl-common carries the types, bounds and defaults; it has no descriptions yet, so they
 * live here, keyed by field. The generator fails on a field without a note and on a note
 * whose field no longer exists, so the two cannot drift apart. A description given in the
 * schema (`.describe()` / `.meta()`) takes precedence.
 */
export const JOB_SPEC_NOTES: Record<string, string> = {
  name: 'Names the job and everything derived from it: the Placement, the works `<name>-aggregator` and `<name>-client`, and the namespace `fl-<name>` on each cluster.',
  framework:
    'The FL framework: Flower (SuperLink/SuperNode) or OpenFL (TaskRunner, `fx`).',
  frameworkVersion:
    "One of the versions this release renders manifests for; the framework's pinned version when left out.",
  image:
    'The app image: for Flower built `FROM flwr/superexec`, for OpenFL a workspace image. See the app contract in the operating guide.',
  rounds:
    'Training rounds. Passed to Flower as `num-server-rounds`, to OpenFL as `rounds_to_train`, and to the app as `FL_ROUNDS`.',
  minClients:
    'Clients that must take part; the launch fails when fewer clusters match, and the job fails when fewer clients run. Passed to Flower as `min-available-nodes`, `min-train-nodes` and `min-evaluate-nodes`. An OpenFL job has exactly this many: OpenFL waits for every collaborator it lists.',
  runConfig:
    'Flower run-config values, passed as `flwr run --run-config "k=v ..."` after the launcher\'s keys, which they may not set. The app must declare every key in `[tool.flwr.app.config]`, or Flower refuses the run.',
  planOverrides:
    "OpenFL plan values that every party's init container merges over the workspace image's `plan/plan.yaml` with the launcher's settings (the same plan for every party, since OpenFL's federation id hashes it).",
  clients:
    'Which clusters train: `placement` (OCM picks them) or `clusters` (a fixed list), exactly one of the two. Either way the participants are fixed at launch.',
  'clients.placement':
    'An OCM Placement: cluster sets, predicates, number of clusters, prioritizers and tolerations.',
  'clients.placement.clusterSets':
    'Cluster sets to choose from. Each needs a ManagedClusterSetBinding in the job namespace. Empty means every set bound there.',
  'clients.placement.predicates':
    'Cluster selectors; a cluster matching any one of them is a candidate (ORed).',
  'clients.placement.predicates[].labelSelector':
    'A Kubernetes label selector on the ManagedCluster labels. ANDed with the claim and CEL selectors of the same predicate.',
  'clients.placement.predicates[].labelSelector.matchLabels':
    'Labels a cluster must have with exactly these values.',
  'clients.placement.predicates[].labelSelector.matchExpressions':
    'Set-based requirements on labels.',
  'clients.placement.predicates[].labelSelector.matchExpressions[].key':
    'Label key.',
  'clients.placement.predicates[].labelSelector.matchExpressions[].operator':
    '`NotIn` also matches clusters without the key.',
  'clients.placement.predicates[].labelSelector.matchExpressions[].values':
    'Values for `In` and `NotIn`.',
  'clients.placement.predicates[].claimSelector':
    "Requirements on the clusters' ClusterClaims (name to value).",
  'clients.placement.predicates[].claimSelector.matchExpressions':
    'Set-based requirements on claims.',
  'clients.placement.predicates[].claimSelector.matchExpressions[].key':
    'ClusterClaim name.',
  'clients.placement.predicates[].claimSelector.matchExpressions[].operator':
    'As for labels.',
  'clients.placement.predicates[].claimSelector.matchExpressions[].values':
    'Values for `In` and `NotIn`.',
  'clients.placement.predicates[].celExpressions':
    "CEL expressions over `managedCluster`, with OCM's functions and the Kubernetes CEL libraries (see the placement rules); each must be true. A runtime error means no match; an expression that does not compile is refused.",
  'clients.placement.numberOfClusters':
    'How many clusters to take, best first; all that match when left out (OpenFL: `minClients`). Must not be below `minClients`, and for OpenFL not above it either.',
  'clients.placement.prioritizers':
    "OCM's built-in prioritizers and their weights (added to the defaults Balance and Steady).",
  'clients.placement.prioritizers[].builtIn': 'Prioritizer name.',
  'clients.placement.prioritizers[].weight': '0 turns the prioritizer off.',
  'clients.placement.tolerations':
    "Taints of clusters to tolerate, such as OCM's `cluster.open-cluster-management.io/unreachable`.",
  'clients.placement.tolerations[].key': 'Taint key; empty needs `Exists`.',
  'clients.placement.tolerations[].operator': '`Exists` needs no value.',
  'clients.placement.tolerations[].value': 'Taint value for `Equal`.',
  'clients.placement.tolerations[].effect':
    'Taint effect; empty matches every effect.',
  'clients.placement.tolerations[].tolerationSeconds':
    'Tolerate only this long after the taint was added.',
  'clients.clusters': 'Managed clusters by name, each available.',
  data: 'Where each client cluster keeps its training data. It is mounted read-only into the clients and never into the aggregator.',
  'data.type':
    'A ClusterClaim naming the data per cluster, one PVC name on every cluster, or one host path.',
  'data.mountPath':
    'Where the app finds the data (also given as `FL_DATA_DIR`); `/data` when left out.',
  'data.claim':
    'ClusterClaim whose value, per cluster, is a host path (starting with `/`) or a PVC name.',
  'data.claimName':
    'A PVC that exists in namespace `fl-<name>` on every client cluster.',
  'data.path': 'A host path that exists on the nodes of every client cluster.',
  resources: 'Requests for the app containers.',
  'resources.client': 'Per client cluster.',
  'resources.client.cpu': 'CPU request.',
  'resources.client.memory': 'Memory request.',
  'resources.client.gpu': 'GPUs (`nvidia.com/gpu`).',
  'resources.aggregator': 'On the aggregator cluster.',
  'resources.aggregator.cpu': 'CPU request.',
  'resources.aggregator.memory': 'Memory request.',
  'resources.aggregator.gpu': 'GPUs (`nvidia.com/gpu`).',
  aggregator:
    'The FL server: Flower SuperLink and ServerApp, or the OpenFL aggregator.',
  'aggregator.cluster':
    'The managed cluster that runs it. It holds no training data and cannot also be a client.',
  'aggregator.exposure':
    'How clients reach it: a LoadBalancer (its address comes back through status feedback) or a NodePort at a known address.',
  'aggregator.exposure.type': 'LoadBalancer or NodePort.',
  'aggregator.exposure.address':
    'Host name or IP that clients dial; it reaches a node of the aggregator cluster and becomes the certificate name.',
  'aggregator.exposure.nodePort': 'The node port to expose.',
  storage: 'Where the trained model goes.',
  'storage.type':
    'S3 (uploaded from the aggregator) or a PVC kept on the aggregator cluster.',
  'storage.location':
    'The name of an S3 location the platform team configured (`ocmFl.storage.locations`), allowed on the hub the job goes to; its bucket, prefix, endpoint, credentials and uploader image come from there. The model goes to `<bucket>/<prefix>/<name>/`.',
  'storage.size': 'Size of the PVC `<name>-model`.',
  'storage.storageClassName':
    "Storage class of the PVC; the cluster's default when left out.",
  tls: 'Transport security between clients and aggregator.',
  'tls.enabled':
    'A per-job CA and certificates (on by default). Turn off only for local experiments.',
  model:
    'The model this job trains a version of; every succeeded job is one version. Names the catalog entity. Defaults to `name`.',
  baseModel:
    'Where training starts from, for lineage: a catalog entity ref or an S3 URI.',
  ttlSecondsAfterFinished:
    'Seconds after the job ends before its workloads are removed from the clusters; the model and the lineage record stay. Kept until deleted when left out.',
};
