import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { HealthResponse } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { ocmFlApiRef } from '../../api/OcmFlApi';
import { OcmFlClient } from '../../api/OcmFlClient';
import { HubHealthCard } from './HubHealthCard';

const baseUrl = 'http://backend.test/api/ocm-fl';
const client = new OcmFlClient({
  discoveryApi: { getBaseUrl: async () => baseUrl },
  fetchApi: { fetch: (...args) => fetch(...args) },
});

function renderPage() {
  return renderInTestApp(
    <TestApiProvider apis={[[ocmFlApiRef, client]]}>
      <HubHealthCard />
    </TestApiProvider>,
  );
}

describe('HubHealthCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists each hub with its state and the reason when it is down', async () => {
    const health: HealthResponse = {
      status: 'degraded',
      hubs: [
        {
          name: 'east',
          url: 'https://east:6443',
          state: 'ok',
          kubernetesVersion: 'v1.31.0+ocm-hub-simulator',
          simulator: true,
          checkedAt: new Date().toISOString(),
        },
        {
          name: 'west',
          url: 'https://west:6443',
          state: 'unreachable',
          message: 'ECONNREFUSED: connect ECONNREFUSED 10.0.0.2:6443',
        },
      ],
    };
    server.use(http.get(`${baseUrl}/health`, () => HttpResponse.json(health)));

    await renderPage();

    expect(await screen.findByText('east')).toBeInTheDocument();
    expect(screen.getByText('simulator')).toBeInTheDocument();
    expect(screen.getByText('Connected')).toBeInTheDocument();
    expect(screen.getByText('Unreachable')).toBeInTheDocument();
    expect(screen.getByText(/ECONNREFUSED 10\.0\.0\.2/)).toBeInTheDocument();
  });

  it('shows what is insecure about a connection', async () => {
    const health: HealthResponse = {
      status: 'ok',
      hubs: [
        {
          name: 'lab',
          url: 'http://lab.example:6443',
          state: 'ok',
          warnings: [
            'plain HTTP: the service account token crosses the network',
          ],
        },
      ],
    };
    server.use(http.get(`${baseUrl}/health`, () => HttpResponse.json(health)));

    await renderPage();

    expect(
      await screen.findByText(/plain HTTP: the service account token/),
    ).toBeInTheDocument();
  });

  it('names the cause when the backend refuses', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message:
                'Not allowed: ocm-fl.cluster.read is required to see hub health',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );

    await renderPage();

    expect(
      await screen.findByText(/Could not load hub health/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/ocm-fl\.cluster\.read is required/).length,
    ).toBeGreaterThan(0);
  });
});
