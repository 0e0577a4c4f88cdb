import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { job, renderJobPage } from '../../__testUtils__/jobs';
import { baseUrl, errorResponse, eventStream } from '../../__testUtils__/ocmFl';

describe('JobPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows phase, rounds, clusters, timeline, hub objects and a relaunch with the same values under a free name', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/jobs/mnist-fedavg`, async () => {
        await delay(600);
        return HttpResponse.json(job);
      }),
      // An earlier relaunch holds the first successor name.
      http.get(`${baseUrl}/jobs/mnist-fedavg-r2`, () =>
        HttpResponse.json({ ...job, name: 'mnist-fedavg-r2' }),
      ),
      http.get(`${baseUrl}/jobs/mnist-fedavg-r3`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'not found' } },
          { status: 404 },
        ),
      ),
    );

    await renderJobPage();

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(await screen.findByText('Round 3 of 5')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Round 3 of 5' }),
    ).toHaveAttribute('aria-valuenow', '60');
    expect(screen.getAllByText(job.reason).length).toBeGreaterThan(0);
    expect(screen.getByText('superlink available')).toBeInTheDocument();
    expect(
      screen.getByText('waiting for placement decisions'),
    ).toBeInTheDocument();
    // The hub objects' YAML is closed under a summary of kinds until asked for.
    expect(document.body.textContent).not.toContain('kind: Placement');
    await userEvent.click(
      screen.getByRole('button', { name: '1 object: 1 Placement' }),
    );
    // The YAML is syntax-highlighted: its text is split across tokens.
    await waitFor(() =>
      expect(document.body.textContent).toContain('kind: Placement'),
    );
    expect(
      screen.getByRole('img', { name: 'Metrics per round' }),
    ).toBeInTheDocument();

    const relaunch = await screen.findByRole('link', { name: 'Relaunch' });
    const url = new URL(relaunch.getAttribute('href')!, 'http://portal');
    expect(url.pathname).toBe(
      '/create/templates/default/federated-learning-flower',
    );
    expect(JSON.parse(url.searchParams.get('formData')!)).toMatchObject({
      name: 'mnist-fedavg-r3',
      rounds: 5,
      placement: { clusterSets: ['hospitals'] },
      learningRate: 0.01,
      aggregatorCluster: 'gpu-pool-1',
    });
  });

  it('stops the job after a confirmation', async () => {
    eventStream(server);
    let stopped = 0;
    server.use(
      http.get(`${baseUrl}/jobs/mnist-fedavg`, () =>
        HttpResponse.json(
          stopped
            ? { ...job, phase: 'Stopped', reason: 'stopped by user' }
            : job,
        ),
      ),
      http.post(`${baseUrl}/jobs/mnist-fedavg/stop`, () => {
        stopped++;
        return HttpResponse.json({ stopped: true });
      }),
    );

    await renderJobPage();
    await screen.findByText('Round 3 of 5');
    const stop = screen.getByRole('button', { name: 'Stop' });
    // Enabled once the permission answer is in.
    await waitFor(() => expect(stop).toBeEnabled());
    await userEvent.click(stop);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Stop mnist-fedavg?')).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(stopped).toBe(0);

    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Stop job',
      }),
    );
    await waitFor(() => expect(stopped).toBe(1));
    expect(await screen.findByText('stopped by user')).toBeInTheDocument();
  });

  it('says what is missing when the model store cannot be read, and before any round', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/jobs/mnist-fedavg`, () =>
        HttpResponse.json({
          ...job,
          progress: undefined,
          metrics: undefined,
          timeline: [],
          objects: undefined,
          modelError: 'the model store could not be read: NoSuchBucket',
        }),
      ),
    );

    await renderJobPage();

    expect(await screen.findByText(/NoSuchBucket/)).toBeInTheDocument();
    // No round is claimed that the model location did not show.
    expect(screen.queryByText(/^Round \d+ of 5$/)).not.toBeInTheDocument();
    expect(
      screen.getByText('No metrics to show: see why above.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No phase changes recorded yet/),
    ).toBeInTheDocument();
  });

  it('says why the chart is empty beside a round whose metrics are not stored yet', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/jobs/mnist-fedavg`, () =>
        HttpResponse.json({ ...job, metrics: [] }),
      ),
    );

    await renderJobPage();

    expect(await screen.findByText('Round 3 of 5')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Round 3 is stored in the model location, but its metrics.jsonl has no line yet.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('No round has finished yet.'),
    ).not.toBeInTheDocument();
  });

  it('names the cause when the job does not exist', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/jobs/mnist-fedavg`, () =>
        errorResponse(
          404,
          'NotFoundError',
          'job mnist-fedavg not found on any configured hub',
        ),
      ),
    );

    await renderJobPage();

    expect(
      await screen.findByText(/Could not load job mnist-fedavg: Not found/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/not found on any configured hub/),
    ).toBeInTheDocument();
  });
});
