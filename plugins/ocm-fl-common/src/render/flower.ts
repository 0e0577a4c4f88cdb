import { flowerLauncherRunConfig } from '../job/flowerRunConfig';
import { FRAMEWORKS } from '../job/frameworks';
import { JobSpec } from '../job/jobSpec';
import { appEnv, MODEL_DIR, trainingDeadlineSeconds } from './appContract';
import { containerSecurity, resourcesOf } from './containerSettings';
import {
  configMap,
  exposedService,
  namespaceManifest,
  secret,
} from './coreManifests';
import { jobNamespace, meta } from './jobMetadata';
import { manifestWork } from './manifestWork';
import {
  aggregatorServiceAccount,
  modelPvc,
  modelVolume,
  s3CredentialsSecret,
} from './modelStorage';
import { uploaderGracePeriod, uploaderSidecar } from './modelUploader';
import {
  deploymentFeedback,
  jobFeedback,
  serviceAddressFeedback,
} from './statusFeedback';
import { dataMountPath, dataVolume } from './trainingData';
import { JobPki, Manifest, Participant, RenderInput } from './types';

type FlowerVersion =
  (typeof FRAMEWORKS.flower.versions)[keyof typeof FRAMEWORKS.flower.versions];

const versionOf = (spec: JobSpec): FlowerVersion =>
  FRAMEWORKS.flower.versions[
    spec.frameworkVersion as keyof typeof FRAMEWORKS.flower.versions
  ];

/** The images run as uid 49999 with HOME /app and need these writable folders. */
const HOME_DIRS = ['/app/.flwr', '/app/.cache', '/app/.config', '/var/tmp'];
const homeVolumes = () =>
  HOME_DIRS.map((_, i) => ({ name: `home-${i}`, emptyDir: {} }));
const homeMounts = () =>
  HOME_DIRS.map((path, i) => ({ name: `home-${i}`, mountPath: path }));
const TLS_DIR = '/tls';
/** Where the submit Job finds the public keys of the SuperNodes it registers. */
const SUPERNODE_KEYS_DIR = '/supernode-keys';
/** Where a SuperNode finds its own authentication key. */
const SUPERNODE_AUTH_DIR = '/supernode-auth';
const HEALTH_PORT = 8081;

/** What the aggregator and its clients share about the job's security. */
interface Security {
  /** The job's PKI when TLS is on. */
  tls?: JobPki;
  /** SuperNode authentication: on with TLS (Flower requires TLS for it). */
  auth: boolean;
}

function securityOf(input: RenderInput): Security {
  const tls = input.spec.tls.enabled ? input.pki : undefined;
  return { tls, auth: tls !== undefined };
}

function deployment(
  spec: JobSpec,
  name: string,
  role: 'aggregator' | 'client',
  pod: Record<string, unknown>,
): Manifest {
  const selector = {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': spec.name,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, spec, role),
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...selector, ...meta(name, spec, role).labels } },
        spec: pod,
      },
    },
  };
}

function service(
  spec: JobSpec,
  name: string,
  role: 'aggregator' | 'client',
  ports: Array<[string, number]>,
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, spec, role),
    spec: {
      type: 'ClusterIP',
      selector: {
        'app.kubernetes.io/name': name,
        'app.kubernetes.io/instance': spec.name,
      },
      ports: ports.map(([portName, port]) => ({
        name: portName,
        port,
        targetPort: port,
        protocol: 'TCP',
      })),
    },
  };
}

const secretVolume = (name: string, secretName: string) => ({
  name,
  secret: { secretName },
});
const readOnlyMount = (name: string, mountPath: string) => ({
  name,
  mountPath,
  readOnly: true,
});

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

/** The SuperLink certificate must name what clients dial and the in-cluster names. */
export function flowerServerNames(spec: JobSpec, host: string): string[] {
  const ns = jobNamespace(spec);
  return [
    host,
    'superlink',
    `superlink.${ns}.svc`,
    `superlink.${ns}.svc.cluster.local`,
  ];
}

