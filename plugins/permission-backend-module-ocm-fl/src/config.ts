import { Config } from '@backstage/config';
import { z } from 'zod';

/** The roles of the policy; each grants what ROLE_GRANTS lists for it. */
export const ROLES = ['viewers', 'launchers', 'operators', 'admins'] as const;
export type Role = (typeof ROLES)[number];

/**
 * `user:` or `group:` refs, namespace optional. Kept in their full lower-case form, the form
 * of the ownership entity refs that sign-in issues, so that membership is a plain lookup.
 */
const principalRef = z
  .string()
  .regex(
    /^(user|group):([a-z0-9-_.]+\/)?[a-z0-9-_.]+$/i,
    'must be the entity ref of a user or group, e.g. group:default/ml-engineers',
  )
  .transform(ref => {
    const [kind, rest] = ref.toLocaleLowerCase('en-US').split(':');
    return rest.includes('/') ? `${kind}:${rest}` : `${kind}:default/${rest}`;
  });

const members = z.array(principalRef).default([]);

const permissionConfigSchema = z.strictObject({
  roles: z
    .strictObject({
      viewers: members,
      launchers: members,
      operators: members,
      admins: members,
    })
    .default({ viewers: [], launchers: [], operators: [], admins: [] }),
  otherPermissions: z.enum(['signed-in', 'admins']).default('signed-in'),
});

/** @public */
export type OcmFlPermissionConfig = z.output<typeof permissionConfigSchema>;

/**
 * Reads `permission.ocmFl`. Throws naming the offending key (e.g.
 * `permission.ocmFl.roles.admins[0]`) so that a misconfigured backend stops at start.
 *
 * @public
 */
export function readOcmFlPermissionConfig(
  config: Config,
): OcmFlPermissionConfig {
  const result = permissionConfigSchema.safeParse(
    config.getOptional('permission.ocmFl') ?? {},
  );
  if (!result.success) {
    const problems = result.error.issues.map(
      issue =>
        `${configKey(['permission', 'ocmFl', ...issue.path])}: ${
          issue.message
        }`,
    );
    throw new Error(
      `Invalid ocm-fl permission configuration: ${problems.join('; ')}`,
    );
  }
  return result.data;
}

function configKey(path: PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`,
    )
    .join('');
}
