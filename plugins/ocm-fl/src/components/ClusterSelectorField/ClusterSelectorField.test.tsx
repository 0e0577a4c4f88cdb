import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { PlacementSelection } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  baseUrl,
  errorResponse,
  renderWithOcmFl,
} from '../../__testUtils__/ocmFl';
import { ClusterSelectorField } from './ClusterSelectorField';

function renderField(
  onChange: (value: PlacementSelection) => void,
  formData: PlacementSelection | undefined,
  stepsFormData: Record<string, unknown> = {},
  uiOptions: Record<string, unknown> = {},
) {
  const props: any = {
    formData,
    onChange,
    schema: {
      title: 'Client clusters',
      type: 'object',
      default: { clusterSets: ['gpu-pool'] },
    },
    uiSchema: { 'ui:options': uiOptions },
    rawErrors: [],
    required: true,
    idSchema: { $id: 'root_placement' },
    // The scaffolder's Stepper passes every step's values here.
    formContext: { formData: stepsFormData },
  };
  return renderWithOcmFl(<ClusterSelectorField {...props} />);
}

/**
 * Answers the field's requests on a hub without cluster sets: every preview selects
 * `selected`. Returns the placements the field asked to preview, in order.
 */
function servePreviews(
  server: ReturnType<typeof setupServer>,
  selected: string[],
) {
  const previews: any[] = [];
  server.use(
    http.get(`${baseUrl}/clusters`, () =>
      HttpResponse.json({ total: 0, items: [] }),
    ),
    http.post(`${baseUrl}/placement/preview`, async ({ request }) => {
      previews.push(((await request.json()) as any).placement);
      return HttpResponse.json({
        hub: 'simulator',
        selected,
        conditions: [],
        verdicts: [],
      });
    }),
  );
  return previews;
}

