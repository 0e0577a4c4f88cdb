import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ocmFlPlugin } from './plugin';

describe('ocm-fl backend plugin', () => {
  it('stops the backend at start when the ocmFl config is malformed', async () => {
    await expect(
      startTestBackend({
        features: [
          ocmFlPlugin,
          mockServices.rootConfig.factory({
            data: { ocmFl: { hubs: [{ name: 'a', url: 'not a url' }] } },
          }),
        ],
      }),
    ).rejects.toThrow(/ocmFl\.hubs\[0\]\.url: must be an http/);
  });
});
