import { ocmFlPermissions } from './permissions';

describe('ocmFlPermissions', () => {
  it('names each permission once, under the plugin prefix', () => {
    const names = ocmFlPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^ocm-fl\.(cluster|job|model)\.[a-z]+$/);
    }
  });
});
