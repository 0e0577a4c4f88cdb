import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
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

/**
 * Checks that the caller holds a permission; the 403 names it and what it is for. A resource
 * permission is asked for one resource (e.g. a job by name): the policy may allow it for some
 * resources only.
 */
export type Authorize = (
  req: Request,
  permission:
    | BasicPermission
    | { permission: ResourcePermission; resourceRef: string },
  what: string,
) => Promise<void>;

/** Which of the permissions the caller holds, for answers that leave out what they may not see. */
export type Permitted = (
  req: Request,
  permissions: BasicPermission[],
) => Promise<Set<BasicPermission>>;

export function createAccessChecks(
  httpAuth: HttpAuthService,
  permissions: PermissionsService,
): { authorize: Authorize; permitted: Permitted } {
  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const authorize: Authorize = async (req, target, what) => {
    const request: AuthorizePermissionRequest =
      'resourceRef' in target ? target : { permission: target };
    const [decision] = await permissions.authorize([request], {
      credentials: await credentialsOf(req),
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${request.permission.name} is required to ${what}`,
      );
    }
  };
  const permitted: Permitted = async (req, wanted) => {
    const decisions = await permissions.authorize(
      wanted.map(permission => ({ permission })),
      { credentials: await credentialsOf(req) },
    );
    return new Set(
      wanted.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
    );
  };
  return { authorize, permitted };
}
