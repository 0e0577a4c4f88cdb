import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';
import { z } from 'zod';

/** Validates a request part; the 400 names each offending field, e.g. `query.limit`. */
export function parse<T>(
  schema: z.ZodType<T>,
  value: unknown,
  where: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const at = (path: PropertyKey[]) =>
      `${where}${path.length ? `.${path.map(String).join('.')}` : ''}`;
    throw new InputError(
      result.error.issues
        .flatMap(i =>
          // One message per unknown key, named by the key itself.
          i.code === 'unrecognized_keys'
            ? i.keys.map(key => `${at([...i.path, key])}: ${i.message}`)
            : [`${at(i.path)}: ${i.message}`],
        )
        .join('; '),
    );
  }
  return result.data;
}

/** Checks that the caller holds a permission; the 403 names it and what it is for. */
export type Authorize = (
  req: Request,
  permission: BasicPermission,
  what: string,
) => Promise<void>;

export function createAuthorize(
  httpAuth: HttpAuthService,
  permissions: PermissionsService,
): Authorize {
  return async (req, permission, what) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${permission.name} is required to ${what}`,
      );
    }
  };
}
