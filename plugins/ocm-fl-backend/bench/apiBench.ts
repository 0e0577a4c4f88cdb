/* eslint-disable no-console */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  OCM_FL_MANAGER,
  ocmFlLabels,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { BackendMode } from '@ocm-fl/backend-process';
import {
  rawRequest,
  spawnHubSimulator,
  startTestS3,
} from '@ocm-fl/hub-simulator/testing';
import getPort from 'get-port';
import { benchBackend } from './benchBackend';
import { BackendFigures, measureBackend } from './measureBackend';
import { startHubRelay } from './hubRelay';
import { formatReport } from './report';

/** The simulator's default token. */
const HUB_TOKEN = 'dev-hub-token';

const USAGE = `Usage: yarn workspace @ocm-fl/backstage-plugin-ocm-fl-backend bench [clusters] [jobs]
       [--production <app folder>] [--skip-development] [--profile <folder>]
  clusters, jobs          the simulated hub's size (default 5000 clusters, 1000 jobs of 20 works)
  --production <folder>   also measure the built backend unpacked in this folder (with its
                          production dependencies) on the PostgreSQL server named by
                          TEST_POSTGRES_HOST, _PORT, _USER and _PASSWORD; scripts/backend-bench.sh
                          builds it and starts PostgreSQL
  --skip-development      measure the production build only
  --profile <folder>      write each backend's CPU profile and a heap snapshot (taken after the
                          measurements) into <folder>/<mode>
  --help                  print this`;

/**
 * The whole backend (packages/backend) in a process of its own against a simulated hub of
 * 5,000 clusters and 1,000 jobs (20,000 ManifestWorks), in development mode and, given the
 * built bundle, in production mode: the time until its cache is synced, list latencies, the
 * time from a hub change to its server-sent event, and its resident memory, side by side with
 * the targets. The simulator and S3 (s3rver) run outside the backend's process, and one hub
 * serves both modes, one after the other. Prints figures; asserts nothing.
 */
function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      production: { type: 'string' },
      'skip-development': { type: 'boolean', default: false },
      profile: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const [clusters = 5000, jobs = 1000] = positionals.map(value => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) {
      throw new Error(
        `clusters and jobs: whole numbers above 0, got "${value}"\n${USAGE}`,
      );
    }
    return n;
  });
  const modes: BackendMode[] = [
    ...(values['skip-development'] ? [] : ['development' as const]),
    ...(values.production ? ['production' as const] : []),
  ];
  if (modes.length === 0) {
    throw new Error(`--skip-development needs --production\n${USAGE}`);
  }
  const env = process.env;
  const postgres =
    values.production && env.TEST_POSTGRES_HOST
      ? {
          host: env.TEST_POSTGRES_HOST,
          port: env.TEST_POSTGRES_PORT ?? '5432',
          user: env.TEST_POSTGRES_USER ?? 'postgres',
          password: env.TEST_POSTGRES_PASSWORD ?? '',
        }
      : undefined;
  if (values.production && !postgres) {
    throw new Error(
      `--production needs TEST_POSTGRES_HOST (and _PORT, _USER, _PASSWORD): run scripts/backend-bench.sh\n${USAGE}`,
    );
  }
  return {
    clusters,
    jobs,
    modes,
    appDir: values.production && path.resolve(values.production),
    postgres,
    profile: values.profile && path.resolve(values.profile),
  };
}

