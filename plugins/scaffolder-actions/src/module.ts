import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';

/**
 * Registers the ocm-fl actions with the scaffolder. The launch and placement-preview
 * actions arrive with the launcher (issue 4); the module is wired now so that the
 * backend and templates have their home.
 *
 * @public
 */
export const scaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ocm-fl',
  register({ registerInit }) {
    registerInit({
      deps: { scaffolderActions: scaffolderActionsExtensionPoint },
      async init({ scaffolderActions }) {
        scaffolderActions.addActions();
      },
    });
  },
});
