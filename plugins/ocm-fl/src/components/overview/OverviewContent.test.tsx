import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  baseUrl,
  errorResponse,
  eventStream,
  renderWithOcmFl,
} from '../../__testUtils__/ocmFl';
import { OverviewContent } from './OverviewContent';

describe('OverviewContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const health = http.get(`${baseUrl}/health`, () =>
    HttpResponse.json({ status: 'ok', hubs: [] }),
  );

  it('counts available clusters and jobs by phase, and lists recent models', async () => {
    eventStream(server);
    server.use(
      health,
      http.get(`${baseUrl}/clusters`, ({ request }) =>
        HttpResponse.json({
          total: new URL(request.url).searchParams.get('available') ? 7 : 8,
          items: [],
        }),
      ),
      http.get(`${baseUrl}/jobs`, ({ request }) =>
        HttpResponse.json({
          total:
            new URL(request.url).searchParams.get('phase') === 'Running'
              ? 3
              : 0,
          items: [],
        }),
      ),
      http.get(`${baseUrl}/models`, () =>
        HttpResponse.json({
          total: 1,
          items: [
            {
              name: 'mnist',
              framework: 'flower',
              versionCount: 2,
              latestVersion: 2,
              latestMetrics: { accuracy: 0.9123 },
            },
          ],
        }),
      ),
    );

    await renderWithOcmFl(<OverviewContent />);

    expect(await screen.findByText('7 / 8')).toBeInTheDocument();
    expect(await screen.findByText('3 jobs')).toBeInTheDocument();
    expect(screen.getAllByText('0 jobs')).toHaveLength(5);
    expect(await screen.findByRole('link', { name: 'mnist' })).toHaveAttribute(
      'href',
      '/federated-learning/models/mnist',
    );
    expect(screen.getByText('v2 accuracy 0.9123')).toBeInTheDocument();
  });

  it('says what to do when there are no models, and names each card’s failure', async () => {
    eventStream(server);
    server.use(
      health,
      http.get(`${baseUrl}/clusters`, () =>
        errorResponse(
          403,
          'NotAllowedError',
          'Not allowed: ocm-fl.cluster.read is required to see clusters',
        ),
      ),
      http.get(`${baseUrl}/jobs`, () =>
        HttpResponse.json({ total: 0, items: [] }),
      ),
      http.get(`${baseUrl}/models`, () =>
        HttpResponse.json({ total: 0, items: [] }),
      ),
    );

    await renderWithOcmFl(<OverviewContent />);

    expect(
      await screen.findByText(/Could not count clusters: Permission denied/),
    ).toBeInTheDocument();
    expect(await screen.findByText('No models yet')).toBeInTheDocument();
    expect(await screen.findAllByText('0 jobs')).toHaveLength(6);
  });
});
