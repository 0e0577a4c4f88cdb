import { ApiHolder } from '@backstage/core-plugin-api';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { PlacementSelection } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ocmFlApiRef } from '../../api/OcmFlApi';
import {
  baseUrl,
  createTestClient,
  errorResponse,
} from '../../__testUtils__/ocmFl';
import { validatePlacement } from './validation';

const apiHolder: ApiHolder = {
  get: ref =>
    (ref.id === ocmFlApiRef.id ? createTestClient() : undefined) as any,
};

async function validate(placement: PlacementSelection, minClients?: number) {
  const validation = createFieldValidation();
  await validatePlacement(placement, validation, {
    apiHolder,
    formData: { name: 'mnist', minClients, placement } as any,
    schema: {},
  });
  return validation.__errors;
}

const selected = (name: string) => ({
  clusterName: name,
  selected: true,
  stage: 'selected',
  reason: 'selected',
});

describe('the cluster selector validation', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function previewAnswers(answer: object) {
    const asked: PlacementSelection[] = [];
    server.use(
      http.post(`${baseUrl}/placement/preview`, async ({ request }) => {
        asked.push(((await request.json()) as any).placement);
        return HttpResponse.json({
          hub: 'simulator',
          conditions: [],
          ...answer,
        });
      }),
    );
    return asked;
  }

  it('lets a selection through when enough clusters match', async () => {
    const asked = previewAnswers({
      selected: ['hospital-berlin', 'hospital-paris'],
      verdicts: [selected('hospital-berlin'), selected('hospital-paris')],
    });

    expect(await validate({ clusterSets: ['hospitals'] }, 2)).toEqual([]);
    // The backend is asked about the value being submitted, not an earlier preview.
    expect(asked).toEqual([{ clusterSets: ['hospitals'] }]);
  });

  it('refuses a selection no cluster matches', async () => {
    previewAnswers({
      selected: [],
      verdicts: [
        {
          clusterName: 'gpu-pool-1',
          selected: false,
          stage: 'clusterSet',
          reason: 'not in hospitals',
        },
      ],
    });

    expect(await validate({ clusterSets: ['hospitals'] }, 1)).toEqual([
      'No cluster matches the selection: choose other cluster sets or loosen the requirements.',
    ]);
  });

  it('refuses fewer matching clusters than minClients', async () => {
    previewAnswers({
      selected: ['hospital-berlin', 'hospital-paris'],
      verdicts: [selected('hospital-berlin'), selected('hospital-paris')],
    });

    expect(await validate({ clusterSets: ['hospitals'] }, 3)).toEqual([
      '2 clusters match but minClients is 3.',
    ]);
  });

  it('says when Number of clusters, not the selection, keeps too few', async () => {
    previewAnswers({
      selected: ['hospital-berlin'],
      verdicts: [
        selected('hospital-berlin'),
        {
          clusterName: 'hospital-paris',
          selected: false,
          stage: 'notTopN',
          reason: 'beyond numberOfClusters 1',
        },
      ],
    });

    expect(
      await validate({ clusterSets: ['hospitals'], numberOfClusters: 1 }, 2),
    ).toEqual([
      '2 clusters match but Number of clusters keeps 1 and minClients is 2.',
    ]);
  });

  it('refuses when the selection cannot be checked, with the backend answer', async () => {
    server.use(
      http.post(`${baseUrl}/placement/preview`, () =>
        errorResponse(
          503,
          'ServiceUnavailableError',
          'hub simulator is unreachable',
        ),
      ),
    );

    expect(await validate({ clusterSets: ['hospitals'] }, 2)).toEqual([
      'Could not check the selection: Hub unreachable, hub simulator is unreachable',
    ]);
  });
});
