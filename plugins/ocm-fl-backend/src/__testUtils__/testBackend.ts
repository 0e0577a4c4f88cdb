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
  createHubS3Secret,
  eventually,
  ocmFlTestConfig,
  startTestHub,
  startTestS3,
} from '@ocm-fl/hub-simulator/testing';
import type { Knex } from 'knex';
import request from 'supertest';
import { ocmFlPlugin } from '../plugin';

/** The hub namespace the backend's tests launch their jobs in (the config's default). */
export const TEST_JOB_NAMESPACE = 'federated-learning';

/** A value of the test backend's root configuration (JSON). */
type ConfigValue = NonNullable<
  NonNullable<Parameters<typeof mockServices.rootConfig.factory>[0]>['data']
>[string];

/**
 * Where the backend's `ocmFl` section comes from: one hub simulator, as its hub `sim`, with
 * `ocmFlTestConfig`'s options (the S3 server, `lifecycle`, any other key); or, for hubs of
 * another kind (down, several), the whole section.
 */
export type TestBackendHubs =
  | {
      sim: Pick<HubSimulator, 'url' | 'caPem'>;
      ocmFl?: Parameters<typeof ocmFlTestConfig>[1];
    }
  | { sim?: undefined; ocmFl: ConfigValue };

export type TestBackendOptions = TestBackendHubs & {
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
};

/** The ocm-fl backend plugin in a test backend; its HTTP server. */
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
          ocmFl: options.sim
            ? ocmFlTestConfig(options.sim, options.ocmFl)
            : options.ocmFl,
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

export type TestS3 = Awaited<ReturnType<typeof startTestS3>>;

export interface HubAndBackend {
  sim: HubSimulator;
  kubeConfig: KubeConfig;
  server: Awaited<ReturnType<typeof startOcmFlTestBackend>>;
  /** The S3 server of the models, when the suite asked for one. */
  s3?: TestS3;
}

export interface HubAndBackendOptions {
  /** Simulator options beyond quick rounds, e.g. a slower uploader (`flRuntime`). */
  hub?: Partial<HubSimulatorOptions>;
  /**
   * Models in an S3 server (s3rver) under `prefix`, as the storage location the backend and
   * `testStorageLocation(s3, prefix)` share, with its credentials Secret on the hub;
   * `settings` are more keys of `ocmFl.storage.s3`.
   */
  s3?: { prefix: string; settings?: Record<string, unknown> };
}

/**
 * For each test of the calling suite: a test hub with quick rounds, and a backend on a fresh
 * database `id` that follows it as deployed (the real scheduler, a lifecycle pass a second),
 * its cache synced. The hub, and the S3 server if any, close after each test.
 */
export function eachTestWithHubAndBackend(
  databases: TestDatabases,
  id: TestDatabaseId,
  options: HubAndBackendOptions & Required<Pick<HubAndBackendOptions, 's3'>>,
): () => HubAndBackend & { s3: TestS3 };
export function eachTestWithHubAndBackend(
  databases: TestDatabases,
  id: TestDatabaseId,
  options?: HubAndBackendOptions,
): () => HubAndBackend;
export function eachTestWithHubAndBackend(
  databases: TestDatabases,
  id: TestDatabaseId,
  options: HubAndBackendOptions = {},
): () => HubAndBackend {
  let current: HubAndBackend | undefined;
  const toClose: Array<{ close(): Promise<unknown> }> = [];
  beforeEach(async () => {
    const { sim, kubeConfig } = await startTestHub({
      flRuntime: { roundDurationMs: 30, clientWaitMs: 2000 },
      ...options.hub,
    });
    toClose.push(sim);
    const s3 = options.s3 && (await startTestS3());
    if (s3) {
      toClose.push(s3);
      await createHubS3Secret(kubeConfig);
    }
    const server = await startOcmFlTestBackend({
      sim,
      knex: await databases.init(id),
      realScheduler: true,
      ocmFl: {
        lifecycle: { intervalSeconds: 1 },
        ...(s3 && {
          s3: { ...s3, prefix: options.s3!.prefix },
          s3Settings: options.s3!.settings,
        }),
      },
    });
    await untilHubSynced(server);
    current = { sim, kubeConfig, server, s3 };
  });
  afterEach(async () => {
    current = undefined;
    for (const service of toClose.splice(0)) await service.close();
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
