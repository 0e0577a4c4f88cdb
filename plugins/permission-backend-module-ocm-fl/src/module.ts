import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readOcmFlPermissionConfig, ROLES } from './config';
import { OcmFlPermissionPolicy } from './OcmFlPermissionPolicy';

/**
 * The permission policy of the ocm-fl plugins, with roles from `permission.ocmFl`.
 *
 * @public
 */
export const permissionModuleOcmFlPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ocm-fl-policy',
  register({ registerInit }) {
    registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, logger, userInfo }) {
        // Throws with the offending key, which stops the backend at start.
        const permissionConfig = readOcmFlPermissionConfig(config);
        if (ROLES.every(role => permissionConfig.roles[role].length === 0)) {
          logger.warn(
            'permission.ocmFl.roles names nobody: every ocm-fl permission is denied to every user',
          );
        }
        policy.setPolicy(
          new OcmFlPermissionPolicy({ config: permissionConfig, userInfo }),
        );
      },
    });
  },
});