/** flower-superlink's flags (flwr/server/app.py, `_parse_args_run_superlink`). */
function superlinkArgs(v: FlowerVersion, security: Security): string[] {
  return [
    '--isolation=process',
    ...(security.tls
      ? [
          `--ssl-ca-certfile=${TLS_DIR}/ca.crt`,
          `--ssl-certfile=${TLS_DIR}/tls.crt`,
          `--ssl-keyfile=${TLS_DIR}/tls.key`,
        ]
      : ['--insecure']),
    // Only SuperNodes whose public keys the submit Job registered may connect.
    ...(security.auth ? ['--enable-supernode-auth'] : []),
    `--serverappio-api-address=0.0.0.0:${v.ports.serverAppIo}`,
    `--fleet-api-address=0.0.0.0:${v.ports.fleet}`,
    `--control-api-address=0.0.0.0:${v.ports.control}`,
    '--database=/app/.flwr/state.db',
    `--health-server-address=0.0.0.0:${HEALTH_PORT}`,
  ];
}

function superlinkDeployment(
  spec: JobSpec,
  v: FlowerVersion,
  security: Security,
): Manifest {
  return deployment(spec, 'superlink', 'aggregator', {
    securityContext: { fsGroup: v.uid },
    automountServiceAccountToken: false,
    containers: [
      {
        name: 'superlink',
        image: v.superlinkImage,
        args: superlinkArgs(v, security),
        ports: [
          { name: 'serverappio', containerPort: v.ports.serverAppIo },
          { name: 'fleet', containerPort: v.ports.fleet },
          { name: 'control', containerPort: v.ports.control },
        ],
        readinessProbe: { grpc: { port: HEALTH_PORT }, periodSeconds: 10 },
        resources: resourcesOf(spec.resources.aggregator),
        securityContext: containerSecurity(v.uid),
        volumeMounts: [
          ...homeMounts(),
          ...(security.tls ? [readOnlyMount('tls', TLS_DIR)] : []),
        ],
      },
    ],
    volumes: [
      ...homeVolumes(),
      ...(security.tls ? [secretVolume('tls', 'superlink-tls')] : []),
    ],
  });
}

function serverappDeployment(input: RenderInput, v: FlowerVersion): Manifest {
  const { spec } = input;
  return deployment(spec, 'serverapp', 'aggregator', {
    securityContext: { fsGroup: v.uid },
    serviceAccountName: 'aggregator',
    initContainers: uploaderSidecar(input),
    ...uploaderGracePeriod(input),
    containers: [
      {
        name: 'serverapp',
        image: spec.image,
        args: [
          '--insecure',
          `--appio-api-address=superlink:${v.ports.serverAppIo}`,
          '--plugin-type=serverapp',
        ],
        env: appEnv(spec),
        resources: resourcesOf(spec.resources.aggregator),
        securityContext: containerSecurity(v.uid),
        volumeMounts: [
          ...homeMounts(),
          { name: 'models', mountPath: MODEL_DIR },
        ],
      },
    ],
    volumes: [
      ...homeVolumes(),
      modelVolume(input),
      { name: 'tmp', emptyDir: {} },
    ],
  });
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
function superlinkConnection(v: FlowerVersion, security: Security): string {
  const address = `address = "superlink:${v.ports.control}"`;
  return security.tls
    ? `[superlink.cluster]\n${address}\nroot-certificates = "${TLS_DIR}/ca.crt"\n`
    : `[superlink.cluster]\n${address}\ninsecure = true\n`;
}

function submitJob(
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

/** ServerAppIo has no TLS in 1.26: only pods of this job's namespace may reach it. */
function internalApisPolicy(spec: JobSpec, v: FlowerVersion): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta('superlink-internal-apis', spec, 'aggregator'),
    spec: {
      podSelector: {
        matchLabels: {
          'app.kubernetes.io/name': 'superlink',
          'app.kubernetes.io/instance': spec.name,
        },
      },
      policyTypes: ['Ingress'],
      ingress: [
        { ports: [{ port: v.ports.fleet, protocol: 'TCP' }] },
        {
          from: [{ podSelector: {} }],
          ports: [
            { port: v.ports.serverAppIo, protocol: 'TCP' },
            { port: v.ports.control, protocol: 'TCP' },
            { port: HEALTH_PORT, protocol: 'TCP' },
          ],
        },
      ],
    },
  };
}

