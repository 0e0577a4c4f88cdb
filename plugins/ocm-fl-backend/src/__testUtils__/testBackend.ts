import type { BackendFeature } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ModelStorageLocation } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { JobLauncher } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import type { HubSimulator, HubSimulatorOptions } from '@ocm-fl/hub-simulator';
import {
  eventually,
  ocmFlTestConfig,
  startTestHub,
} from '@ocm-fl/hub-simulator/testing';
import type { Knex } from 'knex';
import request from 'supertest';
import { ocmFlPlugin } from '../plugin';

/** The hub namespace the backend's tests launch their jobs in (the config's default). */
export const TEST_JOB_NAMESPACE = 'federated-learning';

export interface TestBackendOptions {
  /** The hub the backend follows, as its hub `sim`. */
  sim: Pick<HubSimulator, 'url' | 'caPem'>;
  /** `ocmFlTestConfig`'s options: the S3 server, `lifecycle`, any other `ocmFl` key. */
  ocmFl?: Parameters<typeof ocmFlTestConfig>[1];
  /** Root configuration beside `ocmFl`, e.g. `backend.database` or `events`. */
  config?: Record<string, unknown>;
  /** A fresh database of the kind under test (`TestDatabases.init`); else the config's. */
  knex?: Knex;
  /**
   * The real scheduler, which runs the lifecycle task on its interval as deployed. Without
   * it, backend-test-utils' mock runs the task at start and when a hub change triggers it.
   */
  realScheduler?: boolean;
  /** More features: services that replace the defaults, other plugins. */
  features?: BackendFeature[];
}

/** The ocm-fl backend plugin in a test backend, following a hub simulator; its HTTP server. */
export async function startOcmFlTestBackend(options: TestBackendOptions) {
  const { server } = await startTestBackend({
    features: [
      ocmFlPlugin,
      ...(options.realScheduler ? [schedulerServiceFactory] : []),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          ocmFl: ocmFlTestConfig(options.sim, options.ocmFl),
        },
      }),
      ...(options.features ?? []),
    ],
  });
  return server;
}

/** Waits until the backend's cache of the hub `sim` has listed every kind once. */
export async function untilHubSynced(server: Parameters<typeof request>[0]) {
  await eventually(async () => {
    const res = await request(server).get('/api/ocm-fl/clusters');
    return res.body.hubs?.sim?.synced ? true : undefined;
  });
}

export interface HubAndBackend {
  sim: HubSimulator;
  kubeConfig: KubeConfig;
  server: Awaited<ReturnType<typeof startOcmFlTestBackend>>;
}

/**
 * For each test of the calling suite: a test hub with quick rounds, and a backend on a fresh
 * database `id` that follows it as deployed (the real scheduler, a lifecycle pass a second),
 * its cache synced. The hub closes after each test.
 */
export function eachTestWithHubAndBackend(
  databases: TestDatabases,
  id: TestDatabaseId,
  hubOptions: Partial<HubSimulatorOptions> = {},
): () => HubAndBackend {
  let current: HubAndBackend | undefined;
  beforeEach(async () => {
    const { sim, kubeConfig } = await startTestHub({
      flRuntime: { roundDurationMs: 30, clientWaitMs: 2000 },
      ...hubOptions,
    });
    const server = await startOcmFlTestBackend({
      sim,
      knex: await databases.init(id),
      realScheduler: true,
      ocmFl: { lifecycle: { intervalSeconds: 1 } },
    });
    current = { sim, kubeConfig, server };
    await untilHubSynced(server);
  });
  afterEach(async () => {
    await current?.sim.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('the hub and backend start in beforeEach');
    return current;
  };
}

/** A launcher on the test hub that polls quickly, with these model storage locations. */
export function testLauncher(
  kubeConfig: KubeConfig,
  storageLocations: ModelStorageLocation[] = [],
) {
  return new JobLauncher({
    kubeConfig,
    namespace: TEST_JOB_NAMESPACE,
    storageLocations,
    waits: { pollMs: 20 },
  });
}
