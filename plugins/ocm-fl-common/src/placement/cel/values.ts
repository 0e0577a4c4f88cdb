/*
 * Ordering and equality of CEL values as this CEL implementation holds them (int as bigint,
 * double as number, uint and duration as objects with a numeric valueOf), for the library
 * functions that compare elements.
 */

function scalar(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Uint8Array) &&
    !Array.isArray(value) &&
    !(value instanceof Map) &&
    typeof (value as { valueOf(): unknown }).valueOf === 'function'
  ) {
    const primitive = (value as { valueOf(): unknown }).valueOf();
    if (primitive !== value) return primitive;
  }
  return value;
}

const order = <T>(a: T, b: T): number => (a < b ? -1 : Number(a > b));

/** -1, 0 or 1 for comparable values (numbers across int and double, as CEL compares them). */
export function compareValues(a: unknown, b: unknown): number {
  const x = scalar(a);
  const y = scalar(b);
  if (
    (typeof x === 'bigint' || typeof x === 'number') &&
    (typeof y === 'bigint' || typeof y === 'number')
  ) {
    return typeof x === typeof y ? order(x, y) : order(Number(x), Number(y));
  }
  if (typeof x === 'string' && typeof y === 'string') return order(x, y);
  if (typeof x === 'boolean' && typeof y === 'boolean')
    return Number(x) - Number(y);
  if (x instanceof Uint8Array && y instanceof Uint8Array) {
    for (let i = 0; i < Math.min(x.length, y.length); i++)
      if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return Math.sign(x.length - y.length);
  }
  throw new Error(
    `no such overload: comparing ${typeName(a)} with ${typeName(b)}`,
  );
}

/** CEL equality: numbers across types, lists and maps element by element. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b))
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((v, i) => valuesEqual(v, b[i]))
    );
  const entries = (m: unknown) => {
    if (m instanceof Map) return [...m.entries()];
    if (m && typeof m === 'object' && m.constructor === Object)
      return Object.entries(m);
    return undefined;
  };
  const ea = entries(a);
  const eb = entries(b);
  if (ea || eb) {
    if (!ea || !eb || ea.length !== eb.length) return false;
    const mb = new Map(eb);
    return ea.every(([k, v]) => mb.has(k) && valuesEqual(v, mb.get(k)));
  }
  try {
    return compareValues(a, b) === 0;
  } catch {
    return a === b;
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
