import { mockServices } from '@backstage/backend-test-utils';
import { HubHealthMonitor } from './HubHealthMonitor';
import { probeHub } from './probeHub';

jest.mock('./probeHub');

describe('HubHealthMonitor', () => {
  it('warns at start about an insecure hub and keeps saying so in its health', async () => {
    jest.mocked(probeHub).mockImplementation(async hub => ({
      name: hub.name,
      url: hub.url,
      state: 'ok',
      checkedAt: new Date().toISOString(),
    }));
    const logger = mockServices.logger.mock();
    const monitor = new HubHealthMonitor(
      [
        { name: 'lab', url: 'http://lab.example:6443' },
        { name: 'prod', url: 'https://hub.example:6443', caData: 'Q0E=' },
      ],
      logger,
      { intervalMs: 60_000, timeoutMs: 1000 },
    );
    expect(monitor.current()[0].warnings).toEqual([
      expect.stringMatching(/^plain HTTP/),
    ]);

    await monitor.start();
    monitor.stop();

    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/^OCM hub lab: plain HTTP/),
    );
    const [lab, prod] = monitor.current();
    expect(lab).toMatchObject({
      state: 'ok',
      warnings: [expect.stringMatching(/^plain HTTP/)],
    });
    expect(prod.warnings).toBeUndefined();
  });
});
