import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  TEST_S3_CREDENTIALS,
  TEST_TOKEN,
  createHubS3Secret,
  eventually,
  startTestHub,
  startTestS3,
  testJobStorage,
  testStorageLocation,
  testJobSpec,
} from '@ocm-fl/hub-simulator/testing';
import request from 'supertest';
import {
  startOcmFlTestBackend,
  testLauncher,
} from './__testUtils__/testBackend';

/** A root logger that keeps every line, with its metadata, for scanning. */
function recordingLogger(lines: string[]) {
  const make = (meta: object): RootLoggerService => {
    const log = (level: string) => (message: string, extra?: Error | object) =>
      lines.push(
        JSON.stringify({ level, message, meta, extra: String(extra ?? '') }),
      );
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: (more: object): LoggerService => make({ ...meta, ...more }),
    };
  };
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => make({}),
  });
}

/**
 * Neither the answers of any route nor the logs carry the hub token, S3 credentials or the
 * jobs' private keys, also when things fail (S3 down, bad input, missing objects).
 */
describe('secrets stay in the backend', () => {
  it('are absent from every answer and every log line', async () => {
    const { sim, kubeConfig } = await startTestHub({
      flRuntime: { roundDurationMs: 30, clientWaitMs: 2000 },
    });
    const s3 = await startTestS3();
    const logs: string[] = [];
    const answers: string[] = [];
    try {
      await createHubS3Secret(kubeConfig);
      // The interval needs the real scheduler: the mock one runs the task only on hub changes.
      const server = await startOcmFlTestBackend({
        sim,
        realScheduler: true,
        ocmFl: { s3, lifecycle: { intervalSeconds: 1 } },
        features: [recordingLogger(logs)],
      });
      await testLauncher(kubeConfig, [testStorageLocation(s3)]).launch(
        testJobSpec('secretive', {
          framework: 'openfl',
          storage: testJobStorage(),
        }),
      );
      await eventually(async () =>
        (await request(server).get('/api/ocm-fl/models/secretive')).status ===
        200
          ? true
          : undefined,
      );
      const call = async (method: string, url: string, body?: object) => {
        const res = await (request(server) as any)
          [method](`/api/ocm-fl${url}`)
          .send(body);
        answers.push(res.text);
      };
      const everything = async () => {
        for (const url of [
          '/health',
          '/clusters',
          '/clusters/gpu-pool-1',
          '/clustersets',
          '/jobs',
          '/jobs/secretive',
          '/jobs/nope',
          '/jobs?limit=-1',
          '/models',
          '/models/secretive',
        ]) {
          await call('get', url);
        }
        await call('post', '/placement/preview', {
          placement: { clusterSets: ['x'] },
        });
        await call('post', '/models/secretive/versions/1/download');
        await call('post', '/models/secretive/versions/1/download?file=x');
      };
      await everything();
      // The same with S3 down: the errors are reported, the credentials are not.
      await s3.close();
      await everything();
    } finally {
      await sim.close();
      await s3.close().catch(() => undefined);
    }

    const jobDetail = JSON.parse(answers.find(a => a.includes('"objects"'))!);
    // The aggregator's work did carry a Secret (certificates, S3 credentials): redacted here.
    expect(JSON.stringify(jobDetail.objects)).toContain('<redacted>');
    // A presigned URL names the access key id, by design; the signature is not a secret.
    const scanned = [...answers, ...logs].map(text =>
      text.replace(/X-Amz-Credential=[^&"]*/g, 'X-Amz-Credential=(key id)'),
    );
    const secrets = [
      TEST_TOKEN,
      TEST_S3_CREDENTIALS.secretAccessKey,
      Buffer.from(TEST_S3_CREDENTIALS.secretAccessKey).toString('base64'),
      'PRIVATE KEY',
    ];
    for (const secret of secrets) {
      const leaks = scanned.filter(text => text.includes(secret));
      expect({ secret, leaks }).toEqual({ secret, leaks: [] });
    }
    // The scan saw real traffic, failures included.
    expect(answers.some(a => a.includes('modelError'))).toBe(true);
    expect(logs.length).toBeGreaterThan(0);
  });
});
