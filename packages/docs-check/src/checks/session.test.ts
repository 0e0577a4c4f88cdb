import { probeBlock } from './__testUtils__/probeBlock';
import { shellCommands } from './session';

describe('shell commands of a block', () => {
  it('join continuations, drop comments, expand variables and refuse pipes', () => {
    const commands = shellCommands(
      probeBlock(
        'sh ocm-fl',
        '# a comment\nyarn ocm-fl status \\\n  job --token "$T"  # why\n',
      ),
      { T: 'secret' },
    );
    expect(commands).toEqual([
      {
        line: 3,
        env: {},
        words: ['yarn', 'ocm-fl', 'status', 'job', '--token', 'secret'],
      },
    ]);
    expect(() =>
      shellCommands(probeBlock('sh ocm-fl', 'ocm-fl status $UNSET\n')),
    ).toThrow('$UNSET is not set by the page');
    expect(() =>
      shellCommands(probeBlock('sh repo', 'yarn tsc | tee log\n')),
    ).toThrow('use one plain command per line');
  });
});
