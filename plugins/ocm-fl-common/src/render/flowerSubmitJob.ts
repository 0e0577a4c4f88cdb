import { flowerLauncherRunConfig } from '../job/flowerRunConfig';
import { JobSpec } from '../job/jobSpec';
import { appEnv, trainingDeadlineSeconds } from './appContract';
import { containerSecurity } from './containerSettings';
import {
  FlowerVersion,
  homeMounts,
  homeVolumes,
  readOnlyMount,
  secretVolume,
  Security,
  SUPERNODE_KEYS_DIR,
  TLS_DIR,
} from './flowerPods';
import { meta } from './jobMetadata';
import { Manifest } from './types';

/**
 * `--run-config "k=v ..."` with TOML values: the launcher's keys (rounds, minimum nodes)
 * first, then the spec's own `runConfig`, whose keys may not repeat the launcher's.
 */
export function flowerRunConfig(spec: JobSpec): string {
  const values: Record<string, string | number | boolean> = {
    ...flowerLauncherRunConfig(spec),
    ...spec.runConfig,
  };
  return Object.entries(values)
    .map(
      ([k, v]) =>
        `${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`,
    )
    .join(' ');
}

/**
 * The submit Job's script. It is constant: everything it needs comes from environment
 * variables and files, never as shell text. It waits until the Control API answers,
 * registers the SuperNodes' public keys (Flower 1.26 refuses re-registering a key with
 * "Public key already in use", which counts as done), submits the run (`flwr run` does not
 * retry by itself), then follows the run, tolerating failed polls, and exits 0 only when
 * the run finished completed. The Job's `activeDeadlineSeconds` bounds every wait.
 */
const SUBMIT_SCRIPT = [
  'set -u',
  // With --format json, flwr reports a failure as {"success": false, ...} and exits 0
  // (cli_output_handler, flwr/cli/utils.py): read the answer, not the exit status.
  `answered() { python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin).get("success") else 1)'; }`,
  'json_field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }',
  'until flwr list cluster --format json 2>/dev/null | answered; do',
  '  echo "waiting for the SuperLink Control API" >&2',
  '  sleep "$FL_RETRY_SECONDS"',
  'done',
  'for key in "$FL_SUPERNODE_KEYS_DIR"/*.pub; do',
  '  [ -e "$key" ] || continue',
  '  until out=$(flwr supernode register "$key" cluster 2>&1); do',
  '    case "$out" in *"already in use"*) break ;; esac',
  '    echo "registering $key failed, retrying: $out" >&2',
  '    sleep "$FL_RETRY_SECONDS"',
  '  done',
  '  echo "registered $key"',
  'done',
  'attempt=1',
  `until run_id=$(flwr run /app cluster --run-config "$FL_RUN_CONFIG" --format json | json_field 'd["run-id"]'); do`,
  '  if [ "$attempt" -ge "$FL_SUBMIT_ATTEMPTS" ]; then',
  '    echo "the run could not be submitted after $attempt attempts" >&2',
  '    exit 1',
  '  fi',
  '  attempt=$((attempt + 1))',
  '  sleep "$FL_RETRY_SECONDS"',
  'done',
  'echo "run $run_id submitted"',
  'while true; do',
  `  if status=$(flwr list cluster --run-id "$run_id" --format json | json_field 'd["runs"][0]["status"]'); then`,
  '    case "$status" in',
  '      finished:completed) echo "run $run_id completed"; exit 0 ;;',
  '      finished:*) echo "run $run_id ended: $status" >&2; exit 1 ;;',
  '    esac',
  '  else',
  '    echo "could not read the status of run $run_id; asking again" >&2',
  '  fi',
  '  sleep "$FL_RETRY_SECONDS"',
  'done',
].join('\n');

/** How the submit Job reaches the Control API (`~/.flwr/config.toml`, flwr/cli/flower_config.py). */
export function superlinkConnection(
  v: FlowerVersion,
  security: Security,
): string {
  const address = `address = "superlink:${v.ports.control}"`;
  return security.tls
    ? `[superlink.cluster]\n${address}\nroot-certificates = "${TLS_DIR}/ca.crt"\n`
    : `[superlink.cluster]\n${address}\ninsecure = true\n`;
}

export function submitJob(
  spec: JobSpec,
  v: FlowerVersion,
  security: Security,
): Manifest {
  const labels = meta('submit', spec, 'aggregator').labels;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('submit', spec, 'aggregator', {
      annotations: {
        'federated-learning.open-cluster-management.io/spec':
          JSON.stringify(spec),
      },
    }),
    spec: {
      // A second pod would submit a second run next to the first: the script retries instead.
      backoffLimit: 0,
      activeDeadlineSeconds: trainingDeadlineSeconds(spec),
      template: {
        metadata: {
          labels: { 'app.kubernetes.io/part-of': spec.name, ...labels },
        },
        spec: {
          restartPolicy: 'Never',
          securityContext: { fsGroup: v.uid },
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'submit',
              image: spec.image,
              command: ['/bin/sh', '-c', SUBMIT_SCRIPT],
              env: [
                { name: 'FLWR_HOME', value: '/app/.flwr' },
                { name: 'FL_RUN_CONFIG', value: flowerRunConfig(spec) },
                { name: 'FL_SUPERNODE_KEYS_DIR', value: SUPERNODE_KEYS_DIR },
                { name: 'FL_SUBMIT_ATTEMPTS', value: '10' },
                { name: 'FL_RETRY_SECONDS', value: '10' },
                ...appEnv(spec),
              ],
              resources: {
                requests: { cpu: '100m', memory: '256Mi' },
                limits: { memory: '512Mi' },
              },
              securityContext: containerSecurity(v.uid),
              volumeMounts: [
                ...homeMounts(),
                {
                  name: 'flwr-config',
                  mountPath: '/app/.flwr/config.toml',
                  subPath: 'config.toml',
                  readOnly: true,
                },
                ...(security.tls ? [readOnlyMount('tls', TLS_DIR)] : []),
                ...(security.auth
                  ? [readOnlyMount('supernode-keys', SUPERNODE_KEYS_DIR)]
                  : []),
              ],
            },
          ],
          volumes: [
            ...homeVolumes(),
            { name: 'flwr-config', configMap: { name: 'flwr-config' } },
            ...(security.tls ? [secretVolume('tls', 'superlink-ca')] : []),
            ...(security.auth
              ? [
                  {
                    name: 'supernode-keys',
                    configMap: { name: 'supernode-public-keys' },
                  },
                ]
              : []),
          ],
        },
      },
    },
  };
}
