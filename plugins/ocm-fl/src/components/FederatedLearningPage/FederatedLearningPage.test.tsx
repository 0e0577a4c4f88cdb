import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { job } from '../../__testUtils__/jobs';
import {
  baseUrl,
  eventStream,
  renderWithOcmFl,
} from '../../__testUtils__/ocmFl';
import { FederatedLearningPage } from './FederatedLearningPage';

const empty = { total: 0, items: [], hubs: {} };

describe('FederatedLearningPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function serveEverything() {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json({ status: 'ok', hubs: [] }),
      ),
      http.get(`${baseUrl}/clusters`, () => HttpResponse.json(empty)),
      http.get(`${baseUrl}/jobs`, () => HttpResponse.json(empty)),
      http.get(`${baseUrl}/models`, () => HttpResponse.json(empty)),
      http.get(`${baseUrl}/jobs/mnist-fedavg`, () => HttpResponse.json(job)),
    );
  }

  it('opens on the overview and moves between tabs by keyboard', async () => {
    serveEverything();
    await renderWithOcmFl(<FederatedLearningPage />, {
      mountPath: '/federated-learning/*',
      initialRouteEntries: ['/federated-learning'],
    });

    expect(await screen.findByText('Jobs by phase')).toBeInTheDocument();
    const jobsTab = screen.getByRole('tab', { name: 'Jobs' });
    jobsTab.focus();
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByText('No jobs yet')).toBeInTheDocument();
  });

  it('shows a job page below the tabs', async () => {
    serveEverything();
    await renderWithOcmFl(<FederatedLearningPage />, {
      mountPath: '/federated-learning/*',
      initialRouteEntries: ['/federated-learning/jobs/mnist-fedavg'],
    });

    expect(await screen.findByText('Round 3 of 5')).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Jobs' })).not.toBeInTheDocument();
  });
});
