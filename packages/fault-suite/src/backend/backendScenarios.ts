import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  createHubS3Secret,
  ocmFlTestConfig,
  startTestHub,
  startTestS3,
} from '@ocm-fl/hub-simulator/testing';
import { newResult, ScenarioResult } from '../report';
import { backendKilledMidTask } from '../scenarios/backendKilledMidTask';
import { backendRestartAtEachPhase } from '../scenarios/backendRestartAtEachPhase';
import { HUB_SCENARIO } from '../scenarios/fiftyClusterJob';
import { replicaKilled } from '../scenarios/replicaKilled';
import { BackendDatabase, SuiteBackend } from './suiteBackend';
import { openLineageDatabase } from './lineageAudit';

/**
 * How long an aggregator waits for its clients: Flower's FedAvg waits for ever (flwr/serverapp/
 * strategy/strategy_utils.py `sample_nodes`, v1.26.1). Longer than a backend's restart and a
 * task's recovery, so that the first attempt of a cut launch is still waiting when its run
 * starts over.
 */
const CLIENT_WAIT_MS = 180_000;

/** How old a task's heartbeat gets before a backend takes it up (the portal's: 30 s). */
const TASK_STALE_SECONDS = 5;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The throw-away PostgreSQL of scripts/lib/postgres.sh, when the script started one. */
export function suitePostgres(
  env: Record<string, string | undefined> = process.env,
) {
  if (!env.TEST_POSTGRES_HOST) return undefined;
  return {
    host: env.TEST_POSTGRES_HOST,
    port: Number(env.TEST_POSTGRES_PORT),
    user: env.TEST_POSTGRES_USER ?? 'postgres',
    password: env.TEST_POSTGRES_PASSWORD ?? '',
  };
}

/**
 * The backend scenarios on one database: restarts at each phase with TERM and with KILL and,
 * on SQLite, the scaffolder task cut by `kill -9`. One backend process is stopped and
 * started again throughout, on a hub simulator of its own.
 */
export async function backendScenarios(options: {
  database: 'SQLite' | 'PostgreSQL';
  dir: string;
  log: (line: string) => void;
}): Promise<ScenarioResult[]> {
  const { log } = options;
  const slug = options.database === 'SQLite' ? 'sqlite' : 'pg';
  let database: BackendDatabase;
  if (options.database === 'SQLite') {
    const directory = path.join(options.dir, 'sqlite');
    mkdirSync(directory, { recursive: true });
    database = { client: 'better-sqlite3', directory };
  } else {
    const connection = suitePostgres();
    if (!connection)
      return [
        {
          ...newResult('backend restarts (PostgreSQL)'),
          problems: [
            'no PostgreSQL: TEST_POSTGRES_HOST is not set (scripts/fault-suite.sh starts one)',
          ],
        },
      ];
    database = {
      client: 'pg',
      connection,
      prefix: `faults_${Date.now().toString(36)}_`,
    };
  }
  const { sim, kubeConfig: kc } = await startTestHub({
    scenario: HUB_SCENARIO,
    flRuntime: { roundDurationMs: 100, clientWaitMs: CLIENT_WAIT_MS },
  });
  const backend = new SuiteBackend({
    dir: options.dir,
    name: `backend-${slug}`,
    port: await freePort(),
    database,
    ocmFl: ocmFlTestConfig(sim, { lifecycle: { intervalSeconds: 1 } }),
    taskStaleSeconds: TASK_STALE_SECONDS,
  });
  const lineage = openLineageDatabase(database);
  const results: ScenarioResult[] = [];
  // A scenario that throws is a failed row, and the next one still runs.
  const run = async (scenario: string, fn: () => Promise<ScenarioResult>) => {
    log(scenario);
    const started = Date.now();
    results.push(
      await fn().catch(error => ({
        ...newResult(scenario),
        problems: [`${(error as Error).message}`],
        seconds: (Date.now() - started) / 1000,
      })),
    );
  };
  try {
    const startMs = await backend.start();
    log(
      `${backend.name} (${options.database}) answers ${(startMs / 1000).toFixed(
        1,
      )} s after its start; log in ${backend.logFile}`,
    );
    if (options.database === 'SQLite') {
      const scenario = `backend kill -9 mid-task (${options.database})`;
      await run(scenario, () =>
        backendKilledMidTask({
          scenario,
          kc,
          job: `${slug}-killed-task`,
          backends: [backend],
          lineage,
          log,
        }),
      );
    }
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const scenario = `backend ${signal} at each phase (${options.database})`;
      await run(scenario, () =>
        backendRestartAtEachPhase({
          scenario,
          signal,
          sim,
          kc,
          backend,
          lineage,
          prefix: `${slug}-${signal === 'SIGTERM' ? 'term' : 'kill'}`,
          log,
        }),
      );
    }
  } finally {
    await backend.stop('SIGTERM');
    await lineage.destroy();
    await sim.close();
  }
  return results;
}

/**
 * Two replicas of the backend on one PostgreSQL, one hub and one S3: the replica running a
 * scaffolder task dies in the middle of it and of a training (docs/operating/faults.md).
 */
export async function replicaScenario(options: {
  dir: string;
  log: (line: string) => void;
}): Promise<ScenarioResult> {
  const scenario = 'replica kill -9 mid-task and mid-job (PostgreSQL)';
  const connection = suitePostgres();
  if (!connection)
    return {
      ...newResult(scenario),
      problems: [
        'no PostgreSQL: TEST_POSTGRES_HOST is not set (scripts/fault-suite.sh starts one)',
      ],
    };
  const database: BackendDatabase = {
    client: 'pg',
    connection,
    prefix: `faults_replicas_${Date.now().toString(36)}_`,
  };
  const { sim, kubeConfig: kc } = await startTestHub({
    scenario: HUB_SCENARIO,
    // Flower's final model reaches S3 at the uploader's next sync after the run.
    flRuntime: {
      roundDurationMs: 100,
      clientWaitMs: CLIENT_WAIT_MS,
      uploadIntervalMs: 1_000,
    },
  });
  const s3 = await startTestS3();
  await createHubS3Secret(kc);
  const ocmFl = ocmFlTestConfig(sim, {
    s3: { ...s3, prefix: 'runs' },
    lifecycle: { intervalSeconds: 1 },
  });
  const replicas: [SuiteBackend, SuiteBackend] = [
    new SuiteBackend({
      dir: options.dir,
      name: 'replica-a',
      port: await freePort(),
      database,
      ocmFl,
      taskStaleSeconds: TASK_STALE_SECONDS,
    }),
    new SuiteBackend({
      dir: options.dir,
      name: 'replica-b',
      port: await freePort(),
      database,
      ocmFl,
      taskStaleSeconds: TASK_STALE_SECONDS,
    }),
  ];
  const lineage = openLineageDatabase(database);
  const started = Date.now();
  try {
    // One after the other: both would run the same migrations at once.
    for (const replica of replicas) {
      const startMs = await replica.start();
      options.log(
        `${replica.name} (PostgreSQL) answers ${(startMs / 1000).toFixed(
          1,
        )} s after its start; log in ${replica.logFile}`,
      );
    }
    options.log(scenario);
    return await replicaKilled({
      kc,
      s3,
      replicas,
      lineage,
      log: options.log,
    }).catch(error => ({
      ...newResult(scenario),
      problems: [(error as Error).message],
      seconds: (Date.now() - started) / 1000,
    }));
  } finally {
    await Promise.all(replicas.map(r => r.stop('SIGTERM')));
    await lineage.destroy();
    await s3.close();
    await sim.close();
  }
}
