import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/**
 * `development`: packages/backend from its TypeScript sources, as `yarn start` runs it
 * (Backstage CLI's node transform, NODE_ENV=development, app-config.yaml: SQLite in memory).
 * `production`: the built bundle, as a deployment runs it (`node packages/backend`,
 * NODE_ENV=production, app-config.production.yaml: PostgreSQL).
 */
export type BackendMode = 'development' | 'production';

/** Where the backend's configuration points it: the hub, S3, and its database in production. */
export interface BackendTargets {
  port: number;
  /** Static token the benchmark calls the API with. */
  token: string;
  hub: { url: string; token: string; caData: string };
  s3Endpoint: string;
  /** production only: the PostgreSQL server. */
  postgres?: { host: string; port: string; user: string; password: string };
}

export interface BackendProcess {
  pid: number;
  logFile: string;
  /** Settles when the process exits, with its exit code (or signal). */
  exited: Promise<string>;
  alive(): boolean;
  /** TERM, and KILL after 30 s, as Kubernetes stops a pod. */
  stop(): Promise<void>;
}

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** The configuration files a mode starts from, as its scripts start it. */
function configFiles(mode: BackendMode, appDir: string) {
  return mode === 'development'
    ? [path.join(REPO_ROOT, 'app-config.yaml')]
    : [
        path.join(appDir, 'app-config.yaml'),
        path.join(appDir, 'app-config.production.yaml'),
      ];
}

/** What the benchmark sets on top of a mode's own configuration. */
function benchConfig(mode: BackendMode, targets: BackendTargets) {
  const baseUrl = `http://127.0.0.1:${targets.port}`;
  return {
    backend: {
      baseUrl,
      // app-config.production.yaml has the string form; files cannot mix the two.
      listen:
        mode === 'production'
          ? `127.0.0.1:${targets.port}`
          : { host: '127.0.0.1', port: targets.port },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: targets.token, subject: 'bench' },
          },
        ],
      },
    },
    ocmFl: {
      hubs: [
        {
          name: 'bench',
          url: targets.hub.url,
          serviceAccountToken: targets.hub.token,
          caData: targets.hub.caData,
        },
      ],
      storage: {
        s3: {
          endpoint: targets.s3Endpoint,
          forcePathStyle: true,
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        },
      },
    },
  };
}

/** Environment variables app-config.production.yaml reads. */
function productionEnv(targets: BackendTargets): Record<string, string> {
  if (!targets.postgres) {
    throw new Error('production mode needs a PostgreSQL server (postgres)');
  }
  const baseUrl = `http://127.0.0.1:${targets.port}`;
  return {
    APP_BASE_URL: baseUrl,
    BACKEND_BASE_URL: baseUrl,
    POSTGRES_HOST: targets.postgres.host,
    POSTGRES_PORT: targets.postgres.port,
    POSTGRES_USER: targets.postgres.user,
    POSTGRES_PASSWORD: targets.postgres.password,
    // Replaced by the benchmark's configuration; set because the file reads them.
    OCM_HUB_URL: targets.hub.url,
    OCM_HUB_TOKEN: targets.hub.token,
    OCM_HUB_CA_DATA: targets.hub.caData,
    OCM_FL_S3_BUCKET: 'models',
    OCM_FL_S3_REGION: 'us-east-1',
    OCM_FL_UPLOADER_ROLE_ARN: 'arn:aws:iam::123456789012:role/ocm-fl-uploader',
  };
}

/**
 * Starts the whole backend (packages/backend) in a process of its own, so that its resident
 * memory is its own. Its output goes to `<workDir>/<mode>-backend.log`.
 */
export function startBackendProcess(options: {
  mode: BackendMode;
  targets: BackendTargets;
  workDir: string;
  /** production: the folder holding the unpacked bundle and its production dependencies. */
  appDir?: string;
  /** Node options for the backend only, e.g. --cpu-prof or --heapsnapshot-signal=SIGUSR2. */
  nodeOptions?: string[];
}): BackendProcess {
  const { mode, targets, workDir } = options;
  if (mode === 'production' && !options.appDir) {
    throw new Error('production mode needs the unpacked bundle (appDir)');
  }
  const appDir = options.appDir ?? '';
  const overlay = path.join(workDir, `${mode}-app-config.yaml`);
  fs.writeFileSync(overlay, stringify(benchConfig(mode, targets)));
  const configArgs = [...configFiles(mode, appDir), overlay].flatMap(file => [
    '--config',
    file,
  ]);
  const logFile = path.join(workDir, `${mode}-backend.log`);
  const log = fs.openSync(logFile, 'w');
  // The arguments `backstage-cli package start` gives a backend (cli-module-build's
  // runBackend), without its file watcher.
  const child: ChildProcess =
    mode === 'development'
      ? spawn(
          process.execPath,
          [
            ...(options.nodeOptions ?? []),
            '--enable-source-maps',
            '--require',
            require.resolve('@backstage/cli/config/nodeTransform.cjs'),
            'src/index.ts',
            ...configArgs,
          ],
          {
            cwd: path.join(REPO_ROOT, 'packages/backend'),
            env: {
              ...process.env,
              NODE_OPTIONS: '',
              NODE_ENV: 'development',
              ESBK_TSCONFIG_PATH: path.join(REPO_ROOT, 'tsconfig.json'),
            },
            stdio: ['ignore', log, log],
          },
        )
      : spawn(
          process.execPath,
          [...(options.nodeOptions ?? []), 'packages/backend', ...configArgs],
          {
            cwd: appDir,
            env: {
              ...process.env,
              NODE_OPTIONS: '',
              NODE_ENV: 'production',
              ...productionEnv(targets),
            },
            stdio: ['ignore', log, log],
          },
        );
  fs.closeSync(log);
  let running = true;
  const exited = new Promise<string>(resolve =>
    child.on('exit', (code, signal) => {
      running = false;
      resolve(signal ?? String(code));
    }),
  );
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  return {
    pid: child.pid!,
    logFile,
    exited,
    alive: () => running,
    stop: async () => {
      process.off('exit', kill);
      if (!running) return;
      child.kill('SIGTERM');
      const killed = setTimeout(kill, 30_000);
      await exited;
      clearTimeout(killed);
    },
  };
}
