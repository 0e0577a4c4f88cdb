const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
// Exponents of ten; negative ones divide, which keeps "5600m" exactly 5.6.
const DECIMAL: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

/**
 * Parses a Kubernetes resource quantity ("4", "500m", "16Gi", "1.5e3") into a number, or
 * `undefined` when it is not one.
 *
 * @public
 */
export function parseQuantity(
  value: string | number | undefined,
): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match =
    /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/.exec(
      value.trim(),
    );
  if (!match) return undefined;
  const number = Number(match[1]);
  const suffix = match[2] ?? '';
  if (BINARY[suffix]) return number * BINARY[suffix];
  const exponent = match[3] !== undefined ? Number(match[3]) : DECIMAL[suffix];
  return exponent < 0 ? number / 10 ** -exponent : number * 10 ** exponent;
}
