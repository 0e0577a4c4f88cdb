import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  ocmFlJobCreatePermission,
  ocmFlJobReadPermission,
  ocmFlModelDownloadPermission,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { OcmFlPermissionPolicy } from './permissionPolicy';

const user = (groups: string[]) =>
  ({
    info: {
      userEntityRef: 'user:default/ada',
      ownershipEntityRefs: ['user:default/ada', ...groups],
    },
  } as unknown as PolicyQueryUser);

describe('the permission policy of the production guide', () => {
  const policy = new OcmFlPermissionPolicy();

  it('lets every signed-in user read jobs', async () => {
    await expect(
      policy.handle({ permission: ocmFlJobReadPermission }, user([])),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets only ml-engineers launch jobs and download models', async () => {
    for (const permission of [
      ocmFlJobCreatePermission,
      ocmFlModelDownloadPermission,
    ]) {
      await expect(
        policy.handle({ permission }, user(['group:default/ml-engineers'])),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      await expect(
        policy.handle({ permission }, user(['group:default/analysts'])),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
      await expect(policy.handle({ permission })).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });
});
