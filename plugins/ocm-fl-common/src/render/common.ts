import { ocmFlAnnotations, ocmFlLabels, OCM_FL_MANAGER } from '../labels';
import { JobSpec } from '../job/jobSpec';
import {
  jobModelUri,
  ModelStorageLocation,
} from '../storage/modelStorageLocation';
import { modelClaimName } from '../storage/pvcModel';
import { Manifest, RenderInput } from './types';

export const jobNamespace = (spec: JobSpec) => `fl-${spec.name}`;
export const MODEL_DIR = '/models';
export const S3_SECRET = 's3-credentials';

export function jobLabels(
  spec: JobSpec,
  role: 'aggregator' | 'client',
): Record<string, string> {
  return {
    [ocmFlLabels.job]: spec.name,
    [ocmFlLabels.role]: role,
    [ocmFlLabels.managedBy]: OCM_FL_MANAGER,
  };
}

/** Labels of the hub objects themselves (Placement, works): the job's, and its launch's. */
export function hubObjectLabels(
  input: Pick<RenderInput, 'spec' | 'runId'>,
  role: 'aggregator' | 'client',
): Record<string, string> {
  return {
    ...jobLabels(input.spec, role),
    ...(input.runId ? { [ocmFlLabels.run]: input.runId } : {}),
  };
}

export function jobAnnotations(
  input: Pick<RenderInput, 'spec' | 'createdBy'>,
): Record<string, string> {
  return {
    [ocmFlAnnotations.spec]: JSON.stringify(input.spec),
    ...(input.createdBy
      ? { [ocmFlAnnotations.createdBy]: input.createdBy }
      : {}),
  };
}

export function meta(
  name: string,
  spec: JobSpec,
  role: 'aggregator' | 'client',
  extra: Partial<Manifest['metadata']> = {},
) {
  return {
    name,
    namespace: jobNamespace(spec),
    labels: jobLabels(spec, role),
    ...extra,
  };
}

export function namespaceManifest(
  spec: JobSpec,
  role: 'aggregator' | 'client',
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: jobNamespace(spec), labels: jobLabels(spec, role) },
  };
}

export function secret(
  name: string,
  spec: JobSpec,
  role: 'aggregator' | 'client',
  stringData: Record<string, string>,
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(name, spec, role),
    type: 'Opaque',
    stringData,
  };
}

export function configMap(
  name: string,
  spec: JobSpec,
  role: 'aggregator' | 'client',
  data: Record<string, string>,
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(name, spec, role),
    data,
  };
}

/**
 * The time limit of a job's Jobs (`activeDeadlineSeconds`): half an hour to start (images,
 * the aggregator, the first clients) and an hour per round on average, so that a pod that can
 * never start (a missing Secret or PVC) fails the job instead of keeping it running.
 * Documented for app authors in docs/operating/app-images.md.
 */
export function trainingDeadlineSeconds(spec: JobSpec): number {
  return 1800 + spec.rounds * 3600;
}

export function resourcesOf(r: JobSpec['resources']['client']) {
  const requests: Record<string, string> = { cpu: r.cpu, memory: r.memory };
  const limits: Record<string, string> = { memory: r.memory };
  if (r.gpu > 0) {
    requests['nvidia.com/gpu'] = String(r.gpu);
    limits['nvidia.com/gpu'] = String(r.gpu);
  }
  return { requests, limits };
}

/** Non-root, no privilege escalation, all capabilities dropped, default seccomp. */
export function containerSecurity(uid?: number) {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    ...(uid !== undefined ? { runAsUser: uid, runAsGroup: uid } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The model directory: this launch's PVC, or an emptyDir that the uploader syncs to S3. */
export function modelVolume(input: Pick<RenderInput, 'spec' | 'runId'>) {
  return input.spec.storage.type === 'pvc'
    ? {
        name: 'models',
        persistentVolumeClaim: {
          claimName: modelClaimName(input.spec.name, input.runId),
        },
      }
    : { name: 'models', emptyDir: {} };
}

export function modelPvc(
  input: Pick<RenderInput, 'spec' | 'runId'>,
): Manifest[] {
  const { spec } = input;
  if (spec.storage.type !== 'pvc') return [];
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta(
        modelClaimName(spec.name, input.runId),
        spec,
        'aggregator',
      ),
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: spec.storage.size } },
        ...(spec.storage.storageClassName
          ? { storageClassName: spec.storage.storageClassName }
          : {}),
      },
    },
  ];
}

/** The app contract (documented for app authors). */
export function appEnv(spec: JobSpec) {
  return [
    { name: 'FL_JOB', value: spec.name },
    { name: 'FL_ROUNDS', value: String(spec.rounds) },
    { name: 'FL_MODEL_DIR', value: MODEL_DIR },
  ];
}

/** The configured location an S3 job keeps its model in; undefined for PVC storage. */
export function s3Location(
  input: Pick<RenderInput, 'spec' | 'storageLocation'>,
): ModelStorageLocation | undefined {
  return input.spec.storage.type === 's3' ? input.storageLocation : undefined;
}

