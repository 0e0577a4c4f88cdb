import { failuresOf, formatReport, ScenarioResult } from './report';

const result = (overrides: Partial<ScenarioResult>): ScenarioResult => ({
  scenario: 'hub errors 1%',
  launches: 4,
  succeeded: 4,
  orphans: 0,
  namedLeftovers: 0,
  duplicates: 0,
  mustSucceed: true,
  problems: [],
  seconds: 12.34,
  ...overrides,
});

describe('the fault suite report', () => {
  it('passes only when nothing is left, doubled or failing where it must succeed', () => {
    expect(failuresOf([result({})])).toEqual([]);
    expect(
      failuresOf([
        result({ orphans: 6 }),
        result({ scenario: 'lost answers 5%', duplicates: 1 }),
        result({ scenario: 'hub errors 5%', succeeded: 3 }),
        result({ scenario: 'killed CLI', problems: ['relaunch exited 0'] }),
      ]),
    ).toEqual([
      'hub errors 1%: 6 orphaned objects',
      'lost answers 5%: 1 duplicate objects',
      'hub errors 5%: 1 of 4 launches failed',
      'killed CLI: relaunch exited 0',
    ]);
    // A launch that may fail may fail, as long as it leaves nothing its error does not name.
    expect(
      failuresOf([
        result({ mustSucceed: false, succeeded: 0, namedLeftovers: 3 }),
      ]),
    ).toEqual([]);
  });

  it('prints one aligned row per scenario', () => {
    expect(
      formatReport([
        result({}),
        result({ scenario: 'CLI killed mid-launch', launches: 3, seconds: 4 }),
      ]).split('\n'),
    ).toEqual([
      'scenario               launches  succeeded  orphans  left, named  duplicates  problems    time',
      '---------------------  --------  ---------  -------  -----------  ----------  --------  ------',
      'hub errors 1%                 4          4        0            0           0         0  12.3 s',
      'CLI killed mid-launch         3          4        0            0           0         0   4.0 s',
    ]);
  });
});
