import { ConfigReader } from '@backstage/config';
import { readOcmFlConfig } from './ocmFlConfig';

const read = (ocmFl: unknown) =>
  readOcmFlConfig(new ConfigReader({ ocmFl } as any));

describe('readOcmFlConfig', () => {
  it('reads a hub and fills in the defaults', () => {
    const config = read({
      hubs: [
        {
          name: 'default',
          url: 'https://hub.example:6443',
          serviceAccountToken: 't',
        },
      ],
    });
    expect(config.namespace).toBe('federated-learning');
    expect(config.hubs).toEqual([
      {
        name: 'default',
        url: 'https://hub.example:6443',
        serviceAccountToken: 't',
      },
    ]);
    expect(config.storage).toEqual({});
  });

  it('fills in the S3 defaults', () => {
    const config = read({
      hubs: [{ name: 'a', url: 'http://127.0.0.1:6443' }],
      storage: { s3: { bucket: 'models' } },
    });
    expect(config.storage.s3).toEqual({
      bucket: 'models',
      downloadExpirySeconds: 300,
      region: 'us-east-1',
      forcePathStyle: false,
    });
  });

  it.each([
    [{}, /ocmFl\.hubs: /],
    [{ hubs: [] }, /ocmFl\.hubs: must name at least one hub/],
    [
      { hubs: [{ name: 'a', url: 'ftp://x' }] },
      /ocmFl\.hubs\[0\]\.url: must be an http/,
    ],
    [
      { hubs: [{ name: 'A_b', url: 'http://x' }] },
      /ocmFl\.hubs\[0\]\.name: must be a DNS-1123 label/,
    ],
    [
      {
        hubs: [
          { name: 'a', url: 'http://x' },
          { name: 'a', url: 'http://y' },
        ],
      },
      /ocmFl\.hubs\[1\]\.name: duplicate hub name "a"/,
    ],
    [
      { hubs: [{ name: 'a', url: 'http://x', token: 't' }] },
      /ocmFl\.hubs\[0\]: Unrecognized key: "token"/,
    ],
    [
      { hubs: [{ name: 'a', url: 'http://x' }], namespace: 'Jobs' },
      /ocmFl\.namespace: /,
    ],
    [
      {
        hubs: [{ name: 'a', url: 'http://x' }],
        storage: { s3: { region: 'eu' } },
      },
      /ocmFl\.storage\.s3\.bucket: /,
    ],
  ])('rejects %j naming the key', (ocmFl, message) => {
    expect(() => read(ocmFl)).toThrow(message);
  });
});