/** Where the uploader's AWS CLI configuration goes: its own tmp volume. */
const UPLOADER_CLI_CONFIG = '/tmp/aws-config';
/** Time for the last sync when the pod stops; Kubernetes' default would be 30 s. */
export const UPLOADER_GRACE_SECONDS = 300;

/**
 * Keeps the uploader's values out of its script: they come as environment variables, so
 * nothing from a spec or a configuration is ever parsed by the shell. The addressing style
 * goes into the CLI's configuration file, where the AWS CLI reads it (`s3.addressing_style`;
 * it reads no environment variable for it). On TERM, which the kubelet sends to a native
 * sidecar once the pod's main containers have ended (or the pod is deleted), it syncs once
 * more, retrying, and exits with that sync's status.
 */
const UPLOADER_SCRIPT = [
  `printf '[default]\\ns3 =\\n  addressing_style = %s\\n' "$FL_S3_ADDRESSING_STYLE" > "$AWS_CONFIG_FILE"`,
  'sync_models() { aws s3 sync "$FL_MODEL_DIR" "$FL_MODEL_URI"; }',
  'final_sync() {',
  '  for _ in 1 2 3 4 5; do',
  '    if sync_models; then echo "final sync to $FL_MODEL_URI done"; exit 0; fi',
  '    sleep 10',
  '  done',
  '  echo "final sync to $FL_MODEL_URI failed: the model there lacks the last files" >&2',
  '  exit 1',
  '}',
  'trap final_sync TERM',
  'while true; do',
  '  sync_models || echo "sync to $FL_MODEL_URI failed; trying again in 30 s" >&2',
  '  sleep 30 & wait $!',
  'done',
].join('\n');

/**
 * For S3 storage: a native sidecar (restartPolicy Always) that syncs the model directory to
 * S3 while training and once more when the pod stops, so that Jobs still complete. A Job's
 * pod counts as succeeded only when no container runs any more, the sidecar included
 * (kubernetes pkg/kubelet/kubelet_pods.go getPhase), so the last sync ends before the Job
 * completes. It gets credentials only by reference (a Secret of the job's namespace, or
 * workload identity).
 */
export function uploaderSidecar(input: RenderInput) {
  const location = s3Location(input);
  if (!location) return [];
  return [
    {
      name: 'model-uploader',
      image: location.uploaderImage,
      restartPolicy: 'Always',
      command: ['/bin/sh', '-c', UPLOADER_SCRIPT],
      env: [
        { name: 'FL_MODEL_DIR', value: MODEL_DIR },
        { name: 'FL_MODEL_URI', value: jobModelUri(location, input.spec.name) },
        { name: 'AWS_REGION', value: location.region },
        // The AWS CLI (2.13 and later) reads a service's endpoint from this variable.
        ...(location.endpoint
          ? [{ name: 'AWS_ENDPOINT_URL_S3', value: location.endpoint }]
          : []),
        { name: 'AWS_CONFIG_FILE', value: UPLOADER_CLI_CONFIG },
        {
          name: 'FL_S3_ADDRESSING_STYLE',
          value: location.forcePathStyle ? 'path' : 'auto',
        },
        { name: 'HOME', value: '/tmp' },
      ],
      ...(location.credentialsSecret
        ? { envFrom: [{ secretRef: { name: S3_SECRET } }] }
        : {}),
      volumeMounts: [
        { name: 'models', mountPath: MODEL_DIR, readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ],
      resources: {
        requests: { cpu: '50m', memory: '128Mi' },
        limits: { memory: '256Mi' },
      },
      securityContext: containerSecurity(1000),
    },
  ];
}

/** The pod's grace period, long enough for the uploader's last sync (none without it). */
export function uploaderGracePeriod(input: RenderInput) {
  return s3Location(input)
    ? { terminationGracePeriodSeconds: UPLOADER_GRACE_SECONDS }
    : {};
}

/** The Secret the uploader reads, copied from the hub Secret of the configured location. */
export function s3CredentialsSecret(input: RenderInput): Manifest[] {
  if (!s3Location(input)?.credentialsSecret) return [];
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(S3_SECRET, input.spec, 'aggregator'),
      type: 'Opaque',
      data: input.s3CredentialsData ?? {},
    },
  ];
}

/** A service account for the aggregator pods, carrying the location's workload-identity annotations. */
export function aggregatorServiceAccount(input: RenderInput): Manifest {
  const annotations = s3Location(input)?.serviceAccountAnnotations;
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(
      'aggregator',
      input.spec,
      'aggregator',
      annotations ? { annotations } : {},
    ),
    automountServiceAccountToken: false,
  };
}

export function dataVolume(participant: RenderInput['participants'][number]) {
  return 'hostPath' in participant.data
    ? {
        name: 'data',
        hostPath: { path: participant.data.hostPath, type: 'Directory' },
      }
    : {
        name: 'data',
        persistentVolumeClaim: {
          claimName: participant.data.claimName,
          readOnly: true,
        },
      };
}

