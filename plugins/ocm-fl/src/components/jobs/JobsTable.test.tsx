import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { JobSummary } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  baseUrl,
  errorResponse,
  eventStream,
  renderWithOcmFl,
} from '../../__testUtils__/ocmFl';
import { EntityClusterJobsContent } from '../entity';
import { JobsTable } from './JobsTable';

const summary = (name: string, phase: JobSummary['phase']): JobSummary => ({
  hub: 'simulator',
  name,
  framework: 'flower',
  rounds: 5,
  minClients: 2,
  phase,
  reason: `${name} is ${phase}`,
  aggregatorCluster: 'gpu-pool-1',
  clients: ['hospital-berlin', 'hospital-boston'],
  createdBy: 'user:default/ada',
  createdAt: new Date(Date.now() - 3 * 60_000).toISOString(),
});

describe('JobsTable', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists jobs, filters by phase on the backend and follows changes live', async () => {
    const stream = eventStream(server);
    const queries: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/jobs`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        queries.push(query);
        const items = [
          { ...summary('mnist', 'Running'), progress: { round: 2, of: 5 } },
          // Launched from the command line without --owner.
          { ...summary('cifar', 'Failed'), createdBy: undefined },
        ].filter(j => !query.get('phase') || j.phase === query.get('phase'));
        return HttpResponse.json({ total: items.length, items, hubs: {} });
      }),
    );

    await renderWithOcmFl(<JobsTable />);

    expect(await screen.findByRole('link', { name: 'mnist' })).toHaveAttribute(
      'href',
      '/federated-learning/jobs/mnist',
    );
    expect(screen.getByText('cifar is Failed')).toBeInTheDocument();
    expect(screen.getByText('command line')).toBeInTheDocument();
    expect(
      screen.getAllByText('2 clients, aggregator gpu-pool-1'),
    ).toHaveLength(2);
    expect(screen.getAllByText('3 minutes ago')).toHaveLength(2);
    // Progress where the backend knows it, the planned rounds where it does not.
    expect(screen.getByText('2 of 5')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'mnist: round 2 of 5' }),
    ).toHaveAttribute('aria-valuenow', '40');
    expect(screen.getByText('5 rounds')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Phase'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Failed' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('link', { name: 'mnist' }),
      ).not.toBeInTheDocument(),
    );
    expect(queries.at(-1)?.get('phase')).toBe('Failed');

    await waitFor(() => expect(stream.connections).toBe(1));
    const before = queries.length;
    stream.push({
      hub: 'simulator',
      kind: 'works',
      type: 'update',
      name: 'cifar-client',
      job: 'cifar',
    });
    await waitFor(() => expect(queries.length).toBe(before + 1), {
      timeout: 3000,
    });
  });

  it('tells how to launch a job when there is none', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/jobs`, () =>
        HttpResponse.json({ total: 0, items: [], hubs: {} }),
      ),
    );

    await renderWithOcmFl(<JobsTable />);

    expect(await screen.findByText('No jobs yet')).toBeInTheDocument();
    expect(
      screen.getByText(/Federated training with Flower/),
    ).toBeInTheDocument();
  });

  it('names an unreachable hub', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/jobs`, () =>
        errorResponse(
          503,
          'ServiceUnavailableError',
          'hub simulator is unreachable: connect ECONNREFUSED',
        ),
      ),
    );

    await renderWithOcmFl(<JobsTable />);

    expect(
      await screen.findByText(/Could not load jobs: Hub unreachable/),
    ).toBeInTheDocument();
  });

  it('on a cluster entity, shows the jobs of that cluster only', async () => {
    eventStream(server);
    const queries: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/jobs`, ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          total: 1,
          items: [summary('mnist', 'Succeeded')],
          hubs: {},
        });
      }),
    );

    await renderWithOcmFl(
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: { name: 'hospital-berlin' },
          spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
        }}
      >
        <EntityClusterJobsContent />
      </EntityProvider>,
    );

    expect(
      await screen.findByText('Federated learning jobs on hospital-berlin'),
    ).toBeInTheDocument();
    expect(queries[0].get('cluster')).toBe('hospital-berlin');
    expect(screen.queryByLabelText('Cluster')).not.toBeInTheDocument();
  });
});
