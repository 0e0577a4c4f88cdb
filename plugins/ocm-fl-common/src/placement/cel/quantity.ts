import type { Environment } from '@marcbachmann/cel-js';

const BINARY_SUFFIXES: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const QUANTITY =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
// Kubernetes keeps nine decimal places (1n) and rounds finer values up, away from zero.
const NANO_SCALE = 9;

/**
 * A Kubernetes resource quantity held exactly: `units / 10^scale`, so that "200M" equals
 * "0.2G" and "50M" is less than "50Mi", as with apimachinery's `resource.Quantity`.
 */
export class CelQuantity {
  constructor(readonly units: bigint, readonly scale: number) {}

  static parse(text: string): CelQuantity {
    const match = QUANTITY.exec(text);
    if (!match)
      throw new Error(
        `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      );
    const [, sign, number, suffix = ''] = match;
    const [whole, fraction = ''] = number.split('.');
    let units =
      BigInt(`${whole || '0'}${fraction}`) * (sign === '-' ? -1n : 1n);
    let scale = fraction.length;
    if (BINARY_SUFFIXES[suffix]) units *= BINARY_SUFFIXES[suffix];
    else {
      const exponent = /^[eE]/.test(suffix)
        ? Number(suffix.slice(1))
        : DECIMAL_SUFFIXES[suffix] ?? 0;
      scale -= exponent;
    }
    return new CelQuantity(units, scale).normalized();
  }

  private normalized(): CelQuantity {
    if (this.scale < 0)
      return new CelQuantity(this.units * 10n ** BigInt(-this.scale), 0);
    if (this.scale <= NANO_SCALE) return this;
    const divisor = 10n ** BigInt(this.scale - NANO_SCALE);
    let units = this.units / divisor;
    if (units * divisor !== this.units) units += this.units < 0n ? -1n : 1n;
    return new CelQuantity(units, NANO_SCALE);
  }

  private static aligned(
    a: CelQuantity,
    b: CelQuantity,
  ): [bigint, bigint, number] {
    const scale = Math.max(a.scale, b.scale);
    return [
      a.units * 10n ** BigInt(scale - a.scale),
      b.units * 10n ** BigInt(scale - b.scale),
      scale,
    ];
  }

  compareTo(other: CelQuantity): bigint {
    const [a, b] = CelQuantity.aligned(this, other);
    if (a === b) return 0n;
    return a > b ? 1n : -1n;
  }

  add(other: CelQuantity): CelQuantity {
    const [a, b, scale] = CelQuantity.aligned(this, other);
    return new CelQuantity(a + b, scale);
  }

  sign(): bigint {
    if (this.units === 0n) return 0n;
    return this.units > 0n ? 1n : -1n;
  }

  /** The value as int64, or undefined when it has a fraction or overflows. */
  integer(): bigint | undefined {
    const divisor = 10n ** BigInt(this.scale);
    if (this.units % divisor !== 0n) return undefined;
    const value = this.units / divisor;
    return value < INT64_MIN || value > INT64_MAX ? undefined : value;
  }

  approximateFloat(): number {
    return Number(this.units) / 10 ** this.scale;
  }
}

const fromInt = (value: bigint) => new CelQuantity(value, 0);

/** Kubernetes' quantity library (k8s.io/apiserver pkg/cel/library/quantity.go). */
export function registerQuantity(env: Environment): Environment {
  const Q = 'kubernetes.Quantity';
  return (
    env
      .registerType(Q, CelQuantity)
      .registerFunction(`quantity(string): ${Q}`, (text: string) =>
        CelQuantity.parse(text),
      )
      .registerFunction('isQuantity(string): bool', (text: string) => {
        try {
          CelQuantity.parse(text);
          return true;
        } catch {
          return false;
        }
      })
      // A global function in Kubernetes (`cel.Overload`, not a member), whatever its docs say.
      .registerFunction(`sign(${Q}): int`, (q: CelQuantity) => q.sign())
      .registerFunction(
        `${Q}.isGreaterThan(${Q}): bool`,
        (a: CelQuantity, b: CelQuantity) => a.compareTo(b) === 1n,
      )
      .registerFunction(
        `${Q}.isLessThan(${Q}): bool`,
        (a: CelQuantity, b: CelQuantity) => a.compareTo(b) === -1n,
      )
      .registerFunction(
        `${Q}.compareTo(${Q}): int`,
        (a: CelQuantity, b: CelQuantity) => a.compareTo(b),
      )
      .registerFunction(`${Q}.asApproximateFloat(): double`, (q: CelQuantity) =>
        q.approximateFloat(),
      )
      .registerFunction(`${Q}.asInteger(): int`, (q: CelQuantity) => {
        const value = q.integer();
        if (value === undefined)
          throw new Error('cannot convert value to integer');
        return value;
      })
      .registerFunction(
        `${Q}.isInteger(): bool`,
        (q: CelQuantity) => q.integer() !== undefined,
      )
      .registerFunction(
        `${Q}.add(${Q}): ${Q}`,
        (a: CelQuantity, b: CelQuantity) => a.add(b),
      )
      .registerFunction(`${Q}.add(int): ${Q}`, (a: CelQuantity, b: bigint) =>
        a.add(fromInt(b)),
      )
      .registerFunction(
        `${Q}.sub(${Q}): ${Q}`,
        (a: CelQuantity, b: CelQuantity) =>
          a.add(new CelQuantity(-b.units, b.scale)),
      )
      .registerFunction(`${Q}.sub(int): ${Q}`, (a: CelQuantity, b: bigint) =>
        a.add(fromInt(-b)),
      )
      .registerOperator(
        `${Q} == ${Q}`,
        (a: CelQuantity, b: CelQuantity) => a.compareTo(b) === 0n,
      )
  );
}
