import { JobSpecInput, parseJobSpec } from '../job/jobSpec';
import { JobPki, RenderInput } from '../render/types';
import { ModelStorageLocation } from '../storage/modelStorageLocation';

const fakePem = (label: string, what: string) =>
  `-----BEGIN ${label}-----\n${Buffer.from(what).toString(
    'base64',
  )}\n-----END ${label}-----\n`;
/** A job PKI of placeholder PEMs: enough for rendering, not for TLS. */
export const TEST_PKI: JobPki = {
  caPem: fakePem('CERTIFICATE', 'ca'),
  aggregator: {
    certPem: fakePem('CERTIFICATE', 'agg'),
    keyPem: fakePem('PRIVATE KEY', 'agg-key'),
  },
  clients: {
    'hospital-paris': {
      certPem: fakePem('CERTIFICATE', 'paris'),
      keyPem: fakePem('PRIVATE KEY', 'paris-key'),
    },
    'hospital-madrid': {
      certPem: fakePem('CERTIFICATE', 'madrid'),
      keyPem: fakePem('PRIVATE KEY', 'madrid-key'),
    },
  },
  supernodeKeys: {
    'hospital-paris': {
      publicKey: 'ecdsa-sha2-nistp256 cGFyaXMtcHVi hospital-paris',
      privateKey: fakePem('OPENSSH PRIVATE KEY', 'paris-ssh'),
    },
    'hospital-madrid': {
      publicKey: 'ecdsa-sha2-nistp256 bWFkcmlkLXB1Yg== hospital-madrid',
      privateKey: fakePem('OPENSSH PRIVATE KEY', 'madrid-ssh'),
    },
  },
};
/** The secret access key in the S3 credentials of testRenderInput. */
export const TEST_S3_SECRET_VALUE = Buffer.from(
  'super-secret-access-key',
).toString('base64');

/** A location as the platform team configures it (`ocmFl.storage.locations`). */
export const TEST_MODELS_LOCATION: ModelStorageLocation = {
  name: 'models',
  bucket: 'models',
  prefix: 'federated-learning',
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:4569',
  forcePathStyle: true,
  credentialsSecret: 'fl-s3',
  uploaderImage: 'amazon/aws-cli:2.22.35',
};

/**
 * What the launcher gives the renderer for a two-client job on S3 with TLS; `over` changes the
 * spec, `extra` the rest.
 */
export function testRenderInput(
  over: Partial<JobSpecInput> = {},
  extra: Partial<RenderInput> = {},
): RenderInput {
  const parsed = parseJobSpec({
    name: 'mnist',
    framework: 'flower',
    image: 'quay.io/example/mnist-app:1.0',
    rounds: 5,
    clients: { placement: { clusterSets: ['hospitals'], numberOfClusters: 2 } },
    data: { type: 'clusterClaim', claim: 'data.fl.open-cluster-management.io' },
    aggregator: { cluster: 'hospital-berlin' },
    storage: { type: 's3', location: 'models' },
    ...over,
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  return {
    spec: parsed.spec,
    namespace: 'federated-learning',
    participants: [
      { cluster: 'hospital-paris', data: { hostPath: '/data/radiology' } },
      { cluster: 'hospital-madrid', data: { claimName: 'radiology' } },
    ],
    aggregatorAddress: { host: '198.51.100.7', port: 9092 },
    pki: TEST_PKI,
    storageLocation: TEST_MODELS_LOCATION,
    s3CredentialsData: {
      AWS_ACCESS_KEY_ID: Buffer.from('AKIA').toString('base64'),
      AWS_SECRET_ACCESS_KEY: TEST_S3_SECRET_VALUE,
    },
    createdBy: 'user:default/alice',
    ...extra,
  };
}

/** Each framework with each kind of model storage. */
export const FRAMEWORKS_AND_STORAGES = [
  ['flower', 's3'],
  ['flower', 'pvc'],
  ['openfl', 's3'],
  ['openfl', 'pvc'],
] as const;

/** `testRenderInput` for one framework, keeping the model in S3 or on a PVC. */
export function testRenderInputFor(
  framework: 'flower' | 'openfl',
  storage: 's3' | 'pvc',
): RenderInput {
  return testRenderInput({
    framework,
    storage:
      storage === 's3'
        ? { type: 's3', location: 'models' }
        : { type: 'pvc', size: '20Gi', storageClassName: 'standard' },
  });
}
