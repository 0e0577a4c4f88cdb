import { z } from 'zod';

/** A problem with a job spec, naming the field. @public */
export interface JobSpecIssue {
  /** Dotted path such as `clients.placement.numberOfClusters` or `rounds`; empty for the whole spec. */
  field: string;
  message: string;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const MAX_KEY_SHOWN = 64;

/** `a.b[0]["example.com/tier"]`: keys that are not plain names are quoted, long ones cut. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => {
      if (typeof part === 'number') return `[${part}]`;
      const key = String(part);
      if (PLAIN_KEY.test(key) && key.length <= MAX_KEY_SHOWN)
        return i === 0 ? key : `.${key}`;
      const shown =
        key.length > MAX_KEY_SHOWN ? `${key.slice(0, MAX_KEY_SHOWN)}…` : key;
      return `[${JSON.stringify(shown)}]`;
    })
    .join('');
}

/**
 * Zod's issues in the words of the spec: one issue per unknown key, the allowed values of a
 * discriminator, and for a union that gives no message of its own, the issues of the
 * variant that came closest.
 */
export function specIssuesOf(
  issue: z.core.$ZodIssue,
  at: readonly PropertyKey[] = [],
): JobSpecIssue[] {
  const path = [...at, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map(key => ({
        field: fieldPath([...path, key]),
        message: issue.message.startsWith('Unrecognized key')
          ? 'is not a known field'
          : issue.message,
      }));
    case 'invalid_union': {
      // A discriminated union's issue carries the discriminator's allowed values.
      const options = (issue as { options?: unknown[] }).options;
      if (options) {
        return [
          {
            field: fieldPath(path),
            message: `must be one of ${options
              .map(o => JSON.stringify(o))
              .join(', ')}`,
          },
        ];
      }
      if (issue.message === 'Invalid input' && issue.errors.length > 0) {
        const closest = [...issue.errors].sort(
          (a, b) => a.length - b.length,
        )[0];
        return closest.flatMap(inner => specIssuesOf(inner, path));
      }
      return [{ field: fieldPath(path), message: issue.message }];
    }
    case 'invalid_key':
      return issue.issues.map(inner => ({
        field: fieldPath(path),
        message: `is not an allowed key: ${inner.message}`,
      }));
    default:
      return [{ field: fieldPath(path), message: issue.message }];
  }
}

/** Issues listed in one line; a spec with a thousand bad cluster names gets a readable line. */
const MAX_DESCRIBED = 10;

/** A one-line description of the issues, for errors and CLI output. @public */
export function describeJobSpecIssues(issues: JobSpecIssue[]): string {
  const listed = issues
    .slice(0, MAX_DESCRIBED)
    .map(i => `${i.field || '(spec)'}: ${i.message}`)
    .join('; ');
  const more = issues.length - MAX_DESCRIBED;
  return more > 0
    ? `${listed}; and ${more} more issue${more === 1 ? '' : 's'}`
    : listed;
}
