import { http } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { queryString } from './OcmFlClient';
import { OcmFlChange } from './types';
import {
  baseUrl,
  createTestClient,
  errorResponse,
  eventStream,
} from '../__testUtils__/ocmFl';

describe('OcmFlClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('leaves unset query values out', () => {
    expect(queryString({ phase: undefined, limit: 20, search: '' })).toBe(
      '?limit=20',
    );
    expect(queryString({})).toBe('');
  });

  it('throws the backend error with its status and message', async () => {
    server.use(
      http.get(`${baseUrl}/jobs/x`, () =>
        errorResponse(
          404,
          'NotFoundError',
          'job x not found on any configured hub',
        ),
      ),
    );
    await expect(createTestClient().getJob('x')).rejects.toMatchObject({
      statusCode: 404,
      body: { error: { message: 'job x not found on any configured hub' } },
    });
  });

  it('shares one event stream between subscribers and closes it after the last leaves', async () => {
    const stream = eventStream(server);
    const client = createTestClient();
    const seen: OcmFlChange[][] = [[], []];
    const stopFirst = client.subscribe(c => seen[0].push(c));
    const stopSecond = client.subscribe(c => seen[1].push(c));
    await new Promise(r => setTimeout(r, 100));
    expect(stream.connections).toBe(1);

    const change: OcmFlChange = {
      hub: 'simulator',
      kind: 'works',
      type: 'update',
      name: 'mnist-client',
      job: 'mnist',
    };
    stream.push(change);
    await new Promise(r => setTimeout(r, 50));
    expect(seen).toEqual([[change], [change]]);

    stopFirst();
    await new Promise(r => setTimeout(r, 50));
    expect(stream.connections).toBe(1);
    stopSecond();
    await new Promise(r => setTimeout(r, 50));
    expect(stream.connections).toBe(0);
  });

  it('reconnects when the backend ends the stream, and says changes may have been missed', async () => {
    const stream = eventStream(server);
    let reconnects = 0;
    const stop = createTestClient({ reconnectDelayMs: 50 }).subscribe(
      () => {},
      { onReconnect: () => reconnects++ },
    );
    await new Promise(r => setTimeout(r, 100));
    expect(stream.connections).toBe(1);
    expect(reconnects).toBe(0);

    stream.closeAll();
    await new Promise(r => setTimeout(r, 300));
    expect(stream.connections).toBe(1);
    expect(reconnects).toBe(1);
    stop();
  });

  it('reports a refused stream once instead of retrying it', async () => {
    let attempts = 0;
    server.use(
      http.get(`${baseUrl}/events`, () => {
        attempts++;
        return errorResponse(
          403,
          'NotAllowedError',
          'Not allowed: ocm-fl.job.read is required to follow changes',
        );
      }),
    );
    const errors: Error[] = [];
    const stop = createTestClient().subscribe(() => {}, {
      onError: e => errors.push(e),
    });
    await new Promise(r => setTimeout(r, 300));
    expect(attempts).toBe(1);
    expect(errors.map(e => e.message)).toEqual([
      expect.stringContaining('ocm-fl.job.read is required'),
    ]);
    stop();
  });
});
