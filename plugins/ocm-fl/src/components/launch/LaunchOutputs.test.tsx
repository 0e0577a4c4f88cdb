import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithOcmFl } from '../../__testUtils__/ocmFl';
import { LaunchOutputs } from './LaunchOutputs';

const hubObjects = `apiVersion: cluster.open-cluster-management.io/v1beta1
kind: Placement
metadata:
  name: mnist
---
apiVersion: work.open-cluster-management.io/v1
kind: ManifestWork
metadata:
  name: mnist-client
---
apiVersion: work.open-cluster-management.io/v1
kind: ManifestWork
metadata:
  name: mnist-aggregator
`;

describe('LaunchOutputs', () => {
  it('shows the template outputs and the hub objects closed under a summary', async () => {
    await renderWithOcmFl(
      <LaunchOutputs
        output={{
          links: [
            { title: 'Follow the job', url: '/federated-learning/jobs/mnist' },
          ],
          text: [{ title: 'Launched', content: 'Clients: hospital-berlin' }],
          hubObjects,
        }}
      />,
    );

    expect(screen.getByText('Follow the job')).toBeInTheDocument();
    expect(screen.getByText('Clients: hospital-berlin')).toBeInTheDocument();
    expect(document.body.textContent).not.toContain('kind: ManifestWork');

    await userEvent.click(
      screen.getByRole('button', {
        name: '3 objects: 1 Placement, 2 ManifestWorks',
      }),
    );
    await waitFor(() =>
      expect(document.body.textContent).toContain('name: mnist-aggregator'),
    );
  });

  it('shows no hub objects card when the task has none (it failed before launching)', async () => {
    await renderWithOcmFl(
      <LaunchOutputs
        output={{ text: [{ title: 'Launched', content: 'Clients: none' }] }}
      />,
    );

    expect(screen.getByText('Clients: none')).toBeInTheDocument();
    expect(screen.queryByText('Hub objects')).not.toBeInTheDocument();
  });
});
