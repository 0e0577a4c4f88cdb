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
    expect(config.storage).toEqual({
      s3: {
        downloadExpirySeconds: 300,
        region: 'us-east-1',
        forcePathStyle: false,
      },
      locations: [],
    });
  });

  it('reads model storage locations and fills in their defaults', () => {
    const config = read({
      hubs: [
        { name: 'a', url: 'http://127.0.0.1:6443' },
        { name: 'b', url: 'http://127.0.0.1:6444' },
      ],
      storage: {
        locations: [
          {
            name: 'models',
            bucket: 'models',
            prefix: 'federated-learning',
            endpoint: 'http://127.0.0.1:4569',
            forcePathStyle: true,
            credentialsSecret: 'fl-s3-credentials',
          },
          {
            name: 'vision',
            bucket: 'team.vision-models',
            serviceAccountAnnotations: {
              'eks.amazonaws.com/role-arn':
                'arn:aws:iam::123456789012:role/fl-uploader',
            },
            uploaderImage: 'registry.example.com/tools/aws-cli:2.22.35',
            hubs: ['b'],
          },
        ],
      },
    });
    expect(config.storage.locations).toEqual([
      {
        name: 'models',
        bucket: 'models',
        prefix: 'federated-learning',
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:4569',
        forcePathStyle: true,
        credentialsSecret: 'fl-s3-credentials',
        uploaderImage: 'amazon/aws-cli:2.22.35',
      },
      {
        name: 'vision',
        bucket: 'team.vision-models',
        prefix: '',
        region: 'us-east-1',
        forcePathStyle: false,
        serviceAccountAnnotations: {
          'eks.amazonaws.com/role-arn':
            'arn:aws:iam::123456789012:role/fl-uploader',
        },
        uploaderImage: 'registry.example.com/tools/aws-cli:2.22.35',
        hubs: ['b'],
      },
    ]);
  });

  const withLocation = (location: Record<string, unknown>) => ({
    hubs: [{ name: 'a', url: 'http://x' }],
    storage: {
      locations: [{ name: 'models', bucket: 'models', ...location }],
    },
  });
  const LOCATION = 'ocmFl\\.storage\\.locations\\[0\\]';

  it.each([
    [
      { endpoint: "http://host/';touch /tmp/x;'" },
      'endpoint',
      /must be an http/,
    ],
    [{ endpoint: 'http://host:9000/path' }, 'endpoint', /no path/],
    [{ endpoint: 'http://user:pw@host' }, 'endpoint', /no path, query, user/],
    [{ endpoint: 'http://host?x=1' }, 'endpoint', /must be an http/],
    [{ endpoint: 'http://host#x' }, 'endpoint', /must be an http/],
    [{ endpoint: 'ftp://host' }, 'endpoint', /must be an http/],
    [{ endpoint: 'http://host:99999' }, 'endpoint', /at most 65535/],
    [{ bucket: 'Secrets' }, 'bucket', /S3 bucket name/],
    [{ bucket: 'a..b' }, 'bucket', /must not hold/],
    [{ bucket: '192.168.1.1' }, 'bucket', /IP address/],
    [{ prefix: '../secrets/payroll' }, 'prefix', /normalised key prefix/],
    [{ prefix: '/models' }, 'prefix', /normalised key prefix/],
    [{ prefix: 'a//b' }, 'prefix', /normalised key prefix/],
    [{ prefix: 'a/./b' }, 'prefix', /normalised key prefix/],
    [{ prefix: 'models/' }, 'prefix', /normalised key prefix/],
    [{ prefix: '$(id)' }, 'prefix', /normalised key prefix/],
    [{ region: 'eu west' }, 'region', /region name/],
    [
      { credentialsSecret: 'Not_A_Name' },
      'credentialsSecret',
      /Kubernetes name/,
    ],
    [
      { credentialsSecret: 's', serviceAccountAnnotations: { a: 'b' } },
      'credentialsSecret',
      /not both/,
    ],
    [
      { serviceAccountAnnotations: { '$(rm -rf /)': 'x' } },
      'serviceAccountAnnotations.\\$\\(rm -rf /\\)',
      /annotation key/,
    ],
    [
      { serviceAccountAnnotations: { a: 'x'.repeat(256 * 1024) } },
      'serviceAccountAnnotations',
      /256 KiB/,
    ],
    [{ uploaderImage: 'aws cli; sh' }, 'uploaderImage', /image reference/],
    [{ hubs: ['b'] }, 'hubs', /names no configured hub: b; hubs: a/],
    [{ name: 'Models' }, 'name', /DNS-1123 label/],
    [
      { credentials: { accessKeyId: 'x' } },
      '',
      /Unrecognized key: "credentials"/,
    ],
  ])('rejects location %# naming its key', (location, key, message) => {
    expect(() => read(withLocation(location))).toThrow(
      new RegExp(`${LOCATION}${key ? `\\.${key}` : ''}: .*${message.source}`),
    );
  });

  it('rejects two locations of one name', () => {
    expect(() =>
      read({
        hubs: [{ name: 'a', url: 'http://x' }],
        storage: {
          locations: [
            { name: 'models', bucket: 'models' },
            { name: 'models', bucket: 'other' },
          ],
        },
      }),
    ).toThrow(
      /ocmFl\.storage\.locations\[1\]\.name: duplicate location name "models"/,
    );
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
        storage: { s3: { bucket: 'models' } },
      },
      /ocmFl\.storage\.s3: Unrecognized key: "bucket"/,
    ],
  ])('rejects %j naming the key', (ocmFl, message) => {
    expect(() => read(ocmFl)).toThrow(message);
  });
});
