import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  ocmFlClusterReadPermission,
  ocmFlJobCreatePermission,
  ocmFlJobDeletePermission,
  ocmFlJobReadPermission,
  ocmFlModelDownloadPermission,
  ocmFlModelReadPermission,
  ocmFlPermissions,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { OcmFlPermissionConfig } from './config';
import {
  grantFor,
  OcmFlPermissionPolicy,
  rolesOf,
} from './OcmFlPermissionPolicy';

const config: OcmFlPermissionConfig = {
  roles: {
    viewers: ['group:default/readers'],
    launchers: ['group:default/ml-engineers'],
    operators: ['user:default/olga'],
    admins: ['group:default/platform'],
  },
  otherPermissions: 'signed-in',
};

const catalogRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
});

describe('rolesOf', () => {
  it('finds roles through the user and their groups, whatever the case', () => {
    expect(
      rolesOf(['user:default/olga', 'group:default/ML-Engineers'], config),
    ).toEqual(new Set(['launchers', 'operators']));
    expect(rolesOf(['user:default/zed'], config)).toEqual(new Set());
  });
});

describe('grantFor', () => {
  const names = (role: keyof OcmFlPermissionConfig['roles']) =>
    Object.fromEntries(
      ocmFlPermissions.map(p => [p.name, grantFor(p, new Set([role]), config)]),
    );

  it('gives each role its grants', () => {
    expect(names('viewers')).toEqual({
      'ocm-fl.cluster.read': 'allow',
      'ocm-fl.job.read': 'allow',
      'ocm-fl.job.create': 'deny',
      'ocm-fl.job.delete': 'deny',
      'ocm-fl.model.read': 'allow',
      'ocm-fl.model.download': 'deny',
    });
    expect(names('launchers')).toEqual({
      'ocm-fl.cluster.read': 'allow',
      'ocm-fl.job.read': 'allow',
      'ocm-fl.job.create': 'allow',
      'ocm-fl.job.delete': 'own-jobs',
      'ocm-fl.model.read': 'allow',
      'ocm-fl.model.download': 'allow',
    });
    expect(names('operators')).toEqual({
      'ocm-fl.cluster.read': 'allow',
      'ocm-fl.job.read': 'allow',
      'ocm-fl.job.create': 'deny',
      'ocm-fl.job.delete': 'allow',
      'ocm-fl.model.read': 'allow',
      'ocm-fl.model.download': 'deny',
    });
    expect(Object.values(names('admins'))).toEqual(
      ocmFlPermissions.map(() => 'allow'),
    );
  });

  it('takes the most any role grants', () => {
    expect(
      grantFor(
        ocmFlJobDeletePermission,
        new Set(['launchers', 'operators']),
        config,
      ),
    ).toBe('allow');
  });

  it('denies every ocm-fl permission to a user without a role, and a permission it does not know', () => {
    expect(ocmFlPermissions.map(p => grantFor(p, new Set(), config))).toEqual(
      ocmFlPermissions.map(() => 'deny'),
    );
    const future = createPermission({
      name: 'ocm-fl.hub.write',
      attributes: { action: 'update' },
    });
    expect(grantFor(future, new Set(['launchers']), config)).toBe('deny');
  });

  it("leaves other plugins' permissions to signed-in users, or to admins only", () => {
    expect(grantFor(catalogRead, new Set(), config)).toBe('allow');
    const adminsOnly = { ...config, otherPermissions: 'admins' as const };
    expect(grantFor(catalogRead, new Set(['launchers']), adminsOnly)).toBe(
      'deny',
    );
    expect(grantFor(catalogRead, new Set(['admins']), adminsOnly)).toBe(
      'allow',
    );
  });
});

describe('OcmFlPermissionPolicy', () => {
  const policy = new OcmFlPermissionPolicy({
    config,
    userInfo: {
      getUserInfo: async () => ({
        userEntityRef: 'user:default/ada',
        ownershipEntityRefs: ['user:default/ada', 'group:default/ml-engineers'],
      }),
    },
  });
  const ada = { credentials: mockCredentials.user('user:default/ada') } as any;

  it('allows a launcher to stop and delete only the jobs they launched', async () => {
    expect(
      await policy.handle({ permission: ocmFlJobDeletePermission }, ada),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'ocm-fl',
      resourceType: 'ocm-fl-job',
      conditions: {
        rule: 'IS_JOB_CREATOR',
        resourceType: 'ocm-fl-job',
        params: { userEntityRef: 'user:default/ada' },
      },
    });
  });

  it.each(
    [
      ocmFlClusterReadPermission,
      ocmFlJobReadPermission,
      ocmFlJobCreatePermission,
      ocmFlModelReadPermission,
      ocmFlModelDownloadPermission,
      catalogRead,
    ].map(permission => ({ permission })),
  )('allows $permission.name to a launcher', async ({ permission }) => {
    expect(await policy.handle({ permission }, ada)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('denies everything to a request without a signed-in user', async () => {
    for (const permission of [...ocmFlPermissions, catalogRead]) {
      expect(await policy.handle({ permission })).toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });
});
