import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { stringify } from 'yaml';
import { BackendMode, backendCommand, processConfig } from './backendCommand';

/** This repository's root: this package is packages/backend-process. */
const REPO_ROOT = resolvePackagePath('@ocm-fl/backend-process', '../..');

/** How long a backend may take to answer after its start (transpiling on a busy machine). */
const DEFAULT_START_TIMEOUT_MS = 180_000;

/** How long TERM gets before KILL: Kubernetes' default terminationGracePeriodSeconds. */
const TERM_GRACE_MS = 30_000;

/** Every backend process still running, killed when this process exits. */
const running = new Set<ChildProcess>();

/**
 * No backend outlives its parent: on exit every running one is killed, and INT or TERM make
 * the parent exit (without a handler Node dies of them without running `exit` handlers).
 * Installed with the first backend.
 */
let parentGuarded = false;
function guardParent() {
  if (parentGuarded) return;
  parentGuarded = true;
  process.on('exit', () => running.forEach(child => child.kill('SIGKILL')));
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => process.exit(130));
}

export interface BackendProcessOptions {
  mode: BackendMode;
  /** Names its files in `dir`: `<name>.log`, `<name>.process.yaml`, `<name>.yaml`. */
  name: string;
  dir: string;
  port: number;
  /** The static token its API takes, and the subject the backend gives its calls. */
  token: string;
  tokenSubject: string;
  /** The caller's configuration, read last (e.g. ocmFl, backend.database). */
  config?: Record<string, unknown>;
  /** production: the folder holding the unpacked bundle and its production dependencies. */
  appDir?: string;
  /** Environment variables on top of the parent's. */
  env?: Record<string, string>;
  /** Node options for the backend only, e.g. --cpu-prof or --heapsnapshot-signal=SIGUSR2. */
  nodeOptions?: string[];
  startTimeoutMs?: number;
}

/**
 * This repository's backend (packages/backend, every plugin of the portal) as a process of
 * its own, started as often as needed and stopped with the signal a caller chooses. Its
 * output is appended to `logFile` across starts.
 */
export class BackendProcess {
  readonly name: string;
  readonly url: string;
  readonly logFile: string;
  private readonly configFiles: string[];
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(private readonly options: BackendProcessOptions) {
    this.name = options.name;
    this.url = `http://127.0.0.1:${options.port}`;
    this.logFile = path.join(options.dir, `${options.name}.log`);
    const files: Array<[string, unknown]> = [
      [`${options.name}.process.yaml`, processConfig(options)],
      ...(options.config
        ? [[`${options.name}.yaml`, options.config] as [string, unknown]]
        : []),
    ];
    this.configFiles = files.map(([file, content]) => {
      const configFile = path.join(options.dir, file);
      fs.writeFileSync(configFile, stringify(content));
      return configFile;
    });
  }

  /** The running process's id. */
  get pid(): number {
    if (!this.child?.pid)
      throw new Error(`backend ${this.name} is not started`);
    return this.child.pid;
  }

  alive(): boolean {
    return (
      !!this.child &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    );
  }

  /** Starts the process and waits until its ocm-fl API answers; returns how long it took. */
  async start(): Promise<number> {
    if (this.alive()) throw new Error(`backend ${this.name} is running`);
    const started = Date.now();
    const command = backendCommand({
      mode: this.options.mode,
      repoRoot: REPO_ROOT,
      appDir: this.options.appDir,
      configFiles: this.configFiles,
      nodeOptions: this.options.nodeOptions,
      env: this.options.env,
      parentEnv: process.env,
      // The transform `backstage-cli package start` requires (cli-module-build's
      // runBackend); @backstage/cli's config/nodeTransform.cjs only forwards to it.
      nodeTransform: require.resolve(
        '@backstage/cli-node/config/nodeTransform.cjs',
      ),
    });
    guardParent();
    const log = fs.openSync(this.logFile, 'a');
    const child = spawn(process.execPath, command.args, {
      cwd: command.cwd,
      env: command.env,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    running.add(child);
    this.child = child;
    this.exited = new Promise(resolve =>
      child.once('exit', () => {
        running.delete(child);
        resolve();
      }),
    );
    try {
      await this.answering(child, started);
    } catch (error) {
      await this.stop('SIGKILL');
      throw error;
    }
    return Date.now() - started;
  }

  private async answering(child: ChildProcess, started: number) {
    const timeoutMs = this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    let lastError = 'no answer yet';
    while (Date.now() - started < timeoutMs) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(
          `backend ${this.name} exited (${
            child.signalCode ?? child.exitCode
          }) at its start; see ${this.logFile}`,
        );
      try {
        const response = await fetch(`${this.url}/api/ocm-fl/health`, {
          headers: { authorization: `Bearer ${this.options.token}` },
        });
        if (response.ok) return;
        lastError = `health answered ${response.status}`;
      } catch (error) {
        lastError = (error as Error).message;
      }
      await sleep(200);
    }
    throw new Error(
      `backend ${this.name} did not answer within ${timeoutMs} ms (${lastError}); see ${this.logFile}`,
    );
  }

  /**
   * Stops the process: KILL at once, or TERM as Kubernetes does (KILL after 30 s). Returns
   * how long it took; 0 when it was not running.
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<number> {
    const child = this.child;
    if (!child || !this.alive()) return 0;
    const started = Date.now();
    child.kill(signal);
    const grace = setTimeout(() => child.kill('SIGKILL'), TERM_GRACE_MS);
    await this.exited;
    clearTimeout(grace);
    return Date.now() - started;
  }

  /** Calls the backend's API with the static token, or another (e.g. a user's). */
  async request(
    method: string,
    apiPath: string,
    options: { body?: unknown; token?: string } = {},
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.url}/api${apiPath}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token ?? this.options.token}`,
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

  /** Lines of the log (of every start) that contain the text. */
  logLines(text: string): string[] {
    return fs
      .readFileSync(this.logFile, 'utf8')
      .split('\n')
      .filter(line => line.includes(text));
  }
}
