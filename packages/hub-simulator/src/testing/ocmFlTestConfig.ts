import { HubSimulator } from '../startHubSimulator';
import { TEST_TOKEN } from './startTestHub';
import { TEST_S3_CREDENTIALS, testStorageLocation } from './startTestS3';

/**
 * The `ocmFl` configuration section of a backend that uses this simulator as its hub `sim`
 * and, when given, this S3 server for models: the backend's S3 client and one model storage
 * location (`testStorageLocation`, under `prefix`), plus any other keys.
 */
export function ocmFlTestConfig(
  sim: Pick<HubSimulator, 'url' | 'caPem'>,
  options: {
    s3?: { endpoint: string; bucket: string; prefix?: string };
    /** More keys of `storage.s3`. */
    s3Settings?: Record<string, unknown>;
    [key: string]: unknown;
  } = {},
) {
  const { s3, s3Settings, ...rest } = options;
  return {
    hubs: [
      {
        name: 'sim',
        url: sim.url,
        serviceAccountToken: TEST_TOKEN,
        caData: Buffer.from(sim.caPem!).toString('base64'),
      },
    ],
    ...(s3 && {
      storage: {
        s3: {
          endpoint: s3.endpoint,
          forcePathStyle: true,
          credentials: { ...TEST_S3_CREDENTIALS },
          ...s3Settings,
        },
        locations: [testStorageLocation(s3, s3.prefix)],
      },
    }),
    ...rest,
  };
}
