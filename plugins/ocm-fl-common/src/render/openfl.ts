import { stringify as toYaml } from 'yaml';
import { JobSpec } from '../job/jobSpec';
import { appEnv, MODEL_DIR, trainingDeadlineSeconds } from './appContract';
import { containerSecurity, resourcesOf } from './containerSettings';
import {
  configMap,
  exposedService,
  namespaceManifest,
  secret,
} from './coreManifests';
import { meta } from './jobMetadata';
import { manifestWork } from './manifestWork';
import {
  aggregatorServiceAccount,
  modelPvc,
  modelVolume,
  s3CredentialsSecret,
} from './modelStorage';
import { uploaderGracePeriod, uploaderSidecar } from './modelUploader';
import { jobFeedback, serviceAddressFeedback } from './statusFeedback';
import { dataMountPath, dataVolume } from './trainingData';
import { OPENFL_PLAN_MERGE_SCRIPT, PLAN_MERGE_ENV } from './openflPlanMerge';
import { Manifest, Participant, RenderInput } from './types';

/** Where the workspace image keeps its workspace (the app contract, docs/operating/app-images.md). */
export const OPENFL_WORKSPACE = '/workspace';

/** Where the init container reads the ConfigMap and writes the merged plan. */
const PLAN_INPUT_DIR = '/etc/openfl-plan';
const MERGED_PLAN_DIR = '/var/run/openfl-plan';

/** The settings file the plan merge reads, a key of the `openfl-plan` ConfigMap. */
const PLAN_SETTINGS_FILE = 'plan-settings.json';

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

/** JSON with map keys sorted, so that the file reads the same for the same settings. */
function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (!isObject(v)) return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map(k => [k, sort(v[k])]),
    );
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/**
 * OpenFL waits for every collaborator in cols.yaml: a round ends when all have reported
 * (the default straggler policy, CutoffTimeBasedStragglerHandling without a cutoff), and the
 * aggregator exits only once each of them was told to quit (openfl 1.6
 * component/aggregator/aggregator.py, all_quit_jobs_sent). A job that expects to go on with
 * fewer than its participants cannot be run, so the list is the participants and there must
 * be exactly minClients of them. (No participants at all: the launcher's draft of the
 * aggregator, rendered only for its Service before the clients' certificates exist.)
 */
function collaboratorsOf(
  input: Pick<RenderInput, 'spec' | 'participants'>,
): string[] {
  const { spec, participants } = input;
  if (participants.length > 0 && participants.length !== spec.minClients)
    throw new Error(
      `minClients: OpenFL trains with every collaborator it lists and waits for all of them; ${participants.length} client clusters were chosen but minClients is ${spec.minClients}`,
    );
  return participants.map(p => p.cluster).sort();
}

/**
 * The launcher's plan settings, the collaborator list and the data file that every party
 * shares. The settings are merged over the workspace image's own plan by each party's init
 * container (openflPlanMerge.ts). The aggregator address and port are explicit (their
 * default "auto" derives a random port); the address is lower-case, as OpenFL lower-cases it
 * for the aggregator's certificate file (plan.py, get_server).
 */
export function openflPlanFiles(
  input: Pick<RenderInput, 'spec' | 'participants' | 'aggregatorAddress'>,
) {
  const { spec, aggregatorAddress } = input;
  const collaborators = collaboratorsOf(input);
  const ours = {
    aggregator: {
      settings: {
        rounds_to_train: spec.rounds,
        // Where the uploader (S3) or the model PVC keeps them.
        best_state_path: `${MODEL_DIR}/best.pbuf`,
        last_state_path: `${MODEL_DIR}/last.pbuf`,
        write_logs: true,
      },
    },
    network: {
      settings: {
        agg_addr: aggregatorAddress.host.toLowerCase(),
        agg_port: aggregatorAddress.port,
        tls: spec.tls.enabled,
        disable_client_auth: !spec.tls.enabled,
      },
    },
  };
  // User overrides may tune the plan, but never the parts that keep the federation consistent.
  const settings = deepMerge(spec.planOverrides, ours);
  return {
    [PLAN_SETTINGS_FILE]: sortedJson(settings),
    'cols.yaml': toYaml({ collaborators }),
    'data.yaml': `${collaborators
      .map(c => `${c},${dataMountPath(spec)}`)
      .join('\n')}\n`,
  };
}

function planConfigMap(input: RenderInput, role: 'aggregator' | 'client') {
  return configMap('openfl-plan', input.spec, role, openflPlanFiles(input));
}

/**
 * The init container that writes the merged plan: the same image as the party, so that the
 * plan it reads is the one the party's code was built with.
 */
