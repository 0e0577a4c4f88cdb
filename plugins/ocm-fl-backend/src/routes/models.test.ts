import {
  eventually,
  testJobSpec,
  testJobStorage,
  testStorageLocation,
} from '@ocm-fl/hub-simulator/testing';
import request from 'supertest';
import {
  eachTestWithHubAndBackend,
  testLauncher,
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
