import { ocmFlPlugin } from './plugin';

describe('ocm-fl', () => {
  it('should export plugin', () => {
    expect(ocmFlPlugin).toBeDefined();
  });
});
