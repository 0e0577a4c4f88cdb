import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModule } from './module';

describe('scaffolder module ocm-fl', () => {
  it('registers the launch and preview actions', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModule,
        mockServices.rootConfig.factory({
          data: {
            ocmFl: { hubs: [{ name: 'hub', url: 'https://hub.example:6443' }] },
          },
        }),
      ],
    });
    expect(addActions.mock.calls[0].map((a: { id: string }) => a.id)).toEqual([
      'ocm-fl:job:launch',
      'ocm-fl:placement:preview',
    ]);
  });
});
