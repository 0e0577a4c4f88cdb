import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  baseUrl,
  errorResponse,
  eventStream,
  renderWithOcmFl,
} from '../../__testUtils__/ocmFl';
import { ModelDetailContent } from './ModelDetailContent';
import { mnist } from '../../__testUtils__/models';

describe('ModelDetailContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists versions newest first, charts the chosen one and draws the lineage with links', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/models/mnist`, () => HttpResponse.json(mnist)),
    );

    await renderWithOcmFl(<ModelDetailContent name="mnist" />);

    const versionButtons = await screen.findAllByRole('button', {
      name: /^v\d$/,
    });
    expect(versionButtons.map(b => b.textContent)).toEqual(['v2', 'v1']);
    expect(screen.getByText('Metrics of v2 per round')).toBeInTheDocument();
    await userEvent.click(versionButtons[1]);
    expect(screen.getByText('Metrics of v1 per round')).toBeInTheDocument();

    // jsdom cannot measure the graph's nodes, so only the canvas shows here; the nodes
    // and their links are checked in a browser (packages/e2e).
    expect(
      await screen.findByRole('figure', { name: 'Lineage graph' }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('link', { name: 'mnist-run-2' })[0],
    ).toHaveAttribute('href', '/federated-learning/jobs/mnist-run-2');
  });

  it('downloads a file through a presigned URL', async () => {
    eventStream(server);
    const open = jest.spyOn(window, 'open').mockImplementation(() => null);
    let asked: URL | undefined;
    server.use(
      http.get(`${baseUrl}/models/mnist`, () => HttpResponse.json(mnist)),
      http.post(
        `${baseUrl}/models/mnist/versions/2/download`,
        ({ request }) => {
          asked = new URL(request.url);
          return HttpResponse.json({
            url: 'http://127.0.0.1:4569/models/signed?X-Amz-Signature=abc',
            expiresAt: '2026-01-01T10:15:00Z',
            file: 'model/final.npz',
          });
        },
      ),
    );

    await renderWithOcmFl(<ModelDetailContent name="mnist" />);

    const [latest] = await screen.findAllByRole('button', {
      name: 'model/final.npz',
    });
    await waitFor(() => expect(latest).toBeEnabled());
    await userEvent.click(latest);
    await waitFor(() =>
      expect(open).toHaveBeenCalledWith(
        'http://127.0.0.1:4569/models/signed?X-Amz-Signature=abc',
        '_blank',
        'noopener',
      ),
    );
    expect(asked?.searchParams.get('file')).toBe('model/final.npz');
    open.mockRestore();
  });

  it('says when there is nothing yet, and names the cause of a failure', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/models/empty`, () =>
        HttpResponse.json({
          ...mnist,
          name: 'empty',
          versions: [],
          lineage: { nodes: [], edges: [] },
        }),
      ),
      http.get(`${baseUrl}/models/missing`, () =>
        errorResponse(
          404,
          'NotFoundError',
          'model missing has no version on any hub',
        ),
      ),
    );

    await renderWithOcmFl(
      <>
        <ModelDetailContent name="empty" />
        <ModelDetailContent name="missing" />
      </>,
    );

    expect(await screen.findByText(/No version yet/)).toBeInTheDocument();
    expect(
      screen.getByText('No lineage recorded for this model yet.'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/Could not load model missing: Not found/),
    ).toBeInTheDocument();
  });
});