/** The SuperNode key of each participant; with authentication on, every one must have one. */
function supernodeKeyOf(security: Security, cluster: string) {
  const key = security.tls?.supernodeKeys?.[cluster];
  if (!key) {
    throw new Error(
      `no SuperNode authentication key for cluster ${cluster}: a Flower job with TLS needs pki.supernodeKeys for every participant`,
    );
  }
  return key;
}

function aggregatorKeyObjects(
  input: RenderInput,
  security: Security,
): Manifest[] {
  const { spec } = input;
  const pki = security.tls;
  if (!pki) return [];
  return [
    secret('superlink-tls', spec, 'aggregator', {
      'ca.crt': pki.caPem,
      'tls.crt': pki.aggregator.certPem,
      'tls.key': pki.aggregator.keyPem,
    }),
    secret('superlink-ca', spec, 'aggregator', { 'ca.crt': pki.caPem }),
    ...(security.auth
      ? [
          configMap(
            'supernode-public-keys',
            spec,
            'aggregator',
            Object.fromEntries(
              input.participants.map(p => [
                `${p.cluster}.pub`,
                `${supernodeKeyOf(security, p.cluster).publicKey}\n`,
              ]),
            ),
          ),
        ]
      : []),
  ];
}

export function renderFlowerAggregator(input: RenderInput): Manifest {
  const { spec } = input;
  const v = versionOf(spec);
  const security = securityOf(input);
  const manifests: Manifest[] = [
    namespaceManifest(spec, 'aggregator'),
    aggregatorServiceAccount(input),
    ...aggregatorKeyObjects(input, security),
    ...s3CredentialsSecret(input),
    ...modelPvc(input),
    configMap('flwr-config', spec, 'aggregator', {
      'config.toml': superlinkConnection(v, security),
    }),
    superlinkDeployment(spec, v, security),
    service(spec, 'superlink', 'aggregator', [
      ['serverappio', v.ports.serverAppIo],
      ['control', v.ports.control],
    ]),
    exposedService(
      spec,
      'superlink-fleet',
      {
        'app.kubernetes.io/name': 'superlink',
        'app.kubernetes.io/instance': spec.name,
      },
      v.ports.fleet,
      'fleet',
    ),
    internalApisPolicy(spec, v),
    serverappDeployment(input, v),
    submitJob(spec, v, security),
  ];
  return manifestWork({
    name: `${spec.name}-aggregator`,
    cluster: spec.aggregator.cluster,
    input,
    role: 'aggregator',
    manifests,
    manifestConfigs: [
      deploymentFeedback(spec, 'superlink'),
      deploymentFeedback(spec, 'serverapp'),
      serviceAddressFeedback(spec, 'superlink-fleet'),
      jobFeedback(spec, 'submit'),
    ],
  });
}

/**
 * flower-supernode's flags (flwr/supernode/cli/flower_supernode.py). No `--max-retries`: by
 * default the SuperNode retries an unavailable SuperLink without limit and keeps its node.
 */
function supernodeArgs(
  input: RenderInput,
  participant: Participant,
  v: FlowerVersion,
  security: Security,
): string[] {
  const { host, port } = input.aggregatorAddress;
  return [
    `--superlink=${host}:${port}`,
    ...(security.tls
      ? [`--root-certificates=${TLS_DIR}/ca.crt`]
      : ['--insecure']),
    ...(security.auth
      ? [`--auth-supernode-private-key=${SUPERNODE_AUTH_DIR}/auth.key`]
      : []),
    '--isolation=process',
    `--clientappio-api-address=0.0.0.0:${v.ports.clientAppIo}`,
    `--node-config=cluster-name="${
      participant.cluster
    }" data-path="${dataMountPath(input.spec)}"`,
    `--health-server-address=0.0.0.0:${HEALTH_PORT}`,
  ];
}

