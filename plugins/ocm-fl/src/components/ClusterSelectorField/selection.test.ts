import { placementSelectionSchema } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { fromEditable, isComplete, toEditable } from './selection';

describe('the cluster selector form state', () => {
  it('reads matchLabels as In requirements and writes one predicate that OCM reads the same way', () => {
    const editable = toEditable({
      clusterSets: ['hospitals'],
      numberOfClusters: 2,
      predicates: [
        {
          labelSelector: {
            matchLabels: { region: 'eu-central' },
            matchExpressions: [{ key: 'gpu', operator: 'Exists' }],
          },
          claimSelector: {
            matchExpressions: [
              { key: 'data.fl.open-cluster-management.io', operator: 'Exists' },
            ],
          },
        },
      ],
    });
    expect(editable.labels).toEqual([
      { key: 'region', operator: 'In', values: 'eu-central' },
      { key: 'gpu', operator: 'Exists', values: '' },
    ]);

    const placement = fromEditable(editable);
    expect(placement).toEqual({
      clusterSets: ['hospitals'],
      numberOfClusters: 2,
      predicates: [
        {
          labelSelector: {
            matchExpressions: [
              { key: 'region', operator: 'In', values: ['eu-central'] },
              { key: 'gpu', operator: 'Exists' },
            ],
          },
          claimSelector: {
            matchExpressions: [
              { key: 'data.fl.open-cluster-management.io', operator: 'Exists' },
            ],
          },
        },
      ],
    });
    expect(placementSelectionSchema.safeParse(placement).success).toBe(true);
  });

  it('leaves out rows still being typed, and an empty selection is an empty placement', () => {
    const editable = toEditable(undefined);
    expect(fromEditable(editable)).toEqual({});
    const typing = {
      ...editable,
      labels: [
        { key: 'region', operator: 'In' as const, values: '' },
        { key: '', operator: 'Exists' as const, values: '' },
        { key: 'tier', operator: 'NotIn' as const, values: 'a, b ,' },
      ],
    };
    expect(typing.labels.map(isComplete)).toEqual([false, false, true]);
    expect(fromEditable(typing)).toEqual({
      predicates: [
        {
          labelSelector: {
            matchExpressions: [
              { key: 'tier', operator: 'NotIn', values: ['a', 'b'] },
            ],
          },
        },
      ],
    });
  });

  it('carries what it does not edit through unchanged', () => {
    const original = {
      clusterSets: ['hospitals'],
      predicates: [
        { celExpressions: ['cluster.metadata.name != "x"'] },
        { labelSelector: { matchLabels: { gpu: 'true' } } },
      ],
      tolerations: [{ key: 'maintenance', operator: 'Exists' as const }],
      prioritizers: [{ builtIn: 'Steady' as const, weight: 2 }],
    };
    expect(fromEditable(toEditable(original))).toEqual(original);
  });
});
