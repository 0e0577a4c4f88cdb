import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  ocmFlJobCreatePermission,
  ocmFlJobDeletePermission,
  ocmFlModelDownloadPermission,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';

/** Who may launch, stop and delete jobs and download models. */
const ML_ENGINEERS = 'group:default/ml-engineers';
const RESTRICTED = new Set([
  ocmFlJobCreatePermission.name,
  ocmFlJobDeletePermission.name,
  ocmFlModelDownloadPermission.name,
]);

/**
 * Everyone signed in may see clusters, jobs and models; only members of ml-engineers may
 * launch, stop or delete jobs and download model files.
 */
export class OcmFlPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!RESTRICTED.has(request.permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    const member = user?.info.ownershipEntityRefs.includes(ML_ENGINEERS);
    return { result: member ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'ocm-fl-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new OcmFlPermissionPolicy());
      },
    });
  },
});
