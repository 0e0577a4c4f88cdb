// A file of its own: usePermission caches answers per module, so a denial must not share
// a module registry with the tests where everything is allowed.
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { job, renderJobPage } from '../../__testUtils__/jobs';
import { baseUrl, eventStream } from '../../__testUtils__/ocmFl';

describe('JobPage without permission', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('disables stop and delete without the ocm-fl.job.delete permission', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/jobs/mnist-fedavg`, () => HttpResponse.json(job)),
    );

    await renderJobPage(AuthorizeResult.DENY);

    expect(await screen.findByRole('button', { name: 'Stop' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Delete' })).toBeDisabled();
    expect(
      screen.getAllByTitle('You need the ocm-fl.job.delete permission').length,
    ).toBe(2);
  });
});
