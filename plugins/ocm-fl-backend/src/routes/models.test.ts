import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ocmFlTestConfig, startTestHub } from '@ocm-fl/hub-simulator/testing';
import request from 'supertest';
import { LineageStore } from '../lineage/LineageStore';
import { ocmFlPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/testDatabases';

const databases = createTestDatabases();

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
    const lineage = await LineageStore.create(
      mockServices.database({ knex }),
    );
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
      const { server } = await startTestBackend({
        features: [
          ocmFlPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: { ocmFl: ocmFlTestConfig(sim) },
          }),
        ],
      });
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
