import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  OCM_FL_JOB_RESOURCE_TYPE,
  ocmFlClusterReadPermission,
  ocmFlJobCreatePermission,
  ocmFlJobDeletePermission,
  ocmFlJobReadPermission,
  ocmFlModelDownloadPermission,
  ocmFlModelReadPermission,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  createOcmFlJobConditionalDecision,
  ocmFlJobConditions,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { OcmFlPermissionConfig, Role, ROLES } from './config';

/** `own-jobs`: only for the jobs the user launched (a conditional decision). */
export type Grant = 'allow' | 'own-jobs' | 'deny';

const READ = {
  [ocmFlClusterReadPermission.name]: 'allow',
  [ocmFlJobReadPermission.name]: 'allow',
  [ocmFlModelReadPermission.name]: 'allow',
} as const;

/** What each role may do; an ocm-fl permission a role does not list is denied to it. */
export const ROLE_GRANTS: Record<Role, Record<string, Grant>> = {
  viewers: READ,
  launchers: {
    ...READ,
    [ocmFlJobCreatePermission.name]: 'allow',
    [ocmFlJobDeletePermission.name]: 'own-jobs',
    [ocmFlModelDownloadPermission.name]: 'allow',
  },
  // Keep the hub tidy without launching or taking models away.
  operators: { ...READ, [ocmFlJobDeletePermission.name]: 'allow' },
  admins: {
    ...READ,
    [ocmFlJobCreatePermission.name]: 'allow',
    [ocmFlJobDeletePermission.name]: 'allow',
    [ocmFlModelDownloadPermission.name]: 'allow',
  },
};

const isOcmFlPermission = (permission: Permission) =>
  permission.name.startsWith('ocm-fl.');

/** The roles whose members include one of the user's ownership entity refs (user or group). */
export function rolesOf(
  ownershipEntityRefs: string[],
  config: OcmFlPermissionConfig,
): Set<Role> {
  const refs = new Set(
    ownershipEntityRefs.map(ref => ref.toLocaleLowerCase('en-US')),
  );
  return new Set(
    ROLES.filter(role => config.roles[role].some(member => refs.has(member))),
  );
}

/** The most any of the roles grants for a permission; the rest of Backstage as configured. */
export function grantFor(
  permission: Permission,
  roles: Set<Role>,
  config: OcmFlPermissionConfig,
): Grant {
  if (!isOcmFlPermission(permission)) {
    return config.otherPermissions === 'signed-in' || roles.has('admins')
      ? 'allow'
      : 'deny';
  }
  const grants = [...roles].map(
    role => ROLE_GRANTS[role][permission.name] ?? 'deny',
  );
  if (grants.includes('allow')) return 'allow';
  return grants.includes('own-jobs') ? 'own-jobs' : 'deny';
}

/**
 * Decides from the roles configured under `permission.ocmFl`, the user's roles resolved from
 * their ownership entity refs (so a catalog group's members hold its roles). Requests without
 * a signed-in user are denied; backend-to-backend requests never reach a policy.
 */
export class OcmFlPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      config: OcmFlPermissionConfig;
      userInfo: Pick<UserInfoService, 'getUserInfo'>;
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) return { result: AuthorizeResult.DENY };
    const { config, userInfo } = this.options;
    const info = await userInfo.getUserInfo(user.credentials);
    const grant = grantFor(
      request.permission,
      rolesOf(info.ownershipEntityRefs, config),
      config,
    );
    if (grant === 'allow') return { result: AuthorizeResult.ALLOW };
    if (
      grant === 'own-jobs' &&
      isResourcePermission(request.permission, OCM_FL_JOB_RESOURCE_TYPE)
    ) {
      return createOcmFlJobConditionalDecision(
        request.permission,
        ocmFlJobConditions.isJobCreator({
          userEntityRef: info.userEntityRef,
        }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}