function supernodeDeployment(
  input: RenderInput,
  participant: Participant,
  v: FlowerVersion,
  security: Security,
): Manifest {
  return deployment(input.spec, 'supernode', 'client', {
    securityContext: { fsGroup: v.uid },
    automountServiceAccountToken: false,
    containers: [
      {
        name: 'supernode',
        image: v.supernodeImage,
        args: supernodeArgs(input, participant, v, security),
        ports: [{ name: 'clientappio', containerPort: v.ports.clientAppIo }],
        readinessProbe: { grpc: { port: HEALTH_PORT }, periodSeconds: 10 },
        resources: {
          requests: { cpu: '100m', memory: '256Mi' },
          limits: { memory: '512Mi' },
        },
        securityContext: containerSecurity(v.uid),
        volumeMounts: [
          ...homeMounts(),
          ...(security.tls ? [readOnlyMount('tls', TLS_DIR)] : []),
          ...(security.auth
            ? [readOnlyMount('supernode-auth', SUPERNODE_AUTH_DIR)]
            : []),
        ],
      },
    ],
    volumes: [
      ...homeVolumes(),
      ...(security.tls ? [secretVolume('tls', 'superlink-ca')] : []),
      ...(security.auth
        ? [secretVolume('supernode-auth', 'supernode-auth')]
        : []),
    ],
  });
}

function clientappDeployment(
  spec: JobSpec,
  participant: Participant,
  v: FlowerVersion,
): Manifest {
  const dataPath = dataMountPath(spec);
  return deployment(spec, 'clientapp', 'client', {
    securityContext: { fsGroup: v.uid },
    automountServiceAccountToken: false,
    containers: [
      {
        name: 'clientapp',
        image: spec.image,
        args: [
          '--insecure',
          `--appio-api-address=supernode:${v.ports.clientAppIo}`,
          '--plugin-type=clientapp',
        ],
        env: [
          ...appEnv(spec),
          { name: 'FL_DATA_DIR', value: dataPath },
          { name: 'FL_CLUSTER', value: participant.cluster },
        ],
        resources: resourcesOf(spec.resources.client),
        securityContext: containerSecurity(v.uid),
        volumeMounts: [
          ...homeMounts(),
          { name: 'data', mountPath: dataPath, readOnly: true },
        ],
      },
    ],
    volumes: [...homeVolumes(), dataVolume(participant)],
  });
}

function clientKeyObjects(
  spec: JobSpec,
  participant: Participant,
  security: Security,
): Manifest[] {
  if (!security.tls) return [];
  return [
    secret('superlink-ca', spec, 'client', { 'ca.crt': security.tls.caPem }),
    ...(security.auth
      ? [
          secret('supernode-auth', spec, 'client', {
            'auth.key': supernodeKeyOf(security, participant.cluster)
              .privateKey,
          }),
        ]
      : []),
  ];
}

export function renderFlowerClient(
  input: RenderInput,
  participant: Participant,
): Manifest {
  const { spec } = input;
  const v = versionOf(spec);
  const security = securityOf(input);
  const manifests: Manifest[] = [
    namespaceManifest(spec, 'client'),
    ...clientKeyObjects(spec, participant, security),
    supernodeDeployment(input, participant, v, security),
    service(spec, 'supernode', 'client', [
      ['clientappio', v.ports.clientAppIo],
    ]),
    clientappDeployment(spec, participant, v),
  ];
  return manifestWork({
    name: `${spec.name}-client`,
    cluster: participant.cluster,
    input,
    role: 'client',
    manifests,
    manifestConfigs: [
      deploymentFeedback(spec, 'supernode'),
      deploymentFeedback(spec, 'clientapp'),
    ],
  });
}
