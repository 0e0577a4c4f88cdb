import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { HubCache } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import {
  eventually,
  startTestHub,
  testJobSpec,
} from '@ocm-fl/hub-simulator/testing';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { TEST_JOB_NAMESPACE, testLauncher } from '../__testUtils__/testBackend';
import { LineageStore } from '../lineage/LineageStore';
import { JobLifecycle } from './JobLifecycle';

/**
 * A pass of the lifecycle task ends at its abort signal (the scheduler's timeout, or the
 * backend shutting down), so that the replica the scheduler hands the task to next never
 * works beside it; the next pass takes up what it left.
 */
describe('JobLifecycle passes', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });
  let sim: HubSimulator;
  let cache: HubCache;

  afterEach(async () => {
    await cache?.stop();
    await sim?.close();
  });

  it('stop at an aborted signal and leave the rest to the next pass', async () => {
    let kubeConfig;
    ({ sim, kubeConfig } = await startTestHub());
    const launcher = testLauncher(kubeConfig);
    await launcher.launch(testJobSpec('mnist'));
    cache = new HubCache({ kubeConfig, namespace: TEST_JOB_NAMESPACE });
    await cache.start();
    await eventually(() =>
      cache.jobNames().includes('mnist') ? true : undefined,
    );
    const knex = await databases.init('SQLITE_3');
    const database: DatabaseService = { getClient: async () => knex };
    const store = await LineageStore.create(database);
    const lifecycle = new JobLifecycle({
      hubs: [{ name: 'sim', cache, launcher }],
      store,
      logger: mockServices.logger.mock(),
    });

    const timedOut = new AbortController();
    timedOut.abort();
    await lifecycle.runOnce(timedOut.signal);
    expect(await store.jobsOnHub('sim')).toEqual([]);

    await lifecycle.runOnce(new AbortController().signal);
    expect((await store.jobsOnHub('sim')).map(r => r.name)).toEqual(['mnist']);
  });
});
