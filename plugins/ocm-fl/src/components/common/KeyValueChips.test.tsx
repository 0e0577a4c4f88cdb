import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { KeyValueChips } from './KeyValueChips';

describe('KeyValueChips', () => {
  const claims = {
    'id.k8s.io': 'edge-frankfurt',
    'region.open-cluster-management.io': 'eu-central',
    'data.fl.open-cluster-management.io': '/data/mnist',
  };

  it('shows the first values and opens all of them from "+N more"', async () => {
    await renderInTestApp(
      <KeyValueChips noun="claims" values={claims} max={2} />,
    );

    expect(screen.getByText('id.k8s.io=edge-frankfurt')).toBeInTheDocument();
    expect(
      screen.queryByText('data.fl.open-cluster-management.io=/data/mnist'),
    ).not.toBeInTheDocument();

    const more = screen.getByRole('button', { name: 'Show all 3 claims' });
    expect(more).toHaveTextContent('+1 more');
    await userEvent.click(more);

    const all = await screen.findByRole('dialog', { name: 'All claims' });
    expect(
      within(all).getByText('data.fl.open-cluster-management.io=/data/mnist'),
    ).toBeInTheDocument();
    expect(
      within(all).getByText('id.k8s.io=edge-frankfurt'),
    ).toBeInTheDocument();

    await userEvent.keyboard('{Escape}');
    expect(
      screen.queryByRole('dialog', { name: 'All claims' }),
    ).not.toBeInTheDocument();
  });

  it('has no button when every value fits', async () => {
    await renderInTestApp(<KeyValueChips noun="claims" values={claims} />);

    expect(screen.getAllByText(/=/)).toHaveLength(3);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
