import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { pastJobsFromBackend } from './pastJobs';

/** A stand-in ocm-fl backend: GET /jobs/:name, as the plugin answers it. */
function fakeBackend(jobs: Record<string, { status: number; body: unknown }>) {
  const seen: Array<{ url?: string; authorization?: string }> = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url, authorization: req.headers.authorization });
    const answer = jobs[req.url ?? ''] ?? {
      status: 404,
      body: { error: { name: 'NotFoundError', message: 'not found' } },
    };
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  return new Promise<{ url: string; seen: typeof seen; close(): void }>(
    resolve =>
      server.listen(0, '127.0.0.1', () =>
        resolve({
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          seen,
          close: () => server.close(),
        }),
      ),
  );
}

describe('pastJobsFromBackend', () => {
  it('finds jobs that left their hub, as a service call, and only those', async () => {
    const backend = await fakeBackend({
      '/api/ocm-fl/jobs/old': {
        status: 200,
        body: { name: 'old', phase: 'Succeeded', archived: true },
      },
      '/api/ocm-fl/jobs/running': {
        status: 200,
        body: { name: 'running', phase: 'Running' },
      },
      '/api/ocm-fl/jobs/broken': {
        status: 500,
        body: { error: { name: 'Error', message: 'database is down' } },
      },
    });
    try {
      const find = pastJobsFromBackend({
        discovery: {
          getBaseUrl: async pluginId => `${backend.url}/api/${pluginId}`,
          getExternalBaseUrl: async pluginId =>
            `${backend.url}/api/${pluginId}`,
        },
        auth: mockServices.auth(),
      });
      expect(await find('old')).toMatchObject({ phase: 'Succeeded' });
      // On a hub: the launcher decides whether it is this launch's own.
      expect(await find('running')).toBeUndefined();
      expect(await find('never')).toBeUndefined();
      await expect(find('broken')).rejects.toThrow(/database is down/);
      expect(backend.seen[0]).toEqual({
        url: '/api/ocm-fl/jobs/old',
        authorization: expect.stringMatching(/^Bearer \S+/),
      });
    } finally {
      backend.close();
    }
  });
});
