import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  eventually,
  ocmFlTestConfig,
  startTestHub,
} from '@ocm-fl/hub-simulator/testing';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import request from 'supertest';
import { ocmFlPlugin } from '../plugin';

/** GET /clusters from the kept cluster views: whole, gzipped, paged, filtered, and after a change. */
describe('GET /clusters', () => {
  let sim: HubSimulator;
  let server: any;

  beforeAll(async () => {
    ({ sim } = await startTestHub({}));
    ({ server } = await startTestBackend({
      features: [
        ocmFlPlugin,
        mockServices.rootConfig.factory({
          data: { ocmFl: ocmFlTestConfig(sim) },
        }),
      ],
    }));
    await eventually(async () => {
      const res = await request(server).get('/api/ocm-fl/clusters');
      return res.body.hubs?.sim?.synced ? true : undefined;
    });
  });
  afterAll(() => sim.close());

  const get = (url: string, encoding: string) =>
    request(server)
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
  const json = (res: { body: Buffer }) => JSON.parse(res.body.toString('utf8'));

  it('answers the whole list the same gzipped as plain, and pages of it', async () => {
    const plain = await get('/clusters', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gzipped = await get('/clusters', 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/Accept-Encoding/);
    const whole = json(plain);
    expect(json(gzipped)).toEqual(whole);
    expect(whole.total).toBe(8);
    expect(whole.items).toHaveLength(8);
    expect(whole.hubs.sim.synced).toBe(true);

    const page = json(await get('/clusters?limit=3&offset=2', 'identity'));
    expect(page).toEqual({ ...whole, items: whole.items.slice(2, 5) });
  });

  it('filters by label text whatever its case, by set and by availability', async () => {
    const names = async (query: string) =>
      json(await get(`/clusters?${query}`, 'gzip')).items.map(
        (c: { name: string }) => c.name,
      );
    const all = json(await get('/clusters', 'identity')).items as Array<{
      name: string;
      labels: Record<string, string>;
      clusterSet?: string;
      available: boolean;
    }>;
    const withLabel = (k: string, v: string) =>
      all.filter(c => c.labels[k] === v).map(c => c.name);
    const [key, value] = Object.entries(all[0].labels).find(
      ([k]) => !k.includes('/'),
    )!;
    expect(await names(`search=${key}=${value.toUpperCase()}`)).toEqual(
      withLabel(key, value),
    );
    expect(await names(`clusterSet=${all[0].clusterSet}`)).toEqual(
      all.filter(c => c.clusterSet === all[0].clusterSet).map(c => c.name),
    );
    expect(await names('available=false')).toEqual(
      all.filter(c => !c.available).map(c => c.name),
    );
  });

  it('answers a cluster changed on the hub with its change, gzipped too', async () => {
    sim.setClusterAvailable('hospital-berlin', false);
    const berlin = await eventually(async () => {
      const found = json(await get('/clusters', 'gzip')).items.find(
        (c: { name: string }) => c.name === 'hospital-berlin',
      );
      return found?.available === false ? found : undefined;
    });
    expect(berlin.available).toBe(false);
    expect(json(await get('/clusters', 'identity')).items).toEqual(
      json(await get('/clusters', 'gzip')).items,
    );
  });
});
