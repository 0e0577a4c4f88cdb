import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ClusterView } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  baseUrl,
  errorResponse,
  eventStream,
  renderWithOcmFl,
} from '../../__testUtils__/ocmFl';
import { ClustersTable } from './ClustersTable';

const cluster = (name: string, available: boolean): ClusterView => ({
  hub: 'simulator',
  name,
  available,
  clusterSet: 'hospitals',
  labels: {
    region: 'eu',
    'cluster.open-cluster-management.io/clusterset': 'hospitals',
  },
  claims: { 'data.fl.open-cluster-management.io': '/data/mnist' },
  capacity: { cpu: '16', memory: '64Gi' },
  allocatable: { cpu: '14500m', memory: '60Gi' },
  taints: [],
  jobs: available ? ['mnist-fedavg'] : [],
});

describe('ClustersTable', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows each cluster with availability, set, labels, claims, capacity and jobs', async () => {
    const stream = eventStream(server);
    const queries: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/clusters`, ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          total: 2,
          items: [cluster('hospital-a', true), cluster('hospital-b', false)],
          hubs: { simulator: { synced: true, stale: false } },
        });
      }),
    );

    await renderWithOcmFl(<ClustersTable />);

    expect(await screen.findByText('hospital-a')).toBeInTheDocument();
    expect(screen.getByText('Available')).toBeInTheDocument();
    expect(screen.getByText('Unavailable')).toBeInTheDocument();
    expect(screen.getAllByText('region=eu')).toHaveLength(2);
    expect(screen.getAllByText('14.5 CPU, 60Gi')).toHaveLength(2);
    expect(screen.getByRole('link', { name: 'mnist-fedavg' })).toHaveAttribute(
      'href',
      '/federated-learning/jobs/mnist-fedavg',
    );
    // The set label is shown as the set, not repeated among the labels.
    expect(screen.queryByText(/clusterset=hospitals/)).not.toBeInTheDocument();
    expect(queries[0].get('limit')).toBe('20');
    expect(queries[0].get('offset')).toBe('0');

    // A cluster that changes on the hub reloads the page on screen.
    await waitFor(() => expect(stream.connections).toBe(1));
    stream.push({
      hub: 'simulator',
      kind: 'clusters',
      type: 'update',
      name: 'hospital-b',
    });
    await waitFor(() => expect(queries.length).toBe(2), { timeout: 3000 });
  });

  it('opens every claim of a cluster from "+N more", and names its hub under it', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        HttpResponse.json({
          total: 1,
          items: [
            {
              ...cluster('hospital-a', true),
              claims: {
                'id.k8s.io': 'hospital-a',
                'region.open-cluster-management.io': 'eu-central',
                'data.fl.open-cluster-management.io': '/data/mnist',
              },
            },
          ],
        }),
      ),
    );

    await renderWithOcmFl(<ClustersTable />);

    expect(await screen.findByText('hospital-a')).toBeInTheDocument();
    expect(screen.getByText('hub simulator')).toBeInTheDocument();
    expect(
      screen.queryByText('data.fl.open-cluster-management.io=/data/mnist'),
    ).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 3 claims' }),
    );
    const all = await screen.findByRole('dialog', { name: 'All claims' });
    expect(all).toHaveTextContent(
      'data.fl.open-cluster-management.io=/data/mnist',
    );
  });

  it('asks the backend for the filter and the search, and says when nothing matches', async () => {
    eventStream(server);
    const queries: URLSearchParams[] = [];
    server.use(
      http.get(`${baseUrl}/clusters`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        queries.push(query);
        const items =
          query.get('available') === 'false'
            ? []
            : [cluster('hospital-a', true)];
        return HttpResponse.json({ total: items.length, items, hubs: {} });
      }),
    );

    await renderWithOcmFl(<ClustersTable />);
    expect(await screen.findByText('hospital-a')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Availability'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'unavailable' }),
    );

    expect(
      await screen.findByText('No cluster matches the filter'),
    ).toBeInTheDocument();
    expect(queries.at(-1)?.get('available')).toBe('false');

    await userEvent.type(screen.getByPlaceholderText('Filter'), 'gpu');
    await waitFor(() => expect(queries.at(-1)?.get('search')).toBe('gpu'));
  });

  it('shows a loading indicator, then tells how to add clusters when there are none', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/clusters`, async () => {
        await delay(200);
        return HttpResponse.json({ total: 0, items: [], hubs: {} });
      }),
    );

    await renderWithOcmFl(<ClustersTable />);

    expect(screen.getByRole('progressbar')).toBeInTheDocument();
    expect(await screen.findByText('No managed clusters')).toBeInTheDocument();
    expect(screen.getByText(/clusteradm join/)).toBeInTheDocument();
  });

  it('names a refused permission', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        errorResponse(
          403,
          'NotAllowedError',
          'Not allowed: ocm-fl.cluster.read is required to see clusters',
        ),
      ),
    );

    await renderWithOcmFl(<ClustersTable />);

    expect(
      await screen.findByText(/Could not load clusters: Permission denied/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/ocm-fl\.cluster\.read is required to see clusters/),
    ).toBeInTheDocument();
  });

  it('says when a hub is unreachable and the list is its last known state', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        HttpResponse.json({
          total: 1,
          items: [cluster('hospital-a', true)],
          hubs: {
            simulator: {
              synced: true,
              stale: true,
              error: 'watch failed: connect ECONNREFUSED 127.0.0.1:6443',
            },
          },
        }),
      ),
    );

    await renderWithOcmFl(<ClustersTable />);

    expect(
      await screen.findByText(
        /Hub simulator is unreachable: showing its last known state/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/ECONNREFUSED 127\.0\.0\.1:6443/),
    ).toBeInTheDocument();
    expect(screen.getByText('hospital-a')).toBeInTheDocument();
  });
});
