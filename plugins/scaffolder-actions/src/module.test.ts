import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModule } from './module';

describe('scaffolder module ocm-fl', () => {
  it('registers with the scaffolder actions extension point', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModule],
    });
    expect(addActions).toHaveBeenCalledTimes(1);
  });
});
