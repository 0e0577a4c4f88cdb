import {
  backendCommand,
  modeConfigFiles,
  processConfig,
} from './backendCommand';

const common = {
  repoRoot: '/repo',
  configFiles: ['/work/b.process.yaml', '/work/b.yaml'],
  parentEnv: { PATH: '/bin', NODE_OPTIONS: '--inspect', NODE_ENV: 'test' },
  nodeTransform:
    '/repo/node_modules/@backstage/cli-node/config/nodeTransform.cjs',
};

describe('backendCommand', () => {
  it('runs development from the sources with the node transform, its files after the repository config', () => {
    const command = backendCommand({
      ...common,
      mode: 'development',
      nodeOptions: ['--cpu-prof'],
      env: { EXTRA: '1' },
    });
    expect(command.cwd).toBe('/repo/packages/backend');
    expect(command.args).toEqual([
      '--cpu-prof',
      '--enable-source-maps',
      '--require',
      common.nodeTransform,
      'src/index.ts',
      '--config',
      '/repo/app-config.yaml',
      '--config',
      '/work/b.process.yaml',
      '--config',
      '/work/b.yaml',
    ]);
    expect(command.env).toEqual({
      PATH: '/bin',
      EXTRA: '1',
      NODE_OPTIONS: '',
      NODE_ENV: 'development',
    });
  });

  it('runs production from the unpacked bundle with its production config', () => {
    const command = backendCommand({
      ...common,
      mode: 'production',
      appDir: '/bundle',
      env: { POSTGRES_HOST: 'db', NODE_ENV: 'development' },
    });
    expect(command.cwd).toBe('/bundle');
    expect(command.args).toEqual([
      'packages/backend',
      '--config',
      '/bundle/app-config.yaml',
      '--config',
      '/bundle/app-config.production.yaml',
      '--config',
      '/work/b.process.yaml',
      '--config',
      '/work/b.yaml',
    ]);
    // The mode decides NODE_ENV, whatever the caller or the parent set.
    expect(command.env.NODE_ENV).toBe('production');
    expect(command.env.NODE_OPTIONS).toBe('');
    expect(command.env.POSTGRES_HOST).toBe('db');
  });

  it('refuses production without the bundle, naming the field', () => {
    expect(() => backendCommand({ ...common, mode: 'production' })).toThrow(
      /^appDir: production mode needs the folder of the unpacked bundle$/,
    );
    expect(() => modeConfigFiles('production', '/repo', '')).toThrow(/appDir/);
  });
});

describe('processConfig', () => {
  const options = {
    port: 7007,
    token: 'a-static-token',
    tokenSubject: 'bench',
  };

  it('listens on loopback only, in the form each mode’s files use', () => {
    const development = processConfig({ ...options, mode: 'development' });
    expect(development.backend.listen).toEqual({
      host: '127.0.0.1',
      port: 7007,
    });
    expect(development.backend.baseUrl).toBe('http://127.0.0.1:7007');
    expect(development.app.baseUrl).toBe('http://127.0.0.1:7007');
    expect(
      processConfig({ ...options, mode: 'production' }).backend.listen,
    ).toBe('127.0.0.1:7007');
  });

  it('lets the static token in', () => {
    expect(
      processConfig({ ...options, mode: 'development' }).backend.auth,
    ).toEqual({
      externalAccess: [
        {
          type: 'static',
          options: { token: 'a-static-token', subject: 'bench' },
        },
      ],
    });
  });

  it.each([
    [{ port: 0 }, /^port: a whole number from 1 to 65535, got 0$/],
    [{ port: 70000 }, /^port: .*got 70000$/],
    [{ port: 7.5 }, /^port: .*got 7.5$/],
    [{ token: 'short' }, /^token: at least 8 characters/],
    [{ token: 'has a space' }, /^token: /],
    [{ tokenSubject: 'fault suite' }, /^tokenSubject: .*"fault suite"$/],
    [{ tokenSubject: '' }, /^tokenSubject: /],
  ])('refuses %j', (bad, message) => {
    expect(() =>
      processConfig({ ...options, mode: 'development', ...bad }),
    ).toThrow(message);
  });
});
