import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ModelStorageLocation } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import S3rver from 's3rver';

/** s3rver's fixed credentials. */
export const TEST_S3_CREDENTIALS = {
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
};

/** A real S3-compatible server (s3rver) on a free port with one bucket, in a temp folder. */
export async function startTestS3(bucket = 'models') {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ocm-fl-test-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    close: async () => {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * The hub Secret a platform team prepares for model uploads (a location's `credentialsSecret`),
 * holding s3rver's credentials, in the jobs' namespace.
 */
export async function createHubS3Secret(
  kubeConfig: KubeConfig,
  name = 'fl-s3',
  namespace = 'federated-learning',
) {
  await kubeConfig.makeApiClient(CoreV1Api).createNamespacedSecret({
    namespace,
    body: {
      metadata: { name },
      stringData: {
        AWS_ACCESS_KEY_ID: TEST_S3_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_S3_CREDENTIALS.secretAccessKey,
      },
    },
  });
}

/** The name of the location that `testStorageLocation` configures. */
export const TEST_STORAGE_LOCATION = 'test-s3';

/**
 * A model storage location in this test S3 server, as a platform team configures it
 * (`ocmFl.storage.locations`), with the credentials Secret that `createHubS3Secret` makes.
 */
export function testStorageLocation(
  s3: { endpoint: string; bucket: string },
  prefix = 'federated-learning',
) {
  return {
    name: TEST_STORAGE_LOCATION,
    bucket: s3.bucket,
    prefix,
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentialsSecret: 'fl-s3',
    uploaderImage: 'amazon/aws-cli:2.22.35',
  } satisfies ModelStorageLocation;
}

/** The `storage` section of a job spec that keeps the model in `testStorageLocation`. */
export function testJobStorage() {
  return { type: 's3' as const, location: TEST_STORAGE_LOCATION };
}
