import { ocmFlAnnotations } from '../labels';

/** The API server's limit on all annotations of one object together, keys and values. */
export const ANNOTATIONS_LIMIT_BYTES = 256 * 1024;

/** Left for the other annotations on a job's objects (created-by, stopped-at). */
const OTHER_ANNOTATIONS_BYTES = 2 * 1024;

/**
 * The largest job spec, as JSON, that fits in its annotation on the Placement and the works
 * next to the other annotations there.
 *
 * @public
 */
export const MAX_SPEC_BYTES =
  ANNOTATIONS_LIMIT_BYTES -
  OTHER_ANNOTATIONS_BYTES -
  ocmFlAnnotations.spec.length;

/** The size of a value as UTF-8 JSON, or why it is not JSON data (cycles, depth, BigInt). */
export function jsonBytes(
  value: unknown,
): { bytes: number } | { problem: string } {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    if (error instanceof RangeError)
      return { problem: 'nests too deeply to be a job spec' };
    return /circular/i.test(String((error as Error).message))
      ? {
          problem:
            'refers to itself (a cycle, such as a YAML alias inside its own anchor)',
        }
      : {
          problem:
            'must be plain JSON data (objects, lists, strings, numbers, booleans)',
        };
  }
  return { bytes: new TextEncoder().encode(text ?? '').length };
}
