import { stringify as toYaml } from 'yaml';
import { JobSpec } from '../job/jobSpec';
import {
  aggregatorServiceAccount,
  appEnv,
  configMap,
  containerSecurity,
  dataMountPath,
  dataVolume,
  exposedService,
  jobFeedback,
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
  uploaderGracePeriod,
  uploaderSidecar,
} from './common';
import { Manifest, Participant, RenderInput } from './types';

/** Where the workspace image (`fx workspace dockerize`) keeps its workspace. */
export const OPENFL_WORKSPACE = '/workspace';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function deepMerge(
  base: Record<string, unknown>,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    out[key] =
      isObject(value) && isObject(out[key])
        ? deepMerge(out[key] as Record<string, unknown>, value)
        : value;
  }
  return out;
}

/**
 * The plan, collaborator list and data file that every party shares. The federation UUID
 * is a hash of the plan, so aggregator and collaborators must read byte-identical files:
 * they come from this one function. The aggregator address and port are explicit (their
 * default "auto" derives a random port).
 */
export function openflPlanFiles(
  input: Pick<RenderInput, 'spec' | 'participants' | 'aggregatorAddress'>,
) {
  const { spec, participants, aggregatorAddress } = input;
  const ours = {
    aggregator: {
      settings: {
        rounds_to_train: spec.rounds,
        best_state_path: `${MODEL_DIR}/best.pbuf`,
        last_state_path: `${MODEL_DIR}/last.pbuf`,
        write_logs: true,
      },
    },
    network: {
      settings: {
        agg_addr: aggregatorAddress.host,
        agg_port: aggregatorAddress.port,
        use_tls: spec.tls.enabled,
        require_client_auth: spec.tls.enabled,
        cert_folder: 'cert',
      },
    },
  };
  // User overrides may tune the plan, but never the parts that keep the federation consistent.
  const plan = deepMerge(spec.planOverrides, ours);
  const collaborators = participants.map(p => p.cluster).sort();
  return {
    'plan.yaml': toYaml(plan, { sortMapEntries: true }),
    'cols.yaml': toYaml({ collaborators }),
    'data.yaml': `${collaborators
      .map(c => `${c},${dataMountPath(spec)}`)
      .join('\n')}\n`,
  };
}

function planConfigMap(input: RenderInput, role: 'aggregator' | 'client') {
  return configMap('openfl-plan', input.spec, role, openflPlanFiles(input));
}

const planMounts = ['plan.yaml', 'cols.yaml', 'data.yaml'].map(file => ({
  name: 'plan',
  mountPath: `${OPENFL_WORKSPACE}/plan/${file}`,
  subPath: file,
  readOnly: true,
}));

/** The CA chain and this party's certificate folder, where the workspace expects them. */
const certMounts = (folder: 'server' | 'client') => [
  {
    name: 'certs',
    mountPath: `${OPENFL_WORKSPACE}/cert/cert_chain.crt`,
    subPath: 'cert_chain.crt',
    readOnly: true,
  },
  {
    name: 'certs',
    mountPath: `${OPENFL_WORKSPACE}/cert/${folder}`,
    readOnly: true,
  },
];

function job(
  spec: JobSpec,
  name: string,
  role: 'aggregator' | 'client',
  pod: Record<string, unknown>,
  annotations?: Record<string, string>,
): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(name, spec, role, annotations ? { annotations } : {}),
    spec: {
      backoffLimit: 2,
      template: {
        metadata: {
          labels: {
            ...meta(name, spec, role).labels,
            'app.kubernetes.io/name': name,
            'app.kubernetes.io/instance': spec.name,
          },
        },
        spec: { restartPolicy: 'OnFailure', ...pod },
      },
    },
  };
}

