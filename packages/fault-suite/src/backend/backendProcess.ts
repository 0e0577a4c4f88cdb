import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { eventually } from '@ocm-fl/hub-simulator/testing';
import { stringify } from 'yaml';

/** The static token the suite calls a backend with (backend.auth.externalAccess). */
const SUITE_TOKEN = 'fault-suite-static-token';

/** How long a backend may take to answer after its start (transpiling on a busy machine). */
const START_TIMEOUT_MS = 180_000;

/** packages/backend of this repository: the suite runs inside it. */
const BACKEND_DIR = resolvePackagePath('@ocm-fl/fault-suite', '../backend');

/** Whatever happens to the suite, no backend outlives it (an interrupted suite exits). */
const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach(child => child.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => process.exit(130));

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

export interface BackendOptions {
  /** For the configuration file and the log. */
  dir: string;
  name: string;
  port: number;
  database: BackendDatabase;
  /** The `ocmFl` section (hubs, storage, lifecycle). */
  ocmFl: Record<string, unknown>;
  /** How old a scaffolder task's heartbeat gets before another backend takes it up. */
  taskStaleSeconds: number;
}

/**
 * The repository's backend (packages/backend, every plugin of the portal) as a process of
 * its own, run from its sources as `backstage-cli package start` runs it (Backstage's node
 * transform, NODE_ENV development), without the file watcher that restarts it on changes:
 * the suite stops it with the signal a scenario needs. Its development services stay off;
 * its hub, database and S3 are the suite's.
 */
export class BackendProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  readonly url: string;
  readonly name: string;
  readonly logFile: string;
  private readonly configFile: string;

  constructor(private readonly options: BackendOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
    this.name = options.name;
    this.logFile = path.join(options.dir, `${options.name}.log`);
    this.configFile = path.join(options.dir, `${options.name}.yaml`);
    writeFileSync(this.configFile, stringify(this.config()));
  }

  private config() {
    const { database } = this.options;
    return {
      app: { baseUrl: this.url },
      backend: {
        baseUrl: this.url,
        listen: { host: '127.0.0.1', port: this.options.port },
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
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: SUITE_TOKEN, subject: 'fault-suite' },
            },
          ],
        },
      },
      scaffolder: {
        taskRecovery: {
          enabled: true,
          staleTimeout: { seconds: this.options.taskStaleSeconds },
        },
      },
      ocmFl: this.options.ocmFl,
      ocmFlDev: null,
    };
  }

  /** Starts the process and waits until its ocm-fl API answers. */
  async start(): Promise<number> {
    const started = Date.now();
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        'src/index.ts',
        '--config',
        path.join(BACKEND_DIR, '../../app-config.yaml'),
        '--config',
        this.configFile,
      ],
      {
        cwd: BACKEND_DIR,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_ENV: 'development', NODE_OPTIONS: '' },
      },
    );
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.child = child;
    this.exited = new Promise(resolve =>
      child.on('exit', code => resolve(code)),
    );
    running.add(child);
    child.on('exit', () => running.delete(child));
    await eventually(async () => {
      if (child.exitCode !== null)
        throw new Error(
          `backend ${this.options.name} exited ${child.exitCode} at start; see ${this.logFile}`,
        );
      const response = await fetch(`${this.url}/api/ocm-fl/health`, {
        headers: { authorization: `Bearer ${SUITE_TOKEN}` },
      }).catch(() => undefined);
      return response?.ok ? true : undefined;
    }, START_TIMEOUT_MS).catch(error => {
      child.kill('SIGKILL');
      throw error;
    });
    return Date.now() - started;
  }

  /**
   * Stops the process with this signal: KILL at once, TERM as Kubernetes does (KILL after
   * 30 s). Returns how long it took.
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<number> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode) return 0;
    const started = Date.now();
    child.kill(signal);
    const grace = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(grace);
    return Date.now() - started;
  }

  /** Calls the backend's API with the suite's token (or another, e.g. a user's). */
  async request(
    method: string,
    apiPath: string,
    options: { body?: unknown; token?: string } = {},
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.url}/api${apiPath}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token ?? SUITE_TOKEN}`,
        ...(options.body !== undefined && {
          'content-type': 'application/json',
        }),
      },
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: kept as text for the error message.
    }
    return { status: response.status, body };
  }

  /** Whether this backend ran a scaffolder task: the scaffolder's audit event names it. */
  ranTask(taskId: string): boolean {
    const log = readFileSync(this.logFile, 'utf8');
    return log
      .split('\n')
      .some(
        line =>
          line.includes('"actionType":"execution"') && line.includes(taskId),
      );
  }

  /** Lines of this backend's log that contain the text. */
  logLines(text: string): string[] {
    return readFileSync(this.logFile, 'utf8')
      .split('\n')
      .filter(line => line.includes(text));
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
        `guest sign-in on ${this.options.name} answered ${
          response.status
        }: ${JSON.stringify(body)}`,
      );
    return token;
  }
}
