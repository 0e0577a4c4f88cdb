// A file of its own: usePermission caches answers per module (see JobPage.permissions.test).
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { job, renderJobPage } from '../../__testUtils__/jobs';
import { baseUrl, eventStream } from '../../__testUtils__/ocmFl';

describe('JobPage for the job creator', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('enables stop and delete when ocm-fl.job.delete is allowed for this job only', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/jobs/mnist-fedavg`, () => HttpResponse.json(job)),
    );

    // As a policy's "jobs they launched" condition answers, resolved for the job asked about.
    await renderJobPage(request =>
      request.permission.name === 'ocm-fl.job.delete' &&
      request.resourceRef === 'mnist-fedavg'
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    );

    // Disabled while the answer is on its way, then rendered anew.
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Stop' })).toBeEnabled(),
    );
    expect(screen.getByRole('button', { name: 'Delete' })).toBeEnabled();
  });
});
