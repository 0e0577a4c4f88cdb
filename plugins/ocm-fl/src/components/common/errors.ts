import { ResponseError } from '@backstage/errors';

/** What went wrong, in the words the UI leads with, and the detail behind it. */
export interface DescribedError {
  cause:
    | 'Permission denied'
    | 'Not found'
    | 'Invalid request'
    | 'Hub unreachable'
    | 'Backend unreachable'
    | 'Error';
  message: string;
}

const HUB_DOWN = /unreachable|ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND/i;

/** Names the cause of a failed request: a refused permission, a missing object, a hub that does not answer. */
export function describeError(error: Error): DescribedError {
  // The backend's error body says which permission or field it is about.
  const message =
    (error as ResponseError).body?.error?.message ?? error.message;
  const status = (error as ResponseError).statusCode;
  if (status === 403) return { cause: 'Permission denied', message };
  if (status === 404) return { cause: 'Not found', message };
  if (status === 400) return { cause: 'Invalid request', message };
  if (HUB_DOWN.test(message)) return { cause: 'Hub unreachable', message };
  if (status === undefined && error.name === 'TypeError')
    return { cause: 'Backend unreachable', message };
  return { cause: 'Error', message };
}
