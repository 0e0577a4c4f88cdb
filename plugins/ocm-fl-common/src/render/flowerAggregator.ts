import { JobSpec } from '../job/jobSpec';
import { appEnv, MODEL_DIR } from './appContract';
import { containerSecurity, resourcesOf } from './containerSettings';
import {
  configMap,
  exposedService,
  namespaceManifest,
  secret,
} from './coreManifests';
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
  supernodeKeyOf,
  TLS_DIR,
  versionOf,
} from './flowerPods';
import { submitJob, superlinkConnection } from './flowerSubmitJob';
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
import { Manifest, RenderInput } from './types';

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
