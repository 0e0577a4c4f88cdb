import { JobSpec } from '../job/jobSpec';
import { appEnv } from './appContract';
import { containerSecurity, resourcesOf } from './containerSettings';
import { namespaceManifest, secret } from './coreManifests';
import {
  deployment,
  FlowerVersion,
  HEALTH_PORT,
  homeMounts,
  homeVolumes,
  readOnlyMount,
  secretVolume,
  Security,
  securityOf,
  service,
  SUPERNODE_AUTH_DIR,
  supernodeKeyOf,
  TLS_DIR,
  versionOf,
} from './flowerPods';
import { manifestWork } from './manifestWork';
import { deploymentFeedback } from './statusFeedback';
import { dataMountPath, dataVolume } from './trainingData';
import { Manifest, Participant, RenderInput } from './types';

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
