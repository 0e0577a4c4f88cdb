import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { parse } from 'yaml';
import { readOcmFlPermissionConfig } from './config';

const read = (ocmFl: unknown) =>
  readOcmFlPermissionConfig(new ConfigReader({ permission: { ocmFl } } as any));

describe('readOcmFlPermissionConfig', () => {
  it('names nobody and allows other plugins to signed-in users when not configured', () => {
    expect(readOcmFlPermissionConfig(new ConfigReader({}))).toEqual({
      roles: { viewers: [], launchers: [], operators: [], admins: [] },
      otherPermissions: 'signed-in',
    });
  });

  it('keeps members as full, lower-case entity refs', () => {
    const config = read({
      roles: {
        launchers: ['group:ML-Engineers', 'user:research/Ada'],
      },
      otherPermissions: 'admins',
    });
    expect(config.roles.launchers).toEqual([
      'group:default/ml-engineers',
      'user:research/ada',
    ]);
    expect(config.roles.admins).toEqual([]);
    expect(config.otherPermissions).toBe('admins');
  });

  it.each([
    [
      { roles: { admins: ['platform'] } },
      /permission\.ocmFl\.roles\.admins\[0\]: must be the entity ref of a user or group/,
    ],
    [
      { roles: { viewers: ['component:default/x'] } },
      /permission\.ocmFl\.roles\.viewers\[0\]: must be the entity ref of a user or group/,
    ],
    [
      { roles: { owners: ['group:default/x'] } },
      /permission\.ocmFl\.roles: Unrecognized key: "owners"/,
    ],
    [
      { roles: { launchers: 'group:default/x' } },
      /permission\.ocmFl\.roles\.launchers: /,
    ],
    [{ otherPermissions: 'everyone' }, /permission\.ocmFl\.otherPermissions: /],
  ])('rejects %j naming the key', (ocmFl, message) => {
    expect(() => read(ocmFl)).toThrow(message);
  });

  it('leaves none of the development grants in the production configuration', () => {
    const root = path.resolve(__dirname, '../../..');
    const layered = ['app-config.yaml', 'app-config.production.yaml'].map(
      file => ({
        context: file,
        data: parse(fs.readFileSync(path.join(root, file), 'utf8')),
      }),
    );
    const development = readOcmFlPermissionConfig(
      ConfigReader.fromConfigs(layered.slice(0, 1)),
    );
    const production = readOcmFlPermissionConfig(
      ConfigReader.fromConfigs(layered),
    );
    const granted = (config: typeof production) =>
      Object.values(config.roles).flat();
    expect(granted(development)).toContain('user:default/guest');
    for (const member of granted(development)) {
      expect(granted(production)).not.toContain(member);
    }
  });
});