async function main() {
  const { clusters, jobs, modes, appDir, postgres, profile } = options();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocm-fl-bench-'));
  console.log(
    `Seeding the simulator: ${clusters} clusters, ${jobs} jobs, ${
      jobs * 20
    } ManifestWorks ...`,
  );
  const seedStarted = performance.now();
  const sim = await spawnHubSimulator({
    dir,
    scenario: `scale:${clusters}`,
    jobs,
  });
  const hub = sim.kc.getCurrentCluster()!;
  console.log(
    `  simulator up after ${((performance.now() - seedStarted) / 1000).toFixed(
      1,
    )} s`,
  );
  const hubUrl = new URL(hub.server);
  const relay = await startHubRelay({
    host: hubUrl.hostname,
    port: Number(hubUrl.port),
  });
  const s3 = await startTestS3();
  const token = randomBytes(16).toString('hex');
  const hubApi = sim.kc.makeApiClient(CustomObjectsApi);

  const settling = performance.now();
  await hubSettled({
    url: hub.server,
    caPem: Buffer.from(hub.caData!, 'base64').toString(),
  });
  console.log(
    `  the simulator's own work after its start (its agents applying the seeded works) done after ${(
      (performance.now() - settling) /
      1000
    ).toFixed(1)} s`,
  );
  console.log(
    `  the hub alone serves every cluster and work in pages of 500 (as the cache lists them) in ${(
      (await hubListTime(hubApi)) / 1000
    ).toFixed(1)} s`,
  );

  const measured: Array<{ mode: string; figures: BackendFigures }> = [];
  for (const mode of modes) {
    const port = await getPort({ host: '127.0.0.1' });
    const profileDir = profile && path.join(profile, mode);
    if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
    relay.reset();
    console.log(`\n${mode}: the backend on 127.0.0.1:${port} ...`);
    const startedAt = performance.now();
    const backend = benchBackend({
      mode,
      appDir,
      workDir: dir,
      targets: {
        port,
        token,
        hub: {
          url: `https://127.0.0.1:${relay.port}`,
          token: HUB_TOKEN,
          caData: hub.caData!,
        },
        s3Endpoint: s3.endpoint,
        postgres,
      },
      nodeOptions: profileDir
        ? [
            '--cpu-prof',
            `--cpu-prof-dir=${profileDir}`,
            '--heapsnapshot-signal=SIGUSR2',
            `--diagnostic-dir=${profileDir}`,
          ]
        : [],
    });
    try {
      // Its exit at the start or no answer within its timeout fails here, with the log below.
      await backend.start();
      const figures = await measureBackend({
        baseUrl: `http://127.0.0.1:${port}`,
        token,
        pid: backend.pid,
        alive: () => backend.alive(),
        startedAt,
        hubAnsweredAt: relay.firstAnswerAt,
        hubApi,
        clusters,
        jobs,
        changeTag: mode,
      });
      measured.push({ mode, figures });
      console.log(formatReport(clusters, [{ mode, figures }]));
      if (profileDir) {
        await takeHeapSnapshot(backend.pid, profileDir, () =>
          fetch(`http://127.0.0.1:${port}/api/ocm-fl/health`, {
            headers: { authorization: `Bearer ${token}` },
          }),
        );
      }
    } catch (error) {
      const log = fs.readFileSync(backend.logFile, 'utf8').split('\n');
      console.error(`${mode}: the last lines of the backend's log:`);
      console.error(log.slice(-40).join('\n'));
      throw error;
    } finally {
      await backend.stop();
    }
    if (profileDir)
      console.log(`  CPU profile and heap snapshot in ${profileDir}`);
  }

  if (measured.length > 1) {
    console.log(
      `\nAt ${clusters} clusters, ${jobs} jobs (${
        jobs * 20
      } ManifestWorks):\n${formatReport(clusters, measured)}`,
    );
  }
  await relay.close();
  await s3.close();
  sim.child.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Waits until the simulator is done with its own work after its start (its simulated agents
 * apply and report the seeded works): until its resourceVersion moves by less than 10 in 5 s,
 * or 5 minutes passed. The backends are measured on a hub that only answers them.
 */
async function hubSettled(hub: { url: string; caPem: string }) {
  const revision = async () =>
    Number(
      (await rawRequest(hub, '/simulator/status', { token: HUB_TOKEN })).body
        .resourceVersion,
    );
  const deadline = performance.now() + 5 * 60_000;
  let last = await revision();
  while (performance.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 5000));
    const now = await revision();
    if (now - last < 10) return;
    last = now;
  }
}

/**
 * How long the hub takes to list what the cache lists first, page by page (the largest kinds:
 * managed clusters, and the works of ours): the part of the cache's sync that is the hub's.
 */
async function hubListTime(hubApi: CustomObjectsApi) {
  const started = performance.now();
  for (const kind of [
    { group: 'cluster.open-cluster-management.io', plural: 'managedclusters' },
    {
      group: 'work.open-cluster-management.io',
      plural: 'manifestworks',
      labelSelector: `${ocmFlLabels.managedBy}=${OCM_FL_MANAGER}`,
    },
  ]) {
    let page: any;
    do {
      const request = {
        ...kind,
        version: 'v1',
        limit: 500,
        _continue: page?.metadata?.continue,
      };
      // A hub busy with its own seeding may drop a connection: that page is asked again.
      for (let attempt = 1; ; attempt++) {
        try {
          page = await hubApi.listClusterCustomObject(request);
          break;
        } catch (error) {
          if (attempt === 5) throw error;
          await new Promise(resolve => setTimeout(resolve, 1000));
        }
      }
    } while (page.metadata?.continue);
  }
  return performance.now() - started;
}

/**
 * Asks the backend for a heap snapshot (--heapsnapshot-signal) and waits until it is written:
 * the backend writes it on its main thread, so it answers again once the file is complete.
 */
async function takeHeapSnapshot(
  pid: number,
  dir: string,
  answers: () => Promise<unknown>,
) {
  const snapshots = () =>
    fs.readdirSync(dir).filter(file => file.endsWith('.heapsnapshot'));
  const before = snapshots().length;
  process.kill(pid, 'SIGUSR2');
  while (snapshots().length === before) {
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  await answers();
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
