import {
  eventually,
  startTestHub,
  testJobSpec,
  testJobStorage,
  testStorageLocation,
} from '@ocm-fl/hub-simulator/testing';
import { mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import { LineageStore } from '../lineage/LineageStore';
import {
  eachTestWithHubAndBackend,
  startOcmFlTestBackend,
  testLauncher,
  untilHubSynced,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

// On SQLite and on the test PostgreSQL server (scripts/test.sh starts one).
const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'model routes over the lineage store and S3 (%s)',
  id => {
    const hub = eachTestWithHubAndBackend(databases, id, {
      s3: { prefix: 'runs', settings: { downloadExpirySeconds: 120 } },
    });

    it("hands out signed, short-lived downloads of a version's files, and refuses others", async () => {
      const { server, kubeConfig, s3 } = hub();
      await testLauncher(kubeConfig, [testStorageLocation(s3, 'runs')]).launch(
        testJobSpec('mnist-a', {
          model: 'mnist',
          rounds: 3,
          storage: testJobStorage(),
        }),
      );
      // The lifecycle task adds the version once the training's final files are in S3.
      const version = await eventually(async () => {
        const res = await request(server).get('/api/ocm-fl/models/mnist');
        return res.body.versions?.[0]?.files?.length
          ? res.body.versions[0]
          : undefined;
      }, 30_000);

      const file = version.files[0];
      const download = await request(server)
        .post(`/api/ocm-fl/models/mnist/versions/1/download?file=${file}`)
        .expect(200);
      expect(
        Date.parse(download.body.expiresAt) - Date.now(),
      ).toBeLessThanOrEqual(120_000);
      const fetched = await fetch(download.body.url);
      expect(fetched.status).toBe(200);
      expect((await fetched.arrayBuffer()).byteLength).toBeGreaterThan(0);
      // A signed, short-lived link.
      expect(download.body.url).toMatch(/X-Amz-Expires=120&.*X-Amz-Signature=/);

      const badFile = await request(server)
        .post('/api/ocm-fl/models/mnist/versions/1/download?file=../other/x')
        .expect(400);
      expect(badFile.body.error.message).toMatch(/query.file: must be one of/);
      await request(server)
        .post('/api/ocm-fl/models/mnist/versions/7/download')
        .expect(404);
      await request(server).get('/api/ocm-fl/models/nope').expect(404);
    }, 40_000);
  },
);

const versionOf = (job: string, createdAt: string) => ({
  hub: 'sim',
  job,
  framework: 'flower',
  rounds: 3,
  location: `s3://models/fl/${job}/`,
  storage: 's3' as const,
  files: ['model.pt'],
  metrics: { accuracy: 0.9 },
  metricsByRound: [],
  aggregatorCluster: 'gpu-pool-1',
  participants: ['hospital-berlin'],
  createdAt,
});

/** GET /models?versions=true: every model with its versions, page by page. */
describe.each(databases.eachSupportedId())('GET /models (%s)', id => {
  it('lists each model with its versions, newest first, in pages', async () => {
    const knex = await databases.init(id);
    const lineage = await LineageStore.create(mockServices.database({ knex }));
    // Two versions of mnist, one of cifar, trained by three jobs.
    for (const [job, model, createdAt] of [
      ['mnist-1', 'mnist', '2026-11-29T10:00:00Z'],
      ['cifar-1', 'cifar', '2026-11-29T11:00:00Z'],
      ['mnist-2', 'mnist', '2026-11-29T12:00:00Z'],
    ]) {
      await lineage.addModelVersion(
        { hub: 'sim', name: job, createdAt },
        versionOf(job, createdAt),
        model,
      );
    }
    const { sim } = await startTestHub({});
    try {
      const server = await startOcmFlTestBackend({ sim, knex });
      await untilHubSynced(server);
      const page = async (query: string) =>
        (await request(server).get(`/api/ocm-fl/models?${query}`).expect(200))
          .body;

      const first = await page('versions=true&limit=1');
      expect(first.total).toBe(2);
      expect(first.items).toEqual([
        expect.objectContaining({
          name: 'mnist',
          versionCount: 2,
          versions: [
            expect.objectContaining({ version: 1, job: 'mnist-1' }),
            expect.objectContaining({ version: 2, job: 'mnist-2' }),
          ],
        }),
      ]);
      const second = await page('versions=true&limit=1&offset=1');
      expect(second.items.map((m: any) => [m.name, m.versions.length])).toEqual(
        [['cifar', 1]],
      );
      // Without it, summaries only.
      const summaries = await page('limit=10');
      expect(summaries.items.map((m: any) => m.versions)).toEqual([
        undefined,
        undefined,
      ]);
      const refused = await request(server)
        .get('/api/ocm-fl/models?versions=yes')
        .expect(400);
      expect(refused.body.error.message).toMatch(
        /^query\.versions: must be one of true, false/,
      );
    } finally {
      await sim.close();
    }
  });
});
