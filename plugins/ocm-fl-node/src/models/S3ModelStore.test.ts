import {
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  startTestS3,
  TEST_S3_CREDENTIALS,
  testStorageLocation,
} from '@ocm-fl/hub-simulator/testing';
import { ModelLocationError } from './jobModelFolder';
import { S3_MODEL_STORE_OPERATIONS, S3ModelStore } from './S3ModelStore';

/** The model store against a real S3 server: it reads and writes only inside its locations. */
describe('S3ModelStore', () => {
  let s3: Awaited<ReturnType<typeof startTestS3>>;
  let client: S3Client;
  let store: S3ModelStore;

  const put = (key: string, body = 'x') =>
    client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body }),
    );
  const keys = async (prefix: string) =>
    (
      (
        await client.send(
          new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }),
        )
      ).Contents ?? []
    ).map(o => o.Key);

  beforeEach(async () => {
    s3 = await startTestS3();
    client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { ...TEST_S3_CREDENTIALS },
    });
    store = new S3ModelStore({
      s3: {
        region: 'us-east-1',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: { ...TEST_S3_CREDENTIALS },
        downloadExpirySeconds: 300,
      },
      locations: [{ ...testStorageLocation(s3, 'runs'), name: 'models' }],
    });
    await put('runs/mnist/checkpoints/round-1/model.bin');
    await put('runs/mnist/model/final.bin');
    await put('runs/mnist/metrics.jsonl', '{"round":1,"metrics":{"loss":1}}\n');
    // Neighbours the store must never see: a job whose name extends mnist's, and a folder
    // outside the location in the same bucket.
    await put('runs/mnist-2/checkpoints/round-9/model.bin');
    await put('secrets/payroll/mnist/checkpoints/round-7/model.bin');
  });
  afterEach(() => s3.close());

  it("reads a job's folder inside its location and nothing next to it", async () => {
    const artifacts = await store.artifacts({
      location: 'models',
      job: 'mnist',
    });
    expect(artifacts).toMatchObject({
      location: `s3://${s3.bucket}/runs/mnist/`,
      latestRound: 1,
      checkpoints: [1],
    });
    expect(artifacts.files).toEqual(['model/final.bin']);
    expect(artifacts.metrics).toEqual([{ round: 1, metrics: { loss: 1 } }]);
  });

  it('sends exactly the S3 operations it declares for the IAM policy', async () => {
    const send = jest.spyOn(S3Client.prototype, 'send');
    try {
      await store.artifacts({ location: 'models', job: 'mnist' });
      await store.writeJobRecord({ location: 'models', job: 'mnist' }, {});
      await store.downloadUrl({ location: 'models', job: 'mnist' }, 'x', 60);
      const sent = send.mock.calls.map(([command]) =>
        command.constructor.name.replace(/Command$/, ''),
      );
      expect([...new Set(sent)].sort()).toEqual(
        [...S3_MODEL_STORE_OPERATIONS].sort(),
      );
    } finally {
      send.mockRestore();
    }
  });

  it('writes job.json into the job folder of its location', async () => {
    await store.writeJobRecord({ location: 'models', job: 'mnist' }, { a: 1 });
    expect(await keys('runs/mnist/job.json')).toEqual(['runs/mnist/job.json']);
  });

  it('signs downloads only inside the job folder', async () => {
    const url = await store.downloadUrl(
      { location: 'models', job: 'mnist' },
      'metrics.jsonl',
      60,
    );
    expect(url).toContain(`/${s3.bucket}/runs/mnist/metrics.jsonl?`);
    expect(await (await fetch(url)).text()).toContain('"round":1');
    await expect(
      store.downloadUrl(
        { location: 'models', job: 'mnist' },
        '../../secrets/payroll/mnist/checkpoints/round-7/model.bin',
        60,
      ),
    ).rejects.toThrow(ModelLocationError);
  });

  it.each([
    [
      { location: 'payroll', job: 'mnist' },
      /storage location "payroll", which is not configured \(ocmFl.storage.locations: models\)/,
    ],
    [{ location: '', job: 'mnist' }, /no configured storage location/],
    [{ location: 'models', job: '../secrets/payroll/mnist' }, /not a job name/],
    [{ location: 'models', job: '' }, /not a job name/],
  ])(
    'refuses the folder %j before reading or writing anything',
    async (ref, message) => {
      await expect(store.artifacts(ref)).rejects.toThrow(message);
      await expect(store.writeJobRecord(ref, {})).rejects.toThrow(
        ModelLocationError,
      );
      await expect(store.downloadUrl(ref, 'metrics.jsonl', 60)).rejects.toThrow(
        ModelLocationError,
      );
      expect(await keys('secrets/')).toEqual([
        'secrets/payroll/mnist/checkpoints/round-7/model.bin',
      ]);
    },
  );

  it('resolves a stored record inside its location', () => {
    expect(store.refOfUri(`s3://${s3.bucket}/runs/mnist/`)).toEqual({
      location: 'models',
      job: 'mnist',
    });
  });

  it.each([
    's3://models/secrets/payroll/mnist/',
    's3://secrets/runs/mnist/',
    's3://models/runs/../secrets/mnist/',
    's3://models/runs/mnist/checkpoints/',
    's3://models/runs/mnist',
    's3://models/runs//',
  ])('refuses a stored record that points outside: %s', outside => {
    expect(() => store.refOfUri(outside)).toThrow(
      /is not a job's folder inside a configured model storage location \(s3:\/\/models\/runs\/<job>\/\)/,
    );
  });
});
