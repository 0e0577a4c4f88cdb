import type { Environment } from '@marcbachmann/cel-js';
import { compareValues, valuesEqual } from './values';

function extreme(list: unknown[], sign: number, name: string) {
  if (list.length === 0) throw new Error(`${name} called on empty list`);
  return list.reduce((best, v) =>
    Math.sign(compareValues(v, best)) === sign ? v : best,
  );
}

/**
 * Kubernetes' list library (k8s.io/apiserver pkg/cel/library/lists.go). `sum` is here for
 * int and double lists; Kubernetes also sums uint and duration lists.
 */
export function registerLists(env: Environment): Environment {
  return env
    .registerFunction('list<A>.isSorted(): bool', (list: unknown[]) =>
      list.every((v, i) => i === 0 || compareValues(list[i - 1], v) <= 0),
    )
    .registerFunction('list<int>.sum(): int', (list: bigint[]) =>
      list.reduce((a, b) => a + b, 0n),
    )
    .registerFunction('list<double>.sum(): double', (list: number[]) =>
      list.reduce((a, b) => a + b, 0),
    )
    .registerFunction('list<A>.min(): A', (list: unknown[]) =>
      extreme(list, -1, 'min'),
    )
    .registerFunction('list<A>.max(): A', (list: unknown[]) =>
      extreme(list, 1, 'max'),
    )
    .registerFunction(
      'list<A>.indexOf(A): int',
      (list: unknown[], x: unknown) =>
        BigInt(list.findIndex(v => valuesEqual(v, x))),
    )
    .registerFunction(
      'list<A>.lastIndexOf(A): int',
      (list: unknown[], x: unknown) =>
        BigInt(list.findLastIndex(v => valuesEqual(v, x))),
    );
}
