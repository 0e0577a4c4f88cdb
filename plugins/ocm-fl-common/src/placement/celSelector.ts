import { Environment } from '@marcbachmann/cel-js';
import { AddOnPlacementScore, ManagedCluster } from './types';

/** Looks up an AddOnPlacementScore by cluster (its namespace) and name. */
export type ScoreLookup = (
  clusterName: string,
  resourceName: string,
) => AddOnPlacementScore | undefined;

/** A compiled CEL expression of a placement's `celSelector`. */
export type CelPredicate = (cluster: ManagedCluster) => boolean;

function environment(scores: ScoreLookup) {
  return new Environment({
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
    // A bound on expression size stands in for OCM's cost budget.
    limits: { maxAstNodes: 10_000, maxDepth: 100 },
  })
    .registerVariable('managedCluster', 'map')
    .registerFunction({
      name: 'scores',
      receiverType: 'map',
      returnType: 'list',
      params: [{ name: 'resourceName', type: 'string' }],
      handler: (cluster: any, resourceName: string) => {
        const name =
          cluster?.get?.('metadata')?.get?.('name') ?? cluster?.metadata?.name;
        const score = scores(String(name), resourceName);
        if (!score) {
          throw new Error(
            `AddOnPlacementScore ${resourceName} not found for ${name}`,
          );
        }
        // validUntil is not checked here, as in OCM.
        return (score.status?.scores ?? []).map(s => ({
          name: s.name,
          value: BigInt(s.value),
        }));
      },
    })
    .registerFunction({
      name: 'parseJSON',
      receiverType: 'string',
      returnType: 'dyn',
      params: [],
      handler: (text: string) => JSON.parse(text),
    });
}

/**
 * Compiles CEL expressions for clusters. Throws when an expression does not compile (the
 * placement is then Misconfigured); at evaluation, a runtime error or a non-boolean result
 * is "no match", as in OCM.
 */
export function compileCelExpressions(
  expressions: string[],
  scores: ScoreLookup,
): CelPredicate {
  const env = environment(scores);
  const programs = expressions.map(expression => {
    try {
      return env.parse(expression);
    } catch (error) {
      throw new Error(
        `CEL expression "${expression}" does not compile: ${
          (error as Error).message.split('\n')[0]
        }`,
      );
    }
  });
  return cluster =>
    programs.every(program => {
      try {
        return program({ managedCluster: cluster }) === true;
      } catch {
        return false;
      }
    });
}
