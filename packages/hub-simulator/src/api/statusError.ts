/** A Kubernetes `Status` failure, thrown by handlers and written as the response body. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: {
      name?: string;
      group?: string;
      kind?: string;
      causes?: Array<{ reason: string; message: string; field?: string }>;
      retryAfterSeconds?: number;
    },
  ) {
    super(message);
  }

  toStatus() {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

type Target = { group: string; plural: string; name?: string; kind?: string };

const qualified = (t: Target) =>
  t.group ? `${t.plural}.${t.group}` : t.plural;

export const errors = {
  notFound: (t: Target) =>
    new StatusError(404, 'NotFound', `${qualified(t)} "${t.name}" not found`, {
      name: t.name,
      group: t.group,
      kind: t.plural,
    }),
  alreadyExists: (t: Target) =>
    new StatusError(
      409,
      'AlreadyExists',
      `${qualified(t)} "${t.name}" already exists`,
      {
        name: t.name,
        group: t.group,
        kind: t.plural,
      },
    ),
  conflict: (t: Target, why: string) =>
    new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(t)} "${t.name}": ${why}`,
      { name: t.name, group: t.group, kind: t.plural },
    ),
  invalid: (
    t: Target,
    causes: Array<{ reason: string; message: string; field: string }>,
  ) =>
    new StatusError(
      422,
      'Invalid',
      `${t.kind}.${t.group || 'core'} "${t.name ?? ''}" is invalid: ${causes
        .map(c => `${c.field}: ${c.message}`)
        .join(', ')}`,
      { name: t.name, group: t.group, kind: t.kind, causes },
    ),
  badRequest: (message: string) => new StatusError(400, 'BadRequest', message),
  unauthorized: () => new StatusError(401, 'Unauthorized', 'Unauthorized'),
  methodNotAllowed: (message: string) =>
    new StatusError(405, 'MethodNotAllowed', message),
  unsupportedMediaType: (type: string) =>
    new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/merge-patch+json, application/json-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml; got "${type}"`,
    ),
  gone: (message: string) => new StatusError(410, 'Expired', message),
  /** As apiserver's storage.NewTooLargeResourceVersionError (storage/errors.go): 504 Timeout. */
  tooLargeResourceVersion: (
    requested: number,
    current: number,
    retryAfterSeconds?: number,
  ) =>
    new StatusError(
      504,
      'Timeout',
      `Timeout: Too large resource version: ${requested}, current: ${current}`,
      {
        causes: [
          {
            reason: 'ResourceVersionTooLarge',
            message: 'Too large resource version',
          },
        ],
        ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
      },
    ),
  internal: (message: string) => new StatusError(500, 'InternalError', message),
  tooManyRequests: () =>
    new StatusError(
      429,
      'TooManyRequests',
      'the simulator is rate limiting (fault injection)',
      {
        retryAfterSeconds: 1,
      },
    ),
};
