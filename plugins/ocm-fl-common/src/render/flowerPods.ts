import { FRAMEWORKS } from '../job/frameworks';
import { JobSpec } from '../job/jobSpec';
import { meta } from './jobMetadata';
import { JobPki, Manifest, RenderInput } from './types';

export type FlowerVersion =
  (typeof FRAMEWORKS.flower.versions)[keyof typeof FRAMEWORKS.flower.versions];

export const versionOf = (spec: JobSpec): FlowerVersion =>
  FRAMEWORKS.flower.versions[
    spec.frameworkVersion as keyof typeof FRAMEWORKS.flower.versions
  ];

/** The images run as uid 49999 with HOME /app and need these writable folders. */
const HOME_DIRS = ['/app/.flwr', '/app/.cache', '/app/.config', '/var/tmp'];
export const homeVolumes = () =>
  HOME_DIRS.map((_, i) => ({ name: `home-${i}`, emptyDir: {} }));
export const homeMounts = () =>
  HOME_DIRS.map((path, i) => ({ name: `home-${i}`, mountPath: path }));
export const TLS_DIR = '/tls';
/** Where the submit Job finds the public keys of the SuperNodes it registers. */
export const SUPERNODE_KEYS_DIR = '/supernode-keys';
/** Where a SuperNode finds its own authentication key. */
export const SUPERNODE_AUTH_DIR = '/supernode-auth';
export const HEALTH_PORT = 8081;

/** What the aggregator and its clients share about the job's security. */
export interface Security {
  /** The job's PKI when TLS is on. */
  tls?: JobPki;
  /** SuperNode authentication: on with TLS (Flower requires TLS for it). */
  auth: boolean;
}

export function securityOf(input: RenderInput): Security {
  const tls = input.spec.tls.enabled ? input.pki : undefined;
  return { tls, auth: tls !== undefined };
}

export function deployment(
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

export function service(
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

export const secretVolume = (name: string, secretName: string) => ({
  name,
  secret: { secretName },
});
export const readOnlyMount = (name: string, mountPath: string) => ({
  name,
  mountPath,
  readOnly: true,
});

/** The SuperNode key of each participant; with authentication on, every one must have one. */
export function supernodeKeyOf(security: Security, cluster: string) {
  const key = security.tls?.supernodeKeys?.[cluster];
  if (!key) {
    throw new Error(
      `no SuperNode authentication key for cluster ${cluster}: a Flower job with TLS needs pki.supernodeKeys for every participant`,
    );
  }
  return key;
}
