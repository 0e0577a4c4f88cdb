import { BackendProcess } from '@ocm-fl/backend-process';

/** The static token the suite calls a backend with (backend.auth.externalAccess). */
const SUITE_TOKEN = 'fault-suite-static-token';

/** The part of `backend.database` that differs between SQLite and PostgreSQL runs. */
export type BackendDatabase =
  | { client: 'better-sqlite3'; directory: string }
  | {
      client: 'pg';
      connection: {
        host: string;
        port: number;
        user: string;
        password: string;
      };
      /** Databases of one suite run: `<prefix><plugin>`, shared by its replicas. */
      prefix: string;
    };

export interface SuiteBackendOptions {
  /** For the configuration files and the log. */
  dir: string;
  name: string;
  port: number;
  database: BackendDatabase;
  /** The `ocmFl` section (hubs, storage, lifecycle). */
  ocmFl: Record<string, unknown>;
  /** How old a scaffolder task's heartbeat gets before another backend takes it up. */
  taskStaleSeconds: number;
}

/** The suite's configuration on top of the development portal's. */
function suiteConfig(options: SuiteBackendOptions) {
  const { database } = options;
  return {
    backend: {
      database:
        database.client === 'pg'
          ? {
              client: 'pg',
              connection: database.connection,
              prefix: database.prefix,
            }
          : // A file per plugin: what the backend recorded survives its restart.
            {
              client: 'better-sqlite3',
              connection: { directory: database.directory },
            },
    },
    scaffolder: {
      taskRecovery: {
        enabled: true,
        staleTimeout: { seconds: options.taskStaleSeconds },
      },
    },
    ocmFl: options.ocmFl,
    ocmFlDev: null,
  };
}

/**
 * The repository's backend run from its sources (development mode) on the suite's hub,
 * database and S3, its development services off; the suite stops it with the signal a
 * scenario needs.
 */
export class SuiteBackend extends BackendProcess {
  constructor(options: SuiteBackendOptions) {
    super({
      mode: 'development',
      name: options.name,
      dir: options.dir,
      port: options.port,
      token: SUITE_TOKEN,
      tokenSubject: 'fault-suite',
      config: suiteConfig(options),
    });
  }

  /** Whether this backend ran a scaffolder task: the scaffolder's audit event names it. */
  ranTask(taskId: string): boolean {
    return this.logLines('"actionType":"execution"').some(line =>
      line.includes(taskId),
    );
  }

  /** A token of the development guest user (an admin of the development portal). */
  async guestToken(): Promise<string> {
    const response = await fetch(`${this.url}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    const body = (await response.json()) as {
      backstageIdentity?: { token?: string };
    };
    const token = body.backstageIdentity?.token;
    if (!token)
      throw new Error(
        `guest sign-in on ${this.name} answered ${
          response.status
        }: ${JSON.stringify(body)}`,
      );
    return token;
  }
}
