import { HubHealth, overallHubStatus } from './health';

const hub = (name: string, state: HubHealth['state']): HubHealth => ({
  name,
  url: `https://${name}.example:6443`,
  state,
});

describe('overallHubStatus', () => {
  it('is ok when every hub answers', () => {
    expect(overallHubStatus([hub('a', 'ok'), hub('b', 'ok')])).toBe('ok');
  });

  it.each(['unreachable', 'unauthorized', 'error', 'unknown'] as const)(
    'is degraded when one hub is %s',
    state => {
      expect(overallHubStatus([hub('a', 'ok'), hub('b', state)])).toBe(
        'degraded',
      );
    },
  );

  it('is degraded when no hub is configured', () => {
    expect(overallHubStatus([])).toBe('degraded');
  });
});