export function dataMountPath(spec: JobSpec): string {
  return spec.data.mountPath ?? '/data';
}

/** A ManifestWork around workload manifests, with feedback rules and delete options. */
export function manifestWork(options: {
  name: string;
  cluster: string;
  input: RenderInput;
  role: 'aggregator' | 'client';
  manifests: Manifest[];
  manifestConfigs: unknown[];
}): Manifest {
  const { spec } = options.input;
  const orphanModel =
    options.role === 'aggregator' && spec.storage.type === 'pvc';
  return {
    apiVersion: 'work.open-cluster-management.io/v1',
    kind: 'ManifestWork',
    metadata: {
      name: options.name,
      namespace: options.cluster,
      labels: hubObjectLabels(options.input, options.role),
      annotations: jobAnnotations(options.input),
    },
    spec: {
      workload: { manifests: options.manifests },
      manifestConfigs: options.manifestConfigs,
      // The model's PVC outlives the job on purpose, and so must its namespace: the agent
      // deletes what it owns one by one with Background propagation, and skips what a rule
      // orphans (ocm pkg/work/helper/helpers.go OwnedByTheWork, DeleteAppliedResources);
      // a deleted namespace would take the PVC along.
      deleteOption: orphanModel
        ? {
            propagationPolicy: 'SelectivelyOrphan',
            selectivelyOrphans: {
              orphaningRules: [
                {
                  group: '',
                  resource: 'namespaces',
                  name: jobNamespace(spec),
                },
                {
                  group: '',
                  resource: 'persistentvolumeclaims',
                  namespace: jobNamespace(spec),
                  name: modelClaimName(spec.name, options.input.runId),
                },
              ],
            },
          }
        : { propagationPolicy: 'Foreground' },
    },
  };
}

/*
 * The work agent evaluates JSONPaths from the object's root, whatever the CRD's field
 * description says ("under status"): open-cluster-management-io/ocm v1.3.0
 * `pkg/work/spoke/statusfeedback/reader.go` runs each path on the whole object, and its
 * well-known rules read `.status.readyReplicas`. Only integers, strings and booleans come back.
 */

/** Replica counts, and the reason a rollout stopped (`ProgressDeadlineExceeded` when it failed). */
export function deploymentFeedback(spec: JobSpec, name: string) {
  return {
    resourceIdentifier: {
      group: 'apps',
      resource: 'deployments',
      namespace: jobNamespace(spec),
      name,
    },
    feedbackRules: [
      { type: 'WellKnownStatus' },
      {
        type: 'JSONPaths',
        jsonPaths: [
          {
            name: 'ProgressingReason',
            path: '.status.conditions[?(@.type=="Progressing")].reason',
          },
        ],
      },
    ],
  };
}

export function jobFeedback(spec: JobSpec, name: string) {
  return {
    resourceIdentifier: {
      group: 'batch',
      resource: 'jobs',
      namespace: jobNamespace(spec),
      name,
    },
    feedbackRules: [
      { type: 'WellKnownStatus' },
      {
        type: 'JSONPaths',
        jsonPaths: [
          { name: 'active', path: '.status.active' },
          { name: 'failed', path: '.status.failed' },
          { name: 'succeeded', path: '.status.succeeded' },
          // The Job's end: a failed pod alone is not one while backoffLimit allows retries.
          {
            name: 'JobFailed',
            path: '.status.conditions[?(@.type=="Failed")].status',
          },
          {
            name: 'JobFailedReason',
            path: '.status.conditions[?(@.type=="Failed")].reason',
          },
        ],
      },
    ],
    // The agent's built-in rule: Complete=True once the Job has finished, failed or not
    // (ocm v1.3.0 `pkg/work/spoke/conditions/rules/rule.go`).
    conditionRules: [{ type: 'WellKnownConditions', condition: 'Complete' }],
  };
}

export function serviceAddressFeedback(spec: JobSpec, name: string) {
  return {
    resourceIdentifier: {
      group: '',
      resource: 'services',
      namespace: jobNamespace(spec),
      name,
    },
    feedbackRules: [
      {
        type: 'JSONPaths',
        jsonPaths: [
          // An IP on most clouds, a DNS name only on AWS.
          { name: 'ip', path: '.status.loadBalancer.ingress[0].ip' },
          {
            name: 'hostname',
            path: '.status.loadBalancer.ingress[0].hostname',
          },
        ],
      },
    ],
  };
}

/** The Service that clients dial: a LoadBalancer, or a NodePort on the given port. */
export function exposedService(
  spec: JobSpec,
  name: string,
  selector: Record<string, string>,
  port: number,
  portName: string,
): Manifest {
  const exposure = spec.aggregator.exposure;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, spec, 'aggregator'),
    spec: {
      type: exposure.type,
      selector,
      ports: [
        {
          name: portName,
          port,
          targetPort: port,
          protocol: 'TCP',
          ...(exposure.type === 'NodePort'
            ? { nodePort: exposure.nodePort }
            : {}),
        },
      ],
    },
  };
}