describe('ClusterSelectorField', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('previews the selection live and says why each other cluster is out', async () => {
    const previews: any[] = [];
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        HttpResponse.json({
          total: 2,
          items: [
            { name: 'hospital-berlin', clusterSet: 'hospitals' },
            { name: 'gpu-pool-1', clusterSet: 'gpu-pool' },
          ],
        }),
      ),
      http.post(`${baseUrl}/placement/preview`, async ({ request }) => {
        const body = (await request.json()) as any;
        previews.push(body.placement);
        const regionRequired = !!body.placement.predicates;
        return HttpResponse.json({
          hub: 'simulator',
          selected: regionRequired
            ? ['hospital-berlin']
            : ['hospital-berlin', 'hospital-boston'],
          conditions: [
            {
              type: 'PlacementSatisfied',
              status: 'True',
              reason: 'AllDecisionsScheduled',
              message: 'ok',
            },
          ],
          verdicts: [
            {
              clusterName: 'hospital-berlin',
              selected: true,
              stage: 'selected',
              reason: 'selected',
            },
            ...(regionRequired
              ? [
                  {
                    clusterName: 'hospital-boston',
                    selected: false,
                    stage: 'predicate',
                    reason:
                      'label region=us-east does not match region In (eu-central)',
                  },
                ]
              : [
                  {
                    clusterName: 'hospital-boston',
                    selected: true,
                    stage: 'selected',
                    reason: 'selected',
                  },
                ]),
            {
              clusterName: 'gpu-pool-1',
              selected: false,
              stage: 'clusterSet',
              reason: 'in cluster set gpu-pool, not in hospitals',
            },
          ],
        });
      }),
    );
    const onChange = jest.fn();

    await renderField(onChange, { clusterSets: ['hospitals'] });

    expect(
      await screen.findByText('2 clusters match on hub simulator'),
    ).toBeInTheDocument();
    expect(screen.getByText('Not in a chosen cluster set')).toBeInTheDocument();
    expect(
      screen.getByText('in cluster set gpu-pool, not in hospitals'),
    ).toBeInTheDocument();
    expect(previews[0]).toEqual({ clusterSets: ['hospitals'] });

    await userEvent.click(
      screen.getByRole('button', { name: 'Add label requirement' }),
    );
    await userEvent.type(screen.getByLabelText('label key'), 'region');
    await userEvent.type(
      screen.getByLabelText('Values (comma-separated)'),
      'eu-central',
    );

    expect(
      await screen.findByText('1 cluster matches on hub simulator'),
    ).toBeInTheDocument();
    expect(screen.getByText('Selector does not match')).toBeInTheDocument();
    const expected = {
      clusterSets: ['hospitals'],
      predicates: [
        {
          labelSelector: {
            matchExpressions: [
              { key: 'region', operator: 'In', values: ['eu-central'] },
            ],
          },
        },
      ],
    };
    expect(onChange).toHaveBeenLastCalledWith(expected);
    // Typing is debounced: one preview for the finished requirement, not one per key.
    await waitFor(() => expect(previews.at(-1)).toEqual(expected));
    expect(previews.length).toBeLessThan(5);
  });

  it('names the field the backend rejects', async () => {
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        HttpResponse.json({ total: 0, items: [] }),
      ),
      http.post(`${baseUrl}/placement/preview`, () =>
        errorResponse(
          400,
          'InputError',
          'body.placement.clusterSets.0: must be a Kubernetes name',
        ),
      ),
    );

    await renderField(jest.fn(), { clusterSets: ['hospitals'] });

    expect(
      await screen.findByText(
        /Could not preview the selection: Invalid request/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/body\.placement\.clusterSets\.0/),
    ).toBeInTheDocument();
  });

  it.each([undefined, {}])(
    'starts from the template default when the form holds %p',
    async formData => {
      const previews = servePreviews(server, ['gpu-pool-1']);
      const onChange = jest.fn();

      await renderField(onChange, formData);

      expect(
        await screen.findByText('1 cluster matches on hub simulator'),
      ).toBeInTheDocument();
      expect(screen.getByText('gpu-pool')).toBeInTheDocument();
      expect(onChange).toHaveBeenCalledWith({ clusterSets: ['gpu-pool'] });
      expect(previews).toEqual([{ clusterSets: ['gpu-pool'] }]);
    },
  );

  it('turns the preview red and names the cause when fewer clusters match than minClients', async () => {
    servePreviews(server, ['hospital-berlin', 'hospital-paris']);

    await renderField(
      jest.fn(),
      { clusterSets: ['hospitals'] },
      { minClients: 3 },
    );

    expect(
      await screen.findByText('2 clusters match but minClients is 3.'),
    ).toBeInTheDocument();
    expect(screen.getByText('2 clusters match on hub simulator')).toHaveClass(
      'MuiTypography-colorError',
    );
    // Labelled, so a screen reader names the input.
    expect(
      screen.getByRole('spinbutton', { name: 'Number of clusters' }),
    ).toBeInTheDocument();
  });

  it('previews minClients clusters for a job that trains with exactly that many, unless Number of clusters says', async () => {
    const previews = servePreviews(server, [
      'hospital-berlin',
      'hospital-paris',
    ]);
    const onChange = jest.fn();

    await renderField(
      onChange,
      { clusterSets: ['hospitals'] },
      { minClients: 2 },
      { exactlyMinClients: true },
    );

    await waitFor(() =>
      expect(previews).toEqual([
        { clusterSets: ['hospitals'], numberOfClusters: 2 },
      ]),
    );
    // The value stays what the user chose: the job spec fills in the number itself.
    expect(onChange).not.toHaveBeenCalledWith(
      expect.objectContaining({ numberOfClusters: 2 }),
    );
    expect(
      screen.getByText(
        'Empty means minClients (2): OpenFL trains with exactly that many',
      ),
    ).toBeInTheDocument();

    await userEvent.type(
      screen.getByRole('spinbutton', { name: 'Number of clusters' }),
      '1',
    );
    await waitFor(() =>
      expect(previews[previews.length - 1]).toEqual({
        clusterSets: ['hospitals'],
        numberOfClusters: 1,
      }),
    );
  });
});
