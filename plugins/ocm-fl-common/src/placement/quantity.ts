import { CelQuantity } from './cel/quantity';

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
  try {
    return CelQuantity.parse(value.trim()).approximateFloat();
  } catch {
    return undefined;
  }
}
