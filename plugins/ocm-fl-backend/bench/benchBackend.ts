import { BackendMode, BackendProcess } from '@ocm-fl/backend-process';

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

/** What the benchmark sets on top of a mode's own configuration. */
function benchConfig(targets: BackendTargets) {
  return {
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
 * The whole backend (packages/backend) in a process of its own, so that its resident memory
 * is its own, on the benchmark's hub and S3. Its output goes to `<workDir>/<mode>-backend.log`.
 */
export function benchBackend(options: {
  mode: BackendMode;
  targets: BackendTargets;
  workDir: string;
  /** production: the folder holding the unpacked bundle and its production dependencies. */
  appDir?: string;
  /** Node options for the backend only, e.g. --cpu-prof or --heapsnapshot-signal=SIGUSR2. */
  nodeOptions?: string[];
}): BackendProcess {
  const { mode, targets } = options;
  return new BackendProcess({
    mode,
    name: `${mode}-backend`,
    dir: options.workDir,
    port: targets.port,
    token: targets.token,
    tokenSubject: 'bench',
    config: benchConfig(targets),
    appDir: options.appDir,
    env: mode === 'production' ? productionEnv(targets) : undefined,
    nodeOptions: options.nodeOptions,
  });
}
