import {
  createHubS3Secret,
  eventually,
  startTestS3,
  testJobStorage,
  testStorageLocation,
  testJobSpec,
} from '@ocm-fl/hub-simulator/testing';
import request from 'supertest';
import {
  eachTestWithHubAndBackend,
  startOcmFlTestBackend,
  testLauncher,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

// On SQLite and on the test PostgreSQL server (scripts/test.sh starts one).
const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'job routes over the hub cache and the lineage store (%s)',
  id => {
    const hub = eachTestWithHubAndBackend(databases, id);

    it('shows a launched job, its phase and clusters, and stops and deletes it', async () => {
      const { server, sim, kubeConfig } = hub();
      await testLauncher(kubeConfig).launch(
        testJobSpec('mnist', { framework: 'openfl' }),
        { createdBy: 'user:default/alice', runId: 'run-42' },
      );
      const succeeded = await eventually(async () => {
        const res = await request(server).get('/api/ocm-fl/jobs/mnist');
        return res.body.phase === 'Succeeded' ? res.body : undefined;
      });
      expect(succeeded.progress).toBeUndefined();
      // The PVC of this launch, where the aggregator wrote the model.
      expect(succeeded.model.location).toBe(
        'pvc://gpu-pool-1/fl-mnist/mnist-model-run-42',
      );
      expect(
        sim.clusters
          .get('gpu-pool-1')!
          .files.get('/persistentvolumeclaims/fl-mnist/mnist-model-run-42')
          ?.has('last.pbuf'),
      ).toBe(true);
      expect(succeeded.modelError).toMatch(
        /keeps its model on the PVC pvc:\/\/gpu-pool-1\/fl-mnist\/mnist-model-run-42 on its aggregator cluster, which the portal does not read; it stays there, with its namespace fl-mnist, after the job is deleted$/,
      );
      expect(succeeded).toMatchObject({
        framework: 'openfl',
        rounds: 2,
        aggregatorCluster: 'gpu-pool-1',
        createdBy: 'user:default/alice',
        clients: ['hospital-madrid', 'hospital-paris'],
      });
      const list = await request(server)
        .get('/api/ocm-fl/jobs?phase=Succeeded&cluster=hospital-paris')
        .expect(200);
      expect(list.body.items.map((j: any) => j.name)).toEqual(['mnist']);
      expect(
        (await request(server).get('/api/ocm-fl/clusters/hospital-paris')).body
          .jobs,
      ).toEqual(['mnist']);

      // The lifecycle task has recorded the outcome ...
      await eventually(async () => {
        const res = await request(server).get('/api/ocm-fl/jobs/mnist');
        return res.body.timeline?.some((t: any) => t.phase === 'Succeeded')
          ? true
          : undefined;
      });
      await request(server).post('/api/ocm-fl/jobs/mnist/stop').expect(200);
      // ... so that, gone from the hub, the job is still known from the lineage store, with its outcome.
      const archived = await eventually(async () => {
        const res = await request(server).get('/api/ocm-fl/jobs/mnist');
        return res.body.archived ? res.body : undefined;
      });
      expect(archived).toMatchObject({ objects: [] });
      expect(archived.timeline.map((t: any) => t.phase)).toContain('Succeeded');
      await request(server).post('/api/ocm-fl/jobs/mnist/stop').expect(404);
      await request(server).delete('/api/ocm-fl/jobs/nope').expect(404);
    });

    it('shows progress by rounds and metrics from S3, and degrades only that part when S3 fails', async () => {
      const { sim, kubeConfig } = hub();
      const s3 = await startTestS3();
      try {
        // Progress is what the lifecycle task records, on its interval as deployed.
        const withS3 = await startOcmFlTestBackend({
          sim,
          knex: await databases.init(id),
          realScheduler: true,
          ocmFl: {
            s3: { ...s3, prefix: 'runs' },
            lifecycle: { intervalSeconds: 1 },
          },
        });
        await createHubS3Secret(kubeConfig);
        await testLauncher(kubeConfig, [
          testStorageLocation(s3, 'runs'),
        ]).launch(
          testJobSpec('mnist', { rounds: 3, storage: testJobStorage() }),
        );
        const done = await eventually(async () => {
          const res = await request(withS3).get('/api/ocm-fl/jobs/mnist');
          // The checkpoint of a round lands before its line in metrics.jsonl: wait for both.
          return res.body.progress?.round === 3 &&
            res.body.metrics?.length === 3
            ? res.body
            : undefined;
        });
        expect(done.progress).toEqual({ round: 3, of: 3 });
        expect(done.metrics.map((m: any) => m.round)).toEqual([1, 2, 3]);
        expect(done.model).toMatchObject({
          location: `s3://${s3.bucket}/runs/mnist/`,
          checkpoints: [1, 2, 3],
        });
        await s3.close();
        const degraded = await request(withS3)
          .get('/api/ocm-fl/jobs/mnist')
          .expect(200);
        // The recorded round stays; only metrics and files need S3.
        expect(degraded.body).toMatchObject({
          name: 'mnist',
          progress: { round: 3, of: 3 },
          modelError: expect.stringMatching(
            /the model store could not be read/,
          ),
        });
        expect(degraded.body).not.toHaveProperty('metrics');
      } finally {
        await s3.close().catch(() => undefined);
      }
    });

    it.each([
      ['/api/ocm-fl/jobs?phase=Sleeping', /query.phase: /],
      ['/api/ocm-fl/jobs?limit=0', /query.limit: /],
      ['/api/ocm-fl/jobs?color=red', /query.color: is not a parameter here/],
    ])('answers %s with 400 naming the field', async (url, message) => {
      const res = await request(hub().server).get(url).expect(400);
      expect(res.body.error.message).toMatch(message);
    });
  },
);
