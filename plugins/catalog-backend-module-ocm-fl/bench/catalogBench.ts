/* eslint-disable no-console */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createBackend } from '@backstage/backend-defaults';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  CatalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { spawnHubSimulator } from '@ocm-fl/hub-simulator/testing';
import { stringify } from 'yaml';

/**
 * The cluster provider at scale: a simulated hub of N clusters (5,000 by default, in a child
 * process), the ocm-fl backend plugin and this module in one backend, and a stand-in catalog
 * that records each mutation applied to the providers' connection. Prints the time from the
 * provider's start (the catalog connecting it) until all N cluster entities are applied, and
 * from a label change on one cluster until a delta mutation holds its entity with the label.
 * Asserts nothing. Usage: yarn workspace @ocm-fl/backstage-plugin-catalog-backend-module-ocm-fl
 * bench [clusters]
 */
const clusters = Number(process.argv[2] ?? 5000);
// The figures, not every request, on the console.
process.env.LOG_LEVEL ??= 'warn';
const CHANGES = 10;
const started = performance.now();
const since = (from: number) =>
  `${((performance.now() - from) / 1000).toFixed(2)} s`;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor((p / 100) * values.length))
  ];

/** Mutations as the catalog would receive them, with when each arrived. */
interface Recorded {
  at: number;
  mutation: EntityProviderMutation;
}

/** Stands in for the catalog backend: connects the providers and records their mutations. */
function standInCatalog(
  recorded: Recorded[],
  connectedAt: (at: number) => void,
) {
  const providers: EntityProvider[] = [];
  return createBackendPlugin({
    pluginId: 'catalog',
    register(env) {
      env.registerExtensionPoint(catalogProcessingExtensionPoint, {
        addEntityProvider: (
          ...added: Array<EntityProvider | EntityProvider[]>
        ) => providers.push(...added.flat()),
      } as Partial<CatalogProcessingExtensionPoint> as CatalogProcessingExtensionPoint);
      env.registerInit({
        deps: {},
        async init() {
          connectedAt(performance.now());
          for (const provider of providers) {
            if (provider.getProviderName() !== 'ocm-fl-clusters') continue;
            await provider.connect({
              applyMutation: async mutation => {
                recorded.push({ at: performance.now(), mutation });
              },
              refresh: async () => {},
            });
          }
        },
      });
    },
  });
}

async function until<T>(
  what: string,
  fn: () => T | undefined,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocm-fl-catalog-bench-'));
  console.log(`Seeding the simulator with ${clusters} clusters ...`);
  const sim = await spawnHubSimulator({ dir, scenario: `scale:${clusters}` });
  console.log(`  simulator up after ${since(started)}`);
  const hub = sim.kc.getCurrentCluster()!;
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'app-config.yaml'),
    stringify({
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { port, host: '127.0.0.1' },
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      ocmFl: {
        hubs: [
          {
            name: 'bench',
            url: hub.server,
            serviceAccountToken: 'dev-hub-token',
            caData: hub.caData,
          },
        ],
        catalog: { models: { enabled: false } },
      },
    }),
  );
  process.argv.push('--config', path.join(dir, 'app-config.yaml'));

  const recorded: Recorded[] = [];
  let connected = 0;
  const backend = createBackend();
  backend.add(import('@ocm-fl/backstage-plugin-ocm-fl-backend'));
  backend.add(import('../src'));
  backend.add(standInCatalog(recorded, at => (connected = at)));
  const backendStarted = performance.now();
  await backend.start();
  const backendReady = performance.now();

  const ingested = await until(
    'every cluster entity',
    () =>
      recorded.find(
        r =>
          r.mutation.type === 'full' && r.mutation.entities.length === clusters,
      ),
    10 * 60_000,
  );
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `\nIngest: all ${clusters} cluster entities applied ${seconds(
      ingested.at - connected,
    )} after the provider's start (target 10 s); the backend started in ${seconds(
      backendReady - backendStarted,
    )} (loading its TypeScript sources, connecting the provider after ${seconds(
      connected - backendStarted,
    )})`,
  );

  // One label change at a time, each on another cluster.
  const hubApi = sim.kc.makeApiClient(CustomObjectsApi);
  const changeTimes: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const name = `cluster-${String((i * 487) % clusters).padStart(5, '0')}`;
    const before = recorded.length;
    const changeStarted = performance.now();
    await hubApi.patchClusterCustomObject(
      {
        group: 'cluster.open-cluster-management.io',
        version: 'v1',
        plural: 'managedclusters',
        name,
        body: { metadata: { labels: { 'bench-change': String(i) } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const delta = await until(
      `the delta of ${name}`,
      () =>
        recorded
          .slice(before)
          .find(
            r =>
              r.mutation.type === 'delta' &&
              r.mutation.added.some(
                a =>
                  a.entity.metadata.name === name &&
                  a.entity.metadata.labels?.['bench-change'] === String(i),
              ),
          ),
      30_000,
    );
    changeTimes.push(delta.at - changeStarted);
    const sizes =
      delta.mutation.type === 'delta' ? delta.mutation.added.length : 0;
    if (sizes !== 1)
      console.log(`  (the delta of ${name} held ${sizes} entities)`);
  }
  const full = recorded.filter(r => r.mutation.type === 'full').length;
  console.log(
    `Label change to its entity in a delta mutation (${CHANGES} changes): p50 ${(
      percentile(changeTimes, 50) / 1000
    ).toFixed(2)} s, max ${(Math.max(...changeTimes) / 1000).toFixed(
      2,
    )} s; target 2 s\nMutations: ${full} full, ${recorded.length - full} delta`,
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
