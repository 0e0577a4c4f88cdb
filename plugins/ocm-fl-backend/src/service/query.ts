import { z } from 'zod';

/*
 * Query parameters, strictly: each given once as plain text (Express reads `?a=1&a=2` and
 * `?a[]=1` as arrays and `?a[b]=1` as objects), numbers in decimal digits only (not `0x10`,
 * `1e3` or `-1`, which `Number()` would take), names and filter values from their sets.
 */

const ONCE = 'given once, as plain text';

/** The query of a route: unknown parameters are refused with the list of known ones. */
export function queryParameters<Shape extends z.core.$ZodLooseShape>(
  shape: Shape,
) {
  return z.strictObject(shape, {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? `is not a parameter here; allowed: ${Object.keys(shape).join(', ')}`
        : undefined,
  });
}

/** Free text such as a search, at most `max` characters. */
export const queryText = (max = 256) =>
  z
    .string({ error: `must be text, ${ONCE}` })
    .max(max, `must be at most ${max} characters`);

/** A name such as a hub, cluster or cluster set: what Kubernetes names allow. */
export const queryName = () =>
  z
    .string({ error: `must be a name, ${ONCE}` })
    .min(1, 'must not be empty')
    .max(253, 'must be at most 253 characters')
    .regex(
      /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
      'must be a name: letters, digits, "-", "_" and "."',
    );

/** One of a set of values, such as a phase. */
export const queryChoice = <
  const Values extends readonly [string, ...string[]],
>(
  values: Values,
) =>
  z.enum(values, {
    error: `must be one of ${values.join(', ')}, ${ONCE}`,
  });

/** A whole number from `min` to `max` in decimal digits, `fallback` when left out. */
export function queryInteger(min: number, max: number, fallback: number) {
  const rule = `must be a whole number from ${min} to ${max} in decimal digits, ${ONCE}`;
  return z
    .string({ error: rule })
    .regex(/^[0-9]{1,15}$/, rule)
    .transform(Number)
    .refine(n => n >= min && n <= max, rule)
    .default(fallback);
}
