import { Environment } from '@marcbachmann/cel-js';
import { registerKubernetesLibraries } from './cel/kubernetesLibraries';
import { AddOnPlacementScore, ManagedCluster } from './types';

/** Looks up an AddOnPlacementScore by cluster (its namespace) and name. */
export type ScoreLookup = (
  clusterName: string,
  resourceName: string,
) => AddOnPlacementScore | undefined;

/** A compiled CEL expression of a placement's `celSelector`. */
export type CelPredicate = (cluster: ManagedCluster) => boolean;

let libraries: Environment | undefined;

/** OCM's placement environment without `scores`, built once (a clone is extensible). */
function baseEnvironment(): Environment {
  libraries ??= registerKubernetesLibraries(
    new Environment({
      enableOptionalTypes: true,
      homogeneousAggregateLiterals: false,
      // A bound on expression size stands in for OCM's cost budget.
      limits: { maxAstNodes: 10_000, maxDepth: 100 },
    }),
  )
    .registerVariable('managedCluster', 'map')
    .registerFunction({
      name: 'parseJSON',
      receiverType: 'string',
      returnType: 'dyn',
      params: [],
      handler: (text: string) => JSON.parse(text),
    });
  return libraries;
}

function environment(scores: ScoreLookup) {
  return baseEnvironment()
    .clone()
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
    });
}

/**
 * cel-go's layout of a compile error (common/errors.go, `ToDisplayString`), which OCM puts
 * after "compilation failed: " (pkg/placement/helpers/cel.go): position, message, the line
 * and a caret under the column. The wording of the message is this CEL implementation's.
 */
function compileErrorMessage(expression: string, error: Error): string {
  const summary =
    (error as { summary?: string }).summary ?? error.message.split('\n')[0];
  const offset = Math.min(
    (error as { range?: { start: number } }).range?.start ?? 0,
    expression.length,
  );
  const before = expression.slice(0, offset).split('\n');
  const line = before.length;
  const column = before[before.length - 1].length;
  const source = expression.split('\n')[line - 1].replace(/\t/g, ' ');
  return `compilation failed: ERROR: <input>:${line}:${
    column + 1
  }: ${summary}\n | ${source}\n | ${'.'.repeat(column)}^`;
}

/**
 * The ManagedCluster as OCM hands it to CEL: converted to unstructured JSON, where whole
 * numbers are int64 (CEL `int`), not double.
 */
function asUnstructured(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value))
    return BigInt(value);
  if (Array.isArray(value)) return value.map(asUnstructured);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, asUnstructured(v)]),
    );
  return value;
}

/**
 * Compiles CEL expressions for clusters: parsed and type-checked, as cel-go's `Compile`
 * does, so an unknown function or a wrong argument type does not compile. Throws with the
 * message the placement's `PlacementMisconfigured` condition carries; at evaluation, a
 * runtime error or a non-boolean result is "no match", as in OCM.
 */
export function compileCelExpressions(
  expressions: string[],
  scores: ScoreLookup,
): CelPredicate {
  const env = environment(scores);
  const programs = expressions.map(expression => {
    let program;
    try {
      program = env.parse(expression);
    } catch (error) {
      throw new Error(compileErrorMessage(expression, error as Error));
    }
    const checked = program.check();
    if (!checked.valid)
      throw new Error(compileErrorMessage(expression, checked.error!));
    return program;
  });
  return cluster => {
    const managedCluster = asUnstructured(cluster);
    return programs.every(program => {
      try {
        return program({ managedCluster }) === true;
      } catch {
        return false;
      }
    });
  };
}
