import { eventually } from '@ocm-fl/hub-simulator/testing';
import request from 'supertest';
import { eachTestWithHubAndBackend } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

// On SQLite and on the test PostgreSQL server (scripts/test.sh starts one).
const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'cluster routes over the hub cache (%s)',
  id => {
    const hub = eachTestWithHubAndBackend(databases, id);
    /** The answer's bytes as they arrived, asking for `encoding`. */
    const get = (url: string, encoding: string) =>
      request(hub().server)
        .get(`/api/ocm-fl${url}`)
        .set('Accept-Encoding', encoding)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
    // superagent has gunzipped a gzip answer (its gunzip checks the trailer's CRC and length).
    const json = (res: { body: Buffer }) =>
      JSON.parse(res.body.toString('utf8'));

    it('lists clusters with sets, claims and capacity, filtered and one by one', async () => {
      const { server } = hub();
      const all = await request(server).get('/api/ocm-fl/clusters').expect(200);
      expect(all.body.total).toBe(8);
      const berlin = all.body.items.find(
        (c: any) => c.name === 'hospital-berlin',
      );
      expect(berlin).toMatchObject({
        hub: 'sim',
        available: true,
        clusterSet: 'hospitals',
        labels: expect.objectContaining({ region: 'eu-central', gpu: 'true' }),
        claims: expect.objectContaining({
          'data.fl.open-cluster-management.io': '/data/radiology',
        }),
        capacity: expect.objectContaining({ cpu: '16' }),
        jobs: [],
      });
      expect(all.body.hubs.sim).toMatchObject({ synced: true, stale: false });
      const search = await request(server)
        .get('/api/ocm-fl/clusters?search=region=us-east')
        .expect(200);
      expect(search.body.items.map((c: any) => c.name).sort()).toEqual([
        'edge-virginia',
        'gpu-pool-2',
        'hospital-boston',
      ]);
      await request(server).get('/api/ocm-fl/clusters/gpu-pool-1').expect(200);
      const missing = await request(server)
        .get('/api/ocm-fl/clusters/nope')
        .expect(404);
      expect(missing.body.error.message).toMatch(
        /nope is not a managed cluster/,
      );
    });

    it('reflects a hub change within 2 s', async () => {
      const { server, sim } = hub();
      sim.setClusterAvailable('edge-frankfurt', false);
      const started = Date.now();
      await eventually(async () => {
        const res = await request(server).get(
          '/api/ocm-fl/clusters/edge-frankfurt',
        );
        return res.body.available === false ? true : undefined;
      }, 2000);
      expect(Date.now() - started).toBeLessThan(2000);
      // The whole list, kept compressed until a cluster changes, has the change too.
      const frankfurt = json(await get('/clusters', 'gzip')).items.find(
        (c: { name: string }) => c.name === 'edge-frankfurt',
      );
      expect(frankfurt.available).toBe(false);
    });

    it('answers the whole list the same gzipped as plain, and pages of it', async () => {
      const plain = await get('/clusters', 'identity');
      expect(plain.headers['content-encoding']).toBeUndefined();
      const gzipped = await get('/clusters', 'gzip');
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.headers.vary).toMatch(/Accept-Encoding/);
      const whole = json(plain);
      expect(json(gzipped)).toEqual(whole);
      expect(whole.items).toHaveLength(8);
      const page = json(await get('/clusters?limit=3&offset=2', 'identity'));
      expect(page).toEqual({ ...whole, items: whole.items.slice(2, 5) });
    });

    it('filters by label text whatever its case, by set and by availability', async () => {
      const names = async (query: string) =>
        json(await get(`/clusters?${query}`, 'gzip')).items.map(
          (c: { name: string }) => c.name,
        );
      expect(await names('search=REGION=US-East')).toEqual(
        await names('search=region=us-east'),
      );
      expect((await names('search=region=us-east')).sort()).toEqual([
        'edge-virginia',
        'gpu-pool-2',
        'hospital-boston',
      ]);
      expect(await names('clusterSet=regional')).toEqual([
        'edge-frankfurt',
        'edge-virginia',
      ]);
      hub().sim.setClusterAvailable('gpu-pool-1', false);
      await eventually(async () =>
        (await names('available=false')).includes('gpu-pool-1')
          ? true
          : undefined,
      );
      const unavailable = json(await get('/clusters', 'identity'))
        .items.filter((c: { available: boolean }) => !c.available)
        .map((c: { name: string }) => c.name);
      expect(await names('available=false')).toEqual(unavailable);
    });

    it('previews a placement from the cache', async () => {
      const res = await request(hub().server)
        .post('/api/ocm-fl/placement/preview')
        .send({ placement: { clusterSets: ['regional'] } })
        .expect(200);
      expect(res.body.selected.sort()).toEqual([
        'edge-frankfurt',
        'edge-virginia',
      ]);
      expect(res.body.verdicts).toHaveLength(8);
    });

    it('answers /api/ocm-fl/clusters?hub=elsewhere with 400 naming the field', async () => {
      const res = await request(hub().server)
        .get('/api/ocm-fl/clusters?hub=elsewhere')
        .expect(400);
      expect(res.body.error.message).toMatch(
        /query.hub: no hub named "elsewhere"/,
      );
    });

    it('answers a bad preview body with 400 naming the field', async () => {
      const res = await request(hub().server)
        .post('/api/ocm-fl/placement/preview')
        .send({ placement: { numberOfClusters: 0 } })
        .expect(400);
      expect(res.body.error.message).toMatch(
        /body.placement.numberOfClusters: /,
      );
    });
  },
);
