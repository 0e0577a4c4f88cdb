import path from 'node:path';

/**
 * `development`: packages/backend from its TypeScript sources, as `yarn start` runs it
 * (NODE_ENV=development, the repository's app-config.yaml).
 * `production`: the built bundle unpacked with its production dependencies, as a
 * deployment runs it (`node packages/backend`, NODE_ENV=production, the bundle's
 * app-config.yaml and app-config.production.yaml).
 */
export type BackendMode = 'development' | 'production';

/** What a backend process is started with: everything but its configuration's content. */
export interface BackendCommandOptions {
  mode: BackendMode;
  /** The repository's root: development runs packages/backend there. */
  repoRoot: string;
  /** production: the folder holding the unpacked bundle. */
  appDir?: string;
  /** Read after the mode's own files, later ones winning. */
  configFiles: string[];
  /** Node options for the backend only, e.g. --cpu-prof. */
  nodeOptions?: string[];
  /** Set on top of the parent's environment, e.g. what app-config.production.yaml reads. */
  env?: Record<string, string>;
  /** The parent's environment. */
  parentEnv: NodeJS.ProcessEnv;
  /** Backstage's node transform (development only). */
  nodeTransform: string;
}

export interface BackendCommand {
  cwd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** The configuration files a mode starts from, as its own scripts start it. */
export function modeConfigFiles(
  mode: BackendMode,
  repoRoot: string,
  appDir?: string,
): string[] {
  if (mode === 'development') return [path.join(repoRoot, 'app-config.yaml')];
  return ['app-config.yaml', 'app-config.production.yaml'].map(file =>
    path.join(requireAppDir(appDir), file),
  );
}

function requireAppDir(appDir: string | undefined): string {
  if (!appDir)
    throw new Error(
      'appDir: production mode needs the folder of the unpacked bundle',
    );
  return appDir;
}

/**
 * The node command line of a backend. Development gets the arguments and environment that
 * `backstage-cli package start` gives a backend (@backstage/cli-module-build's runBackend)
 * without its file watcher, which would restart the backend on changes; ESBK_TSCONFIG_PATH,
 * which runBackend also sets, is left out: it was read by @esbuild-kit's loader, and the
 * @backstage/cli-node transform of this version compiles with SWC and reads no tsconfig.
 * The parent's NODE_OPTIONS are dropped: a backend gets only its own `nodeOptions`.
 */
export function backendCommand(options: BackendCommandOptions): BackendCommand {
  const { mode } = options;
  const configArgs = [
    ...modeConfigFiles(mode, options.repoRoot, options.appDir),
    ...options.configFiles,
  ].flatMap(file => ['--config', file]);
  const env = {
    ...options.parentEnv,
    ...options.env,
    NODE_OPTIONS: '',
    NODE_ENV: mode,
  };
  const nodeOptions = options.nodeOptions ?? [];
  if (mode === 'development')
    return {
      cwd: path.join(options.repoRoot, 'packages/backend'),
      args: [
        ...nodeOptions,
        '--enable-source-maps',
        '--require',
        options.nodeTransform,
        'src/index.ts',
        ...configArgs,
      ],
      env,
    };
  return {
    cwd: requireAppDir(options.appDir),
    args: [...nodeOptions, 'packages/backend', ...configArgs],
    env,
  };
}

/**
 * The configuration every backend process gets: it listens on 127.0.0.1:<port> only, and its
 * API takes a static token (backend.auth.externalAccess).
 */
export function processConfig(options: {
  mode: BackendMode;
  port: number;
  token: string;
  tokenSubject: string;
}) {
  if (
    !Number.isInteger(options.port) ||
    options.port <= 0 ||
    options.port > 65535
  )
    throw new Error(
      `port: a whole number from 1 to 65535, got ${options.port}`,
    );
  // What a static externalAccess token and subject may be: @backstage/backend-defaults,
  // entrypoints/auth/external/static.ts (staticTokenHandler.initialize).
  if (!/^\S{8,}$/.test(options.token))
    throw new Error(
      'token: at least 8 characters without whitespace (a static externalAccess token)',
    );
  if (!/^\S+$/.test(options.tokenSubject))
    throw new Error(
      `tokenSubject: characters without whitespace, got "${options.tokenSubject}"`,
    );
  const url = `http://127.0.0.1:${options.port}`;
  return {
    app: { baseUrl: url },
    backend: {
      baseUrl: url,
      // app-config.production.yaml has the string form; files cannot mix the two forms.
      listen:
        options.mode === 'production'
          ? `127.0.0.1:${options.port}`
          : { host: '127.0.0.1', port: options.port },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: options.token, subject: options.tokenSubject },
          },
        ],
      },
    },
  };
}
