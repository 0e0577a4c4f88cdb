import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { ocmFlPlugin } from './plugin';

/** A hub API server that answers the health probe for one bearer token. */
async function startHub(token: string) {
  const server = http.createServer((req, res) => {
    const ok = req.headers.authorization === `Bearer ${token}`;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        ok
          ? { kind: 'ManagedClusterList', metadata: {}, items: [] }
          : { kind: 'Status', status: 'Failure', code: 401 },
      ),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

async function closedPortUrl() {
  const hub = await startHub('');
  hub.close();
  return hub.url;
}

describe('ocm-fl backend plugin', () => {
  it('reports each configured hub and its state on /health', async () => {
    const hub = await startHub('secret-token');
    const downUrl = await closedPortUrl();
    try {
      const { server } = await startTestBackend({
        features: [
          ocmFlPlugin,
          mockServices.rootConfig.factory({
            data: {
              ocmFl: {
                hubs: [
                  {
                    name: 'live',
                    url: hub.url,
                    serviceAccountToken: 'secret-token',
                  },
                  {
                    name: 'down',
                    url: downUrl,
                    serviceAccountToken: 'other-token',
                  },
                ],
              },
            },
          }),
        ],
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
        expect.objectContaining({ name: 'live', url: hub.url, state: 'ok' }),
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
      hub.close();
    }
  });

  it('refuses /health without credentials', async () => {
    const { server } = await startTestBackend({
      features: [
        ocmFlPlugin,
        mockServices.rootConfig.factory({
          data: {
            ocmFl: { hubs: [{ name: 'a', url: await closedPortUrl() }] },
          },
        }),
      ],
    });
    await request(server)
      .get('/api/ocm-fl/health')
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
  });

  it('refuses /health to a user without the cluster read permission', async () => {
    const { server } = await startTestBackend({
      features: [
        ocmFlPlugin,
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            ocmFl: { hubs: [{ name: 'a', url: await closedPortUrl() }] },
          },
        }),
      ],
    });
    const res = await request(server).get('/api/ocm-fl/health').expect(403);
    expect(res.body.error.message).toMatch(/ocm-fl\.cluster\.read/);
  });

  it('stops the backend at start when the ocmFl config is malformed', async () => {
    await expect(
      startTestBackend({
        features: [
          ocmFlPlugin,
          mockServices.rootConfig.factory({
            data: { ocmFl: { hubs: [{ name: 'a', url: 'not a url' }] } },
          }),
        ],
      }),
    ).rejects.toThrow(/ocmFl\.hubs\[0\]\.url: must be an http/);
  });
});
