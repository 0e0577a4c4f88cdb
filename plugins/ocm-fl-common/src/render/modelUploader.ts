import { jobModelUri } from '../storage/modelStorageLocation';
import { MODEL_DIR } from './appContract';
import { containerSecurity } from './containerSettings';
import { S3_SECRET, s3Location } from './modelStorage';
import { RenderInput } from './types';

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
