import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ocmFlTestConfig, startTestHub } from '@ocm-fl/hub-simulator/testing';
import { ScenarioResult } from '../report';
import { backendKilledMidTask } from '../scenarios/backendKilledMidTask';
import { backendRestartAtEachPhase } from '../scenarios/backendRestartAtEachPhase';
import { HUB_SCENARIO } from '../scenarios/fiftyClusterJob';
import { BackendDatabase, BackendProcess } from './backendProcess';
import { openLineageDatabase } from './lineageAudit';

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
          scenario: 'backend restarts (PostgreSQL)',
          launches: 0,
          succeeded: 0,
          orphans: 0,
          namedLeftovers: 0,
          duplicates: 0,
          mustSucceed: true,
          problems: [
            'no PostgreSQL: TEST_POSTGRES_HOST is not set (scripts/fault-suite.sh starts one)',
          ],
          seconds: 0,
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
    flRuntime: { roundDurationMs: 100, clientWaitMs: 10_000 },
  });
  const backend = new BackendProcess({
    dir: options.dir,
    name: `backend-${slug}`,
    port: await freePort(),
    database,
    ocmFl: ocmFlTestConfig(sim, { lifecycle: { intervalSeconds: 1 } }),
    taskStaleSeconds: TASK_STALE_SECONDS,
  });
  const lineage = openLineageDatabase(database);
  const results: ScenarioResult[] = [];
  try {
    const startMs = await backend.start();
    log(
      `${backend.name} (${options.database}) answers ${(startMs / 1000).toFixed(
        1,
      )} s after its start; log in ${backend.logFile}`,
    );
    if (options.database === 'SQLite') {
      log(`backend killed mid-launch of a scaffolder task (${options.database})`);
      results.push(
        await backendKilledMidTask({
          scenario: `backend kill -9 mid-task (${options.database})`,
          kc,
          job: `${slug}-killed-task`,
          killed: backend,
          lineage,
          log,
        }),
      );
    }
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      log(`backend ${signal} at each phase (${options.database})`);
      results.push(
        await backendRestartAtEachPhase({
          scenario: `backend ${signal} at each phase (${options.database})`,
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