export function renderOpenflAggregator(input: RenderInput): Manifest {
  const { spec, pki, aggregatorAddress } = input;
  const tls = spec.tls.enabled && pki;
  const certFiles: Record<string, string> = tls
    ? {
        'cert_chain.crt': pki!.caPem,
        [`agg_${aggregatorAddress.host}.crt`]: pki!.aggregator.certPem,
        [`agg_${aggregatorAddress.host}.key`]: pki!.aggregator.keyPem,
      }
    : {};
  const aggregator = job(
    spec,
    'aggregator',
    'aggregator',
    {
      serviceAccountName: 'aggregator',
      securityContext: { fsGroup: 1000 },
      initContainers: uploaderSidecar(input),
      ...uploaderGracePeriod(input),
      containers: [
        {
          name: 'aggregator',
          image: spec.image,
          workingDir: OPENFL_WORKSPACE,
          command: ['fx', 'aggregator', 'start'],
          env: appEnv(spec),
          ports: [
            { name: 'aggregator', containerPort: aggregatorAddress.port },
          ],
          resources: resourcesOf(spec.resources.aggregator),
          securityContext: containerSecurity(1000),
          volumeMounts: [
            ...planMounts,
            { name: 'models', mountPath: MODEL_DIR },
            ...(tls ? certMounts('server') : []),
            { name: 'logs', mountPath: `${OPENFL_WORKSPACE}/logs` },
          ],
        },
      ],
      volumes: [
        { name: 'plan', configMap: { name: 'openfl-plan' } },
        modelVolume(input),
        { name: 'logs', emptyDir: {} },
        { name: 'tmp', emptyDir: {} },
        ...(tls
          ? [
              {
                name: 'certs',
                secret: { secretName: 'openfl-aggregator-cert' },
              },
            ]
          : []),
      ],
    },
    {
      'federated-learning.open-cluster-management.io/spec':
        JSON.stringify(spec),
    },
  );
  const manifests: Manifest[] = [
    namespaceManifest(spec, 'aggregator'),
    aggregatorServiceAccount(input),
    ...(tls
      ? [secret('openfl-aggregator-cert', spec, 'aggregator', certFiles)]
      : []),
    ...s3CredentialsSecret(input),
    ...modelPvc(input),
    planConfigMap(input, 'aggregator'),
    exposedService(
      spec,
      'aggregator',
      {
        'app.kubernetes.io/name': 'aggregator',
        'app.kubernetes.io/instance': spec.name,
      },
      aggregatorAddress.port,
      'aggregator',
    ),
    aggregator,
  ];
  return manifestWork({
    name: `${spec.name}-aggregator`,
    cluster: spec.aggregator.cluster,
    input,
    role: 'aggregator',
    manifests,
    manifestConfigs: [
      serviceAddressFeedback(spec, 'aggregator'),
      jobFeedback(spec, 'aggregator'),
    ],
  });
}

export function renderOpenflClient(
  input: RenderInput,
  participant: Participant,
): Manifest {
  const { spec, pki } = input;
  const tls = spec.tls.enabled && pki;
  const cluster = participant.cluster;
  const own = tls ? pki!.clients[cluster] : undefined;
  if (tls && !own)
    throw new Error(`no client certificate for cluster ${cluster}`);
  const dataPath = dataMountPath(spec);
  const collaborator = job(spec, 'collaborator', 'client', {
    automountServiceAccountToken: false,
    securityContext: { fsGroup: 1000 },
    containers: [
      {
        name: 'collaborator',
        image: spec.image,
        workingDir: OPENFL_WORKSPACE,
        command: ['fx', 'collaborator', 'start', '-n', cluster],
        env: [
          ...appEnv(spec),
          { name: 'FL_DATA_DIR', value: dataPath },
          { name: 'FL_CLUSTER', value: cluster },
        ],
        resources: resourcesOf(spec.resources.client),
        securityContext: containerSecurity(1000),
        volumeMounts: [
          ...planMounts,
          { name: 'data', mountPath: dataPath, readOnly: true },
          ...(tls ? certMounts('client') : []),
          { name: 'logs', mountPath: `${OPENFL_WORKSPACE}/logs` },
        ],
      },
    ],
    volumes: [
      { name: 'plan', configMap: { name: 'openfl-plan' } },
      dataVolume(participant),
      { name: 'logs', emptyDir: {} },
      ...(tls
        ? [
            {
              name: 'certs',
              secret: { secretName: 'openfl-collaborator-cert' },
            },
          ]
        : []),
    ],
  });
  const manifests: Manifest[] = [
    namespaceManifest(spec, 'client'),
    ...(tls
      ? [
          secret('openfl-collaborator-cert', spec, 'client', {
            'cert_chain.crt': pki!.caPem,
            [`col_${cluster}.crt`]: own!.certPem,
            [`col_${cluster}.key`]: own!.keyPem,
          }),
        ]
      : []),
    planConfigMap(input, 'client'),
    collaborator,
  ];
  return manifestWork({
    name: `${spec.name}-client`,
    cluster,
    input,
    role: 'client',
    manifests,
    manifestConfigs: [jobFeedback(spec, 'collaborator')],
  });
}
