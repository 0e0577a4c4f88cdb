// A file of its own: usePermission caches answers per module.
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  baseUrl,
  eventStream,
  renderWithOcmFl,
} from '../../__testUtils__/ocmFl';
import { ModelDetailContent } from './ModelDetailContent';
import { mnist } from '../../__testUtils__/models';

describe('ModelDetailContent without the download permission', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('disables downloads and names the permission', async () => {
    eventStream(server);
    server.use(
      http.get(`${baseUrl}/models/mnist`, () => HttpResponse.json(mnist)),
    );

    await renderWithOcmFl(<ModelDetailContent name="mnist" />, {
      permission: AuthorizeResult.DENY,
    });

    const buttons = await screen.findAllByRole('button', {
      name: 'model/final.npz',
    });
    await waitFor(() =>
      expect(
        screen.getAllByTitle('You need the ocm-fl.model.download permission'),
      ).toHaveLength(2),
    );
    buttons.forEach(b => expect(b).toBeDisabled());
  });
});