function planMergeContainer(spec: JobSpec) {
  return {
    name: 'plan',
    image: spec.image,
    workingDir: OPENFL_WORKSPACE,
    command: ['python3', '-c', OPENFL_PLAN_MERGE_SCRIPT],
    env: [
      {
        name: PLAN_MERGE_ENV.imagePlan,
        value: `${OPENFL_WORKSPACE}/plan/plan.yaml`,
      },
      {
        name: PLAN_MERGE_ENV.settings,
        value: `${PLAN_INPUT_DIR}/${PLAN_SETTINGS_FILE}`,
      },
      {
        name: PLAN_MERGE_ENV.mergedPlan,
        value: `${MERGED_PLAN_DIR}/plan.yaml`,
      },
    ],
    // Its complaint about the image's plan shows in the pod's status.
    terminationMessagePolicy: 'FallbackToLogsOnError',
    resources: {
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { memory: '256Mi' },
    },
    securityContext: containerSecurity(1000),
    volumeMounts: [
      { name: 'plan-input', mountPath: PLAN_INPUT_DIR, readOnly: true },
      { name: 'plan', mountPath: MERGED_PLAN_DIR },
    ],
  };
}

const planVolumes = [
  { name: 'plan-input', configMap: { name: 'openfl-plan' } },
  { name: 'plan', emptyDir: {} },
];

/** The merged plan and the shared files, where `fx` reads them (its default paths). */
const planMounts = (shared: 'cols.yaml' | 'data.yaml') => [
  {
    name: 'plan',
    mountPath: `${OPENFL_WORKSPACE}/plan/plan.yaml`,
    subPath: 'plan.yaml',
    readOnly: true,
  },
  {
    name: 'plan-input',
    mountPath: `${OPENFL_WORKSPACE}/plan/${shared}`,
    subPath: shared,
    readOnly: true,
  },
];

/** The CA chain and this party's certificate folder, where OpenFL reads them (plan.py). */
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
      activeDeadlineSeconds: trainingDeadlineSeconds(spec),
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
  // OpenFL names the server's files after the lower-cased agg_addr (plan.py, get_server).
  const commonName = aggregatorAddress.host.toLowerCase();
  const certFiles: Record<string, string> = tls
    ? {
        'cert_chain.crt': pki!.caPem,
        [`agg_${commonName}.crt`]: pki!.aggregator.certPem,
        [`agg_${commonName}.key`]: pki!.aggregator.keyPem,
      }
    : {};
  const aggregator = job(
    spec,
    'aggregator',
    'aggregator',
    {
      serviceAccountName: 'aggregator',
      securityContext: { fsGroup: 1000 },
      initContainers: [planMergeContainer(spec), ...uploaderSidecar(input)],
      ...uploaderGracePeriod(input),
      containers: [
        {
          name: 'aggregator',
          image: spec.image,
          workingDir: OPENFL_WORKSPACE,
          command: [
            'fx',
            'aggregator',
            'start',
            '--plan',
            'plan/plan.yaml',
            '--authorized_cols',
            'plan/cols.yaml',
          ],
          env: appEnv(spec),
          ports: [
            { name: 'aggregator', containerPort: aggregatorAddress.port },
          ],
          resources: resourcesOf(spec.resources.aggregator),
          securityContext: containerSecurity(1000),
          volumeMounts: [
            ...planMounts('cols.yaml'),
            { name: 'models', mountPath: MODEL_DIR },
            ...(tls ? certMounts('server') : []),
            { name: 'logs', mountPath: `${OPENFL_WORKSPACE}/logs` },
          ],
        },
      ],
      volumes: [
        ...planVolumes,
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
    initContainers: [planMergeContainer(spec)],
    containers: [
      {
        name: 'collaborator',
        image: spec.image,
        workingDir: OPENFL_WORKSPACE,
        command: [
          'fx',
          'collaborator',
          'start',
          '--plan',
          'plan/plan.yaml',
          '--data_config',
          'plan/data.yaml',
          '--collaborator_name',
          cluster,
        ],
        env: [
          ...appEnv(spec),
          { name: 'FL_DATA_DIR', value: dataPath },
          { name: 'FL_CLUSTER', value: cluster },
        ],
        resources: resourcesOf(spec.resources.client),
        securityContext: containerSecurity(1000),
        volumeMounts: [
          ...planMounts('data.yaml'),
          { name: 'data', mountPath: dataPath, readOnly: true },
          ...(tls ? certMounts('client') : []),
          { name: 'logs', mountPath: `${OPENFL_WORKSPACE}/logs` },
        ],
      },
    ],
    volumes: [
      ...planVolumes,
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
