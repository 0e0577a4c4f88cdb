import { hubObjectsSummary } from './HubObjects';

describe('hubObjectsSummary', () => {
  it('counts the objects of each kind, in the order they come', () => {
    expect(
      hubObjectsSummary([
        { kind: 'Placement' },
        { kind: 'ManifestWork' },
        { kind: 'ManifestWork' },
        { kind: 'Secret' },
        { kind: 'ManifestWork' },
      ]),
    ).toBe('1 Placement, 3 ManifestWorks, 1 Secret');
  });

  it('names objects it cannot read a kind from instead of dropping them', () => {
    expect(hubObjectsSummary([{ kind: 'Placement' }, 'text', null])).toBe(
      '1 Placement, 2 without a kind',
    );
  });
});
