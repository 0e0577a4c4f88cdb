import { mockServices } from '@backstage/backend-test-utils';
import {
  eventually,
  startTestHub,
  TEST_TOKEN,
} from '@ocm-fl/hub-simulator/testing';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { HubCache } from '../cache/HubCache';
import { HubHealthMonitor } from './HubHealthMonitor';
import { kubeConfigForHub } from './kubeConfigForHub';

describe('hub health through an outage of the hub simulator', () => {
  const sims: HubSimulator[] = [];
  let monitor: HubHealthMonitor | undefined;
  let cache: HubCache | undefined;
  afterEach(async () => {
    monitor?.stop();
    await cache?.stop();
    await Promise.all(sims.map(s => s.close().catch(() => undefined)));
  });

  it('shows a hub that stops within 5 s, and shows it back within 5 s of its return', async () => {
    const first = await startTestHub();
    sims.push(first.sim);
    // The hub that comes back on the same address has a certificate of its own.
    const hub = {
      name: 'sim',
      url: first.sim.url,
      serviceAccountToken: TEST_TOKEN,
      skipTLSVerify: true,
    };
    // The backend's defaults: probe interval, and the cache's own backoff.
    monitor = new HubHealthMonitor([hub], mockServices.logger.mock());
    cache = new HubCache({
      kubeConfig: kubeConfigForHub(hub),
      namespace: 'federated-learning',
    });
    monitor.follow(cache);
    await cache.start();
    await monitor.start();
    expect(monitor.current()[0].state).toBe('ok');

    const stopped = Date.now();
    await first.sim.close();
    await eventually(
      () => (monitor!.current()[0].state === 'unreachable' ? true : undefined),
      5000,
    );
    expect(Date.now() - stopped).toBeLessThan(5000);

    const second = await startTestHub({ port: first.sim.port });
    sims.push(second.sim);
    const back = Date.now();
    await eventually(
      () => (monitor!.current()[0].state === 'ok' ? true : undefined),
      5000,
    );
    expect(Date.now() - back).toBeLessThan(5000);
  });
});
