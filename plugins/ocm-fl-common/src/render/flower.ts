import { FRAMEWORKS } from '../job/frameworks';
import { JobSpec } from '../job/jobSpec';
import {
  aggregatorServiceAccount,
  appEnv,
  configMap,
  containerSecurity,
  dataMountPath,
  dataVolume,
  deploymentFeedback,
  exposedService,
  jobFeedback,
  jobNamespace,
  manifestWork,
  meta,
  MODEL_DIR,
  modelPvc,
  modelVolume,
  namespaceManifest,
  resourcesOf,
  s3CredentialsSecret,
  secret,
  serviceAddressFeedback,
  uploaderSidecar,
} from './common';
import { Manifest, Participant, RenderInput } from './types';

const versionOf = (spec: JobSpec) =>
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

/** `--run-config "k=v ..."` with TOML values, rounds always included. */
export function flowerRunConfig(spec: JobSpec): string {
  const values: Record<string, string | number | boolean> = {
    'num-server-rounds': spec.rounds,
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

export function renderFlowerAggregator(input: RenderInput): Manifest {
  const { spec, pki } = input;
  const v = versionOf(spec);
  const tls = spec.tls.enabled && pki;
  const appLabels = { 'app.kubernetes.io/part-of': spec.name };
  const superlink = deployment(spec, 'superlink', 'aggregator', {
    securityContext: { fsGroup: v.uid },
    automountServiceAccountToken: false,
    containers: [
      {
        name: 'superlink',
        image: v.superlinkImage,
        args: [
          '--isolation=process',
          ...(tls
            ? [
                `--ssl-ca-certfile=${TLS_DIR}/ca.crt`,
                `--ssl-certfile=${TLS_DIR}/tls.crt`,
                `--ssl-keyfile=${TLS_DIR}/tls.key`,
              ]
            : ['--insecure']),
          `--serverappio-api-address=0.0.0.0:${v.ports.serverAppIo}`,
          `--fleet-api-address=0.0.0.0:${v.ports.fleet}`,
          `--control-api-address=0.0.0.0:${v.ports.control}`,
          '--database=/app/.flwr/state.db',
          '--health-server-address=0.0.0.0:8081',
        ],
        ports: [
          { name: 'serverappio', containerPort: v.ports.serverAppIo },
          { name: 'fleet', containerPort: v.ports.fleet },
          { name: 'control', containerPort: v.ports.control },
        ],
        readinessProbe: { grpc: { port: 8081 }, periodSeconds: 10 },
        resources: resourcesOf(spec.resources.aggregator),
        securityContext: containerSecurity(v.uid),
        volumeMounts: [
          ...homeMounts(),
          ...(tls ? [{ name: 'tls', mountPath: TLS_DIR, readOnly: true }] : []),
        ],
      },
    ],
    volumes: [
      ...homeVolumes(),
      ...(tls
        ? [{ name: 'tls', secret: { secretName: 'superlink-tls' } }]
        : []),
    ],
  });
  const serverapp = deployment(spec, 'serverapp', 'aggregator', {
    securityContext: { fsGroup: v.uid },
    serviceAccountName: 'aggregator',
    initContainers: uploaderSidecar(input),
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
      modelVolume(spec),
      { name: 'tmp', emptyDir: {} },
    ],
  });
  // `flwr run` against the Control API, then waits for the run to finish and exits non-zero
  // unless it finished completed: that gives the job a terminal state. The script is
  // constant; the run config reaches it as an environment variable, never as shell text.
  const submitScript = [
    'set -eu',
    `run_id=$(flwr run /app cluster --run-config "$FL_RUN_CONFIG" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["run-id"])')`,
    'echo "run $run_id submitted"',
    'while true; do',
    '  status=$(flwr list cluster --run-id "$run_id" --format json | python3 -c \'import json,sys; d=json.load(sys.stdin); print(d["runs"][0]["status"])\')',
    '  case "$status" in',
    '    finished:completed) echo "run $run_id completed"; exit 0 ;;',
    '    finished:*) echo "run $run_id ended: $status" >&2; exit 1 ;;',
    '  esac',
    '  sleep 10',
    'done',
  ].join('\n');
  const submit: Manifest = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('submit', spec, 'aggregator', {
      annotations: {
        'federated-learning.open-cluster-management.io/spec':
          JSON.stringify(spec),
      },
    }),
    spec: {
      backoffLimit: 0,
      template: {
        metadata: {
          labels: {
            ...appLabels,
            ...meta('submit', spec, 'aggregator').labels,
          },
        },
        spec: {
          restartPolicy: 'Never',
          securityContext: { fsGroup: v.uid },
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'submit',
              image: spec.image,
              command: ['/bin/sh', '-c', submitScript],
              env: [
                { name: 'FLWR_HOME', value: '/app/.flwr' },
                { name: 'FL_RUN_CONFIG', value: flowerRunConfig(spec) },
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
                ...(tls
                  ? [{ name: 'tls', mountPath: TLS_DIR, readOnly: true }]
                  : []),
              ],
            },
          ],
          volumes: [
            ...homeVolumes(),
            { name: 'flwr-config', configMap: { name: 'flwr-config' } },
            ...(tls
              ? [{ name: 'tls', secret: { secretName: 'superlink-ca' } }]
              : []),
          ],
        },
      },
    },
  };
  const connection = tls
    ? `[superlink.cluster]\naddress = "superlink:${v.ports.control}"\nroot-certificates = "${TLS_DIR}/ca.crt"\n`
    : `[superlink.cluster]\naddress = "superlink:${v.ports.control}"\ninsecure = true\n`;
  // ServerAppIo has no TLS in 1.26: only pods of this job's namespace may reach it.
  const networkPolicy: Manifest = {
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
            { port: 8081, protocol: 'TCP' },
          ],
        },
      ],
    },
  };
  const manifests: Manifest[] = [
    namespaceManifest(spec, 'aggregator'),
    aggregatorServiceAccount(input),
    ...(tls
      ? [
          secret('superlink-tls', spec, 'aggregator', {
            'ca.crt': pki!.caPem,
            'tls.crt': pki!.aggregator.certPem,
            'tls.key': pki!.aggregator.keyPem,
          }),
          secret('superlink-ca', spec, 'aggregator', { 'ca.crt': pki!.caPem }),
        ]
      : []),
    ...s3CredentialsSecret(input),
    ...modelPvc(spec),
    configMap('flwr-config', spec, 'aggregator', { 'config.toml': connection }),
    superlink,
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
    networkPolicy,
    serverapp,
    submit,
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

export function renderFlowerClient(
  input: RenderInput,
  participant: Participant,
): Manifest {
  const { spec, pki, aggregatorAddress } = input;
  const v = versionOf(spec);
  const tls = spec.tls.enabled && pki;
  const dataPath = dataMountPath(spec);
  const supernode = deployment(spec, 'supernode', 'client', {
    securityContext: { fsGroup: v.uid },
    automountServiceAccountToken: false,
    containers: [
      {
        name: 'supernode',
        image: v.supernodeImage,
        args: [
          `--superlink=${aggregatorAddress.host}:${aggregatorAddress.port}`,
          ...(tls ? [`--root-certificates=${TLS_DIR}/ca.crt`] : ['--insecure']),
          '--isolation=process',
          `--clientappio-api-address=0.0.0.0:${v.ports.clientAppIo}`,
          `--node-config=cluster-name="${participant.cluster}" data-path="${dataPath}"`,
          '--max-retries=0',
          '--health-server-address=0.0.0.0:8081',
        ],
        ports: [{ name: 'clientappio', containerPort: v.ports.clientAppIo }],
        readinessProbe: { grpc: { port: 8081 }, periodSeconds: 10 },
        resources: {
          requests: { cpu: '100m', memory: '256Mi' },
          limits: { memory: '512Mi' },
        },
        securityContext: containerSecurity(v.uid),
        volumeMounts: [
          ...homeMounts(),
          ...(tls ? [{ name: 'tls', mountPath: TLS_DIR, readOnly: true }] : []),
        ],
      },
    ],
    volumes: [
      ...homeVolumes(),
      ...(tls ? [{ name: 'tls', secret: { secretName: 'superlink-ca' } }] : []),
    ],
  });
  const clientapp = deployment(spec, 'clientapp', 'client', {
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
  const manifests: Manifest[] = [
    namespaceManifest(spec, 'client'),
    ...(tls
      ? [secret('superlink-ca', spec, 'client', { 'ca.crt': pki!.caPem })]
      : []),
    supernode,
    service(spec, 'supernode', 'client', [
      ['clientappio', v.ports.clientAppIo],
    ]),
    clientapp,
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
