import { JobSpec } from '../job/jobSpec';
import { jobAnnotations, jobLabels } from './common';
import { Manifest, RenderInput } from './types';

/**
 * The Placement that selects a job's clients. Explicit cluster lists need none: the
 * launcher checks those clusters directly.
 */
export function renderPlacement(
  input: Pick<RenderInput, 'spec' | 'namespace' | 'createdBy'>,
): Manifest | undefined {
  const { spec } = input;
  if (!('placement' in spec.clients)) return undefined;
  const p = spec.clients.placement;
  return {
    apiVersion: 'cluster.open-cluster-management.io/v1beta1',
    kind: 'Placement',
    metadata: {
      name: spec.name,
      namespace: input.namespace,
      labels: jobLabels(spec, 'client'),
      annotations: jobAnnotations(input),
    },
    spec: {
      ...(p.clusterSets ? { clusterSets: p.clusterSets } : {}),
      ...(p.numberOfClusters !== undefined
        ? { numberOfClusters: p.numberOfClusters }
        : {}),
      ...(p.predicates
        ? {
            predicates: p.predicates.map(predicate => ({
              requiredClusterSelector: {
                ...(predicate.labelSelector
                  ? { labelSelector: predicate.labelSelector }
                  : {}),
                ...(predicate.claimSelector
                  ? { claimSelector: predicate.claimSelector }
                  : {}),
                ...(predicate.celExpressions
                  ? {
                      celSelector: { celExpressions: predicate.celExpressions },
                    }
                  : {}),
              },
            })),
          }
        : {}),
      ...(p.prioritizers
        ? {
            prioritizerPolicy: {
              mode: 'Additive',
              configurations: p.prioritizers.map(pr => ({
                scoreCoordinate: { type: 'BuiltIn', builtIn: pr.builtIn },
                weight: pr.weight,
              })),
            },
          }
        : {}),
      ...(p.tolerations ? { tolerations: p.tolerations } : {}),
    },
  };
}

export type { JobSpec };
