import http from 'node:http';
import { AddressInfo } from 'node:net';
import { startTestHub, TEST_TOKEN } from '@ocm-fl/hub-simulator/testing';
import { probeHub } from './probeHub';

/**
 * A minimal stand-in for a hub's API server: enough HTTP to answer the probe, so that the
 * client-node request, the token and the error mapping are exercised for real.
 */
function startFakeHub(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  return new Promise(resolve => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise(done => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

describe('probeHub', () => {
  const timeoutMs = 2000;

  it('reports ok, the version and that the hub is the simulator, over HTTPS with the CA', async () => {
    const { sim } = await startTestHub({ scenario: 'empty' });
    try {
      const health = await probeHub(
        {
          name: 'sim',
          url: sim.url,
          serviceAccountToken: TEST_TOKEN,
          caData: Buffer.from(sim.caPem!).toString('base64'),
        },
        { timeoutMs },
      );
      expect(health).toMatchObject({
        name: 'sim',
        state: 'ok',
        kubernetesVersion: 'v1.31.0+ocm-hub-simulator',
        simulator: true,
      });
    } finally {
      await sim.close();
    }
  });

  it('reports unreachable when the hub certificate is not trusted', async () => {
    const { sim } = await startTestHub({ scenario: 'empty' });
    try {
      const health = await probeHub(
        { name: 'sim', url: sim.url, serviceAccountToken: TEST_TOKEN },
        { timeoutMs },
      );
      expect(health.state).toBe('unreachable');
      expect(health.message).toMatch(/certificate/i);
    } finally {
      await sim.close();
    }
  });

  it('reports ok when the hub lists ManagedClusters for our token', async () => {
    const seen: string[] = [];
    const hub = await startFakeHub((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      json(res, 200, {
        apiVersion: 'cluster.open-cluster-management.io/v1',
        kind: 'ManagedClusterList',
        metadata: {},
        items: [],
      });
    });
    try {
      const health = await probeHub(
        { name: 'default', url: hub.url, serviceAccountToken: 'sa-token' },
        { timeoutMs },
      );
      expect(health).toMatchObject({
        name: 'default',
        url: hub.url,
        state: 'ok',
      });
      expect(health.latencyMs).toBeGreaterThanOrEqual(0);
      expect(seen).toEqual([
        'GET /apis/cluster.open-cluster-management.io/v1/managedclusters?limit=1 Bearer sa-token',
        'GET /version Bearer sa-token',
      ]);
      expect(health.simulator).toBeUndefined();
    } finally {
      await hub.close();
    }
  });

  it('reports unauthorized when the hub rejects the token', async () => {
    const hub = await startFakeHub((_req, res) =>
      json(res, 401, {
        kind: 'Status',
        status: 'Failure',
        message: 'Unauthorized',
        code: 401,
      }),
    );
    try {
      const health = await probeHub({ name: 'h', url: hub.url }, { timeoutMs });
      expect(health.state).toBe('unauthorized');
      expect(health.message).toMatch(/serviceAccountToken/);
    } finally {
      await hub.close();
    }
  });

  it('reports an error when the hub has no OCM API', async () => {
    const hub = await startFakeHub((_req, res) =>
      json(res, 404, {
        kind: 'Status',
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
      }),
    );
    try {
      const health = await probeHub({ name: 'h', url: hub.url }, { timeoutMs });
      expect(health).toMatchObject({
        state: 'error',
        message: expect.stringMatching(/is OCM installed/),
      });
    } finally {
      await hub.close();
    }
  });

  it('reports unreachable with the reason when nothing listens', async () => {
    const hub = await startFakeHub(() => {});
    const { url } = hub;
    await hub.close();
    const health = await probeHub({ name: 'gone', url }, { timeoutMs });
    expect(health.state).toBe('unreachable');
    expect(health.message).toMatch(/ECONNREFUSED/);
  });

  it('reports unreachable when the hub does not answer in time', async () => {
    const hub = await startFakeHub(() => {
      // never answers
    });
    try {
      const health = await probeHub(
        { name: 'slow', url: hub.url },
        { timeoutMs: 200 },
      );
      expect(health).toMatchObject({
        state: 'unreachable',
        message: 'no answer within 200 ms',
      });
    } finally {
      await hub.close();
    }
  });
});
