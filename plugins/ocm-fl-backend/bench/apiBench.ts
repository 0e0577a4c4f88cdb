/* eslint-disable no-console */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createBackend } from '@backstage/backend-defaults';
import {
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { spawnHubSimulator } from '@ocm-fl/hub-simulator/testing';
import { stringify } from 'yaml';

/**
 * The backend's API against a simulated hub of 5,000 clusters and 1,000 jobs (20,000
 * ManifestWorks): p50/p95 of the clusters and jobs lists, the time from a hub change to its
 * server-sent event, and the backend's memory. The simulator runs in a child process so that
 * the memory figure is the backend's alone. Prints figures; asserts nothing.
 * Usage: yarn workspace @ocm-fl/backstage-plugin-ocm-fl-backend bench [clusters] [jobs]
 * (the script caps the heap at 400 MB, as a deployment would; the cache needs about 130 MB
 * of it at 5,000 clusters and 20,000 works).
 */
const [clusters = 5000, jobs = 1000] = process.argv
  .slice(2)
  .map(Number)
  .filter(n => n > 0);
const HUB_PORT = 16560;
const BACKEND_PORT = 17560;
const TOKEN = randomBytes(16).toString('hex');
const REQUESTS = 200;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor((p / 100) * values.length))
  ];

async function until<T>(what: string, fn: () => Promise<T | undefined>) {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocm-fl-bench-'));
  console.log(
    `Seeding the simulator: ${clusters} clusters, ${jobs} jobs, ${
      jobs * 20
    } ManifestWorks ...`,
  );
  const seedStarted = Date.now();
  const sim = await spawnHubSimulator({
    dir,
    scenario: `scale:${clusters}`,
    port: HUB_PORT,
    jobs,
  });
  const cluster = sim.kc.getCurrentCluster()!;
  console.log(`  simulator up after ${Date.now() - seedStarted} ms`);

  fs.writeFileSync(
    path.join(dir, 'app-config.yaml'),
    stringify({
      backend: {
        baseUrl: `http://127.0.0.1:${BACKEND_PORT}`,
        listen: { port: BACKEND_PORT, host: '127.0.0.1' },
        database: { client: 'better-sqlite3', connection: ':memory:' },
        auth: {
          externalAccess: [
            { type: 'static', options: { token: TOKEN, subject: 'bench' } },
          ],
        },
      },
      ocmFl: {
        hubs: [
          {
            name: 'bench',
            url: cluster.server,
            serviceAccountToken: 'dev-hub-token',
            caData: cluster.caData,
          },
        ],
      },
    }),
  );
  process.argv.push('--config', path.join(dir, 'app-config.yaml'));
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 200);
  const backend = createBackend();
  backend.add(import('../src'));
  const startedBackend = Date.now();
  await backend.start();
  const api = `http://127.0.0.1:${BACKEND_PORT}/api/ocm-fl`;
  const get = async (url: string) => {
    const response = await fetch(`${api}${url}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  };
  await until('the cache to hold every cluster and job', async () => {
    const [c, j] = await Promise.all([
      get('/clusters?limit=1'),
      get('/jobs?limit=1'),
    ]);
    return c.total === clusters && j.total === jobs && c.hubs.bench.synced
      ? true
      : undefined;
  });
  console.log(
    `  backend cache synced ${Date.now() - startedBackend} ms after start`,
  );

  const timed = async (url: string) => {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const started = performance.now();
      await get(url);
      times.push(performance.now() - started);
    }
    return times;
  };
  console.log(
    `\nLatency over ${REQUESTS} sequential requests (ms)\nrequest                                  p50     p95`,
  );
  for (const url of [
    '/clusters?limit=100',
    '/clusters?limit=100&search=region=eu-west',
    `/clusters?limit=${clusters}`,
    '/jobs?limit=100',
    '/jobs?limit=100&phase=Succeeded&cluster=cluster-00042',
    `/jobs?limit=${Math.min(jobs, 1000)}`,
  ]) {
    const times = await timed(url);
    console.log(
      `${url.padEnd(38)} ${percentile(times, 50)
        .toFixed(1)
        .padStart(6)} ${percentile(times, 95).toFixed(1).padStart(7)}`,
    );
  }

  // From a change on the hub to its event on the stream.
  const controller = new AbortController();
  const stream = await fetch(`${api}/events`, {
    headers: { authorization: `Bearer ${TOKEN}` },
    signal: controller.signal,
  });
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const eventTimes: number[] = [];
  const hubApi = sim.kc.makeApiClient(CustomObjectsApi);
  for (let i = 0; i < 20; i++) {
    const name = `cluster-${String((i * 7) % clusters).padStart(5, '0')}`;
    text = '';
    const started = performance.now();
    await hubApi.patchClusterCustomObject(
      {
        group: 'cluster.open-cluster-management.io',
        version: 'v1',
        plural: 'managedclusters',
        name,
        body: { metadata: { labels: { bench: String(i) } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    while (!text.includes(`"name":"${name}"`)) {
      const { value } = await reader.read();
      text += decoder.decode(value);
    }
    eventTimes.push(performance.now() - started);
  }
  controller.abort();
  console.log(
    `\nHub change to server-sent event (20 changes): p50 ${percentile(
      eventTimes,
      50,
    ).toFixed(1)} ms, p95 ${percentile(eventTimes, 95).toFixed(1)} ms`,
  );
  clearInterval(sampler);
  // A full collection first, so that heap used is what the backend keeps.
  v8.setFlagsFromString('--expose-gc');
  runInNewContext('gc')();
  const memory = process.memoryUsage();
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  console.log(
    `Backend memory: rss ${mb(memory.rss)} (peak ${mb(
      peakRss,
    )}), heap used ${mb(memory.heapUsed)}, external ${mb(memory.external)}`,
  );
  await backend.stop();
  sim.child.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
