import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  eventually,
  startTestHub,
  TEST_TOKEN,
} from '@ocm-fl/hub-simulator/testing';
import { startOcmFlTestBackend } from '../__testUtils__/testBackend';

/** A URL where nothing listens: a hub that is down. */
async function closedPortUrl() {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return `https://127.0.0.1:${port}`;
}

/** An `ocmFl` section whose one hub is down. */
const hubDown = async () => ({
  hubs: [{ name: 'a', url: await closedPortUrl() }],
});

describe('hub health route', () => {
  it('reports each configured hub and its state on /health', async () => {
    const { sim } = await startTestHub({
      scenario: 'empty',
      tokens: ['secret-token'],
    });
    const hub = { url: sim.url, close: () => sim.close() };
    const downUrl = await closedPortUrl();
    try {
      const server = await startOcmFlTestBackend({
        ocmFl: {
          hubs: [
            {
              name: 'live',
              url: hub.url,
              serviceAccountToken: 'secret-token',
              caData: Buffer.from(sim.caPem!).toString('base64'),
            },
            {
              name: 'down',
              url: downUrl,
              serviceAccountToken: 'other-token',
            },
          ],
        },
      });

      // The first probe runs in the background after start; wait until both hubs are known.
      let body: any;
      for (let i = 0; i < 50; i++) {
        const res = await request(server).get('/api/ocm-fl/health').expect(200);
        body = res.body;
        if (body.hubs.every((h: any) => h.state !== 'unknown')) break;
        await new Promise(r => setTimeout(r, 100));
      }

      expect(body.status).toBe('degraded');
      expect(body.hubs).toEqual([
        expect.objectContaining({
          name: 'live',
          url: hub.url,
          state: 'ok',
          simulator: true,
        }),
        expect.objectContaining({
          name: 'down',
          url: downUrl,
          state: 'unreachable',
          message: expect.stringContaining('ECONNREFUSED'),
        }),
      ]);
      // Tokens are configuration secrets: they never appear in an answer.
      expect(JSON.stringify(body)).not.toMatch(/secret-token|other-token/);
    } finally {
      await hub.close();
    }
  });

  it('shows on /health a hub that stops within 5 s, and its return', async () => {
    const first = await startTestHub({ scenario: 'empty' });
    const hubs = [first.sim];
    try {
      const server = await startOcmFlTestBackend({
        ocmFl: {
          hubs: [
            {
              name: 'hub',
              url: first.sim.url,
              serviceAccountToken: TEST_TOKEN,
              // The hub that comes back has a certificate of its own.
              skipTLSVerify: true,
            },
          ],
        },
      });
      const state = async () =>
        (await request(server).get('/api/ocm-fl/health').expect(200)).body
          .hubs[0].state;
      await eventually(async () =>
        (await state()) === 'ok' ? true : undefined,
      );

      const stopped = Date.now();
      await first.sim.close();
      await eventually(
        async () => ((await state()) === 'unreachable' ? true : undefined),
        5000,
      );
      expect(Date.now() - stopped).toBeLessThan(5000);

      const second = await startTestHub({
        scenario: 'empty',
        port: first.sim.port,
      });
      hubs.push(second.sim);
      const back = Date.now();
      await eventually(
        async () => ((await state()) === 'ok' ? true : undefined),
        5000,
      );
      expect(Date.now() - back).toBeLessThan(5000);
    } finally {
      await Promise.all(hubs.map(h => h.close().catch(() => undefined)));
    }
  });

  it('refuses /health without credentials', async () => {
    const server = await startOcmFlTestBackend({ ocmFl: await hubDown() });
    const res = await request(server)
      .get('/api/ocm-fl/health')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('refuses /health to a user without the cluster read permission', async () => {
    const server = await startOcmFlTestBackend({
      ocmFl: await hubDown(),
      features: [
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
        }).factory,
      ],
    });
    const res = await request(server).get('/api/ocm-fl/health').expect(403);
    expect(res.body.error.message).toMatch(/ocm-fl\.cluster\.read/);
  });
});
