import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ocmFlHubsServiceRef } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { createLaunchJobAction } from './actions/launchJob';
import { pastJobsFromBackend } from './actions/pastJobs';
import { createPreviewPlacementAction } from './actions/previewPlacement';

/**
 * Registers the ocm-fl actions with the scaffolder: `ocm-fl:job:launch` and
 * `ocm-fl:placement:preview`.
 *
 * @public
 */
export const scaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ocm-fl',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        hubs: ocmFlHubsServiceRef,
        permissions: coreServices.permissions,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolderActions, hubs, permissions, discovery, auth }) {
        scaffolderActions.addActions(
          createLaunchJobAction({
            hubs,
            permissions,
            findPastJob: pastJobsFromBackend({ discovery, auth }),
          }),
          createPreviewPlacementAction({ hubs, permissions }),
        );
      },
    });
  },
});
