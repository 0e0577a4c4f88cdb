import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { baseUrl, renderWithOcmFl } from './__testUtils__/ocmFl';
import { ClusterSelectorField } from './components/ClusterSelectorField';
import { validatePlacement } from './components/ClusterSelectorField/validation';
import { JobNameField } from './components/JobNameField/JobNameField';

// The templates' first two steps, as the scaffolder's own Stepper runs them.
const manifest = {
  title: 'Federated training',
  steps: [
    {
      title: 'Job',
      schema: {
        required: ['name', 'minClients'],
        properties: {
          name: {
            title: 'Job name',
            type: 'string',
            'ui:field': 'OcmJobName',
            pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$',
            maxLength: 40,
            default: 'mnist',
          },
          minClients: { title: 'Minimum clients', type: 'integer', default: 3 },
        },
      },
    },
    {
      title: 'Clusters',
      schema: {
        required: ['placement'],
        properties: {
          placement: {
            title: 'Client clusters',
            type: 'object',
            'ui:field': 'OcmClusterSelector',
            default: { clusterSets: ['hospitals'] },
          },
        },
      },
    },
  ],
};

const extensions = [
  { name: 'OcmJobName', component: JobNameField },
  {
    name: 'OcmClusterSelector',
    component: ClusterSelectorField,
    validation: validatePlacement,
  },
];

describe('the federated training form', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('refuses a wrong name in words, then refuses to go on while fewer clusters match than minClients', async () => {
    let matching = ['hospital-berlin', 'hospital-paris'];
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        HttpResponse.json({ total: 0, items: [] }),
      ),
      http.post(`${baseUrl}/placement/preview`, () =>
        HttpResponse.json({
          hub: 'simulator',
          selected: matching,
          conditions: [],
          verdicts: [],
        }),
      ),
    );

    await renderWithOcmFl(
      <Stepper
        manifest={manifest}
        extensions={extensions}
        onCreate={jest.fn()}
      />,
    );

    const name = await screen.findByRole('textbox', { name: /Job name/ });
    await userEvent.clear(name);
    await userEvent.type(name, 'Mnist_1');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      screen.getByText(
        "Use lower-case letters, digits and '-', starting with a letter (and not ending with '-').",
      ),
    ).toBeInTheDocument();
    expect(document.body.textContent).not.toContain('must match pattern');

    await userEvent.clear(name);
    await userEvent.type(name, 'mnist-1');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));

    expect(
      await screen.findByText('2 clusters match on hub simulator'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    // Refused on the Clusters step, with the cause under the field (and in the list on top).
    await waitFor(() =>
      expect(
        screen.getAllByText('2 clusters match but minClients is 3.').length,
      ).toBeGreaterThan(1),
    );
    expect(
      screen.queryByRole('button', { name: 'Create' }),
    ).not.toBeInTheDocument();

    matching = ['hospital-berlin', 'hospital-paris', 'hospital-madrid'];
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      await screen.findByRole('button', { name: 'Create' }),
    ).toBeInTheDocument();
  });
});
