import type { Environment } from '@marcbachmann/cel-js';
import { SemVer } from 'semver';

/** A semantic version, the value of CEL's `kubernetes.Semver` type. */
export class CelSemver {
  constructor(readonly version: SemVer) {}
}

/**
 * Parses as blang/semver's `Parse` does for Kubernetes: strictly semver.org, so no "v"
 * prefix, no surrounding spaces and all three numbers. The npm parser forgives a leading
 * "v" or "=" and spaces, which Kubernetes refuses, so those are refused first.
 */
function parseSemver(text: string): CelSemver {
  if (!/^\d/.test(text) || /\s/.test(text))
    throw new Error(`No Major.Minor.Patch elements found in "${text}"`);
  try {
    return new CelSemver(new SemVer(text));
  } catch (error) {
    throw new Error(
      `Invalid semantic version "${text}": ${(error as Error).message}`,
    );
  }
}

/**
 * Kubernetes' semver library (k8s.io/apiserver pkg/cel/library/semverlib.go) as OCM
 * registers it: `SemverLib()` without options is version 0, so the `normalize` overloads
 * (`semver(string, bool)`) do not exist there and do not compile here.
 */
export function registerSemver(env: Environment): Environment {
  const compare = (a: CelSemver, b: CelSemver) =>
    BigInt(a.version.compare(b.version));
  return env
    .registerType('kubernetes.Semver', CelSemver)
    .registerFunction('semver(string): kubernetes.Semver', parseSemver)
    .registerFunction('isSemver(string): bool', (text: string) => {
      try {
        parseSemver(text);
        return true;
      } catch {
        return false;
      }
    })
    .registerFunction('kubernetes.Semver.major(): int', (v: CelSemver) =>
      BigInt(v.version.major),
    )
    .registerFunction('kubernetes.Semver.minor(): int', (v: CelSemver) =>
      BigInt(v.version.minor),
    )
    .registerFunction('kubernetes.Semver.patch(): int', (v: CelSemver) =>
      BigInt(v.version.patch),
    )
    .registerFunction(
      'kubernetes.Semver.isGreaterThan(kubernetes.Semver): bool',
      (a: CelSemver, b: CelSemver) => compare(a, b) === 1n,
    )
    .registerFunction(
      'kubernetes.Semver.isLessThan(kubernetes.Semver): bool',
      (a: CelSemver, b: CelSemver) => compare(a, b) === -1n,
    )
    .registerFunction(
      'kubernetes.Semver.compareTo(kubernetes.Semver): int',
      compare,
    )
    .registerOperator(
      'kubernetes.Semver == kubernetes.Semver',
      (a: CelSemver, b: CelSemver) => compare(a, b) === 0n,
    );
}
