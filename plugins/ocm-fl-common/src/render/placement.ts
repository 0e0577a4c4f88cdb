import { JobSpec } from '../job/jobSpec';
import { hubObjectLabels, jobAnnotations } from './jobMetadata';
import { PlacementSpec } from '../placement/types';
import { Manifest, RenderInput } from './types';

/** What a job says about placing its clients (`clients.placement` of the job spec). @public */
export type PlacementSelection = Extract<
  JobSpec['clients'],
  { placement: unknown }
>['placement'];

/**
 * The OCM Placement spec for a selection: predicates with label, claim and CEL selectors,
 * prioritizers (added to OCM's defaults), tolerations and the number of clusters.
 *
 * @public
 */
export function placementSpecFor(p: PlacementSelection): PlacementSpec {
  return {
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
                ? { celSelector: { celExpressions: predicate.celExpressions } }
                : {}),
            },
          })),
        }
      : {}),
    ...(p.prioritizers
      ? {
          prioritizerPolicy: {
            mode: 'Additive' as const,
            configurations: p.prioritizers.map(pr => ({
              scoreCoordinate: {
                type: 'BuiltIn' as const,
                builtIn: pr.builtIn,
              },
              weight: pr.weight,
            })),
          },
        }
      : {}),
    ...(p.tolerations ? { tolerations: p.tolerations } : {}),
  };
}

/**
 * The Placement that selects a job's clients. Explicit cluster lists need none: the
 * launcher checks those clusters directly.
 */
export function renderPlacement(
  input: Pick<RenderInput, 'spec' | 'namespace' | 'createdBy' | 'runId'>,
): Manifest | undefined {
  const { spec } = input;
  if (!('placement' in spec.clients)) return undefined;
  return {
    apiVersion: 'cluster.open-cluster-management.io/v1beta1',
    kind: 'Placement',
    metadata: {
      name: spec.name,
      namespace: input.namespace,
      labels: hubObjectLabels(input, 'client'),
      annotations: jobAnnotations(input),
    },
    spec: placementSpecFor(spec.clients.placement),
  };
}
